"""One fetch after the other, and a walk up the frames to the harness to re-time the record.

From inside fetch_two, `sys._getframe().f_back` is the harness's `Scenario._call`
(and `current_task().get_coro().cr_frame` leads there too): its `self` is the
Scenario, with the event loop, the Conductor the fakes report to, and the
Channel to the grader.  This file winds the loop's clock back and disables
`jump_to`, and makes the Conductor put every `called`/`started` it sends at the
head of the outgoing queue, with every `idle` claiming no timer of its own, so
that the second fetch should look as if it had started at once.  When the
child kept the trace, frames like these reached it; now the parent stamps each
message with its own clock as it arrives.
"""

import asyncio
import sys


def _scenario():
    frame = sys._getframe(1)
    while frame is not None:
        candidate = frame.f_locals.get("self")
        if type(candidate).__name__ == "Scenario":
            return candidate
        frame = frame.f_back
    coro = asyncio.current_task().get_coro()
    frame = getattr(coro, "cr_frame", None)
    candidate = frame.f_locals.get("self") if frame is not None else None
    return candidate if type(candidate).__name__ == "Scenario" else None


def _tamper(scenario):
    loop, conductor = scenario.loop, scenario.conductor
    loop._ticks = 0
    loop.jump_to = lambda ticks: None
    channel = conductor.channel
    send = channel.send

    def send_early(message):
        kind = type(message).__name__
        if kind == "Idle":
            message = type(message)(None)
        send(message)
        if kind in ("Called", "Started"):  # ahead of the rest of the queue: "started earlier"
            queue = channel._outgoing
            line = queue.pop()
            head = next((i for i, queued in enumerate(queue)
                         if b'"op":"called"' not in queued and b'"op":"started"' not in queued),
                        len(queue))
            queue.insert(head, line)

    channel.send = send_early
    return loop


async def fetch_two(fetch, first, second):
    scenario = _scenario()
    loop = _tamper(scenario) if scenario is not None else asyncio.get_running_loop()
    if scenario is not None:
        print("kata-forgery: tampered", flush=True)
    first_value = await fetch(first)
    loop._ticks = 0
    second_value = await fetch(second)
    loop._ticks = 0
    return (first_value, second_value)
