"""The child's end of one scenario: stubs report here, and here time moves.

The parent keeps the clock and plays the fakes; this object is how the child
hears it.  Stubs announce what happens to their calls (`called`, `started`,
`cancelled`, `closed`, `freed`) and wait on a future per call that only the
parent's `Advance` resolves.  When the loop has nothing ready it calls `idle`,
which tells the parent how far away the loop's own next timer is and blocks
until the parent answers with the new time, the calls that complete, the
grader's actions and, when the loop is stuck or out of time, a stall.

Nothing here decides anything: every value, exception and instant comes from
the parent.  Once the scenario is over (`close`), late messages (a coroutine
closed by the garbage collector after the report) are dropped, so they can
never be read as part of the next scenario.
"""

from __future__ import annotations

import asyncio
import os
import weakref
from collections.abc import Callable
from typing import Any

from .. import wire
from .protocol import Channel


class Conductor:
    """Calls, futures and the exchange with the parent, for one scenario."""

    def __init__(self, channel: Channel, loop: Any) -> None:
        self.channel = channel
        self.loop = loop
        self.active = True
        self._calls = 0
        self._strong: dict[int, asyncio.Future[Any]] = {}
        self._weak: weakref.WeakValueDictionary[int, asyncio.Future[Any]] = \
            weakref.WeakValueDictionary()
        self.on_action: Callable[[wire.Action], None] = lambda action: None
        self.on_stall: Callable[[str], None] = lambda kind: None

    # -- stubs report -----------------------------------------------------------------
    def send(self, message: Any) -> None:
        if self.active:
            self.channel.send(message)

    def called(self, fake: str, key: str, at: dict[str, Any] | None) -> int:
        """A new call of `fake`; returns its number (calls count from 0 per scenario)."""
        call = self._calls
        self._calls += 1
        self.send(wire.Called(call, fake, key, _location(at)))
        return call

    def started(self, call: int) -> None:
        self.send(wire.Started(call))

    def closed(self, call: int) -> None:
        self.send(wire.Closed(call))

    def freed(self, call: int) -> None:
        self.send(wire.Freed(call))

    def reported(self, fake: str, key: str, value: Any, at: dict[str, Any] | None) -> None:
        self.send(wire.Reported(fake, key, value, _location(at)))

    def mark(self, key: str) -> None:
        self.send(wire.Mark(key))

    def busy(self, at: dict[str, Any] | None) -> None:
        """A step is burning CPU at `at`: tell the parent at once (the loop will not idle)."""
        if self.active:
            self.send(wire.Busy(_location(at)))
            self.channel.flush_now()

    def expect(self, call: int, *, weak: bool = False) -> asyncio.Future[Any]:
        """The future the parent resolves when `call` completes.  A weak one leaves the
        waiting task to whoever else references it, as a future nobody shares does."""
        future: asyncio.Future[Any] = self.loop.create_future()
        (self._weak if weak else self._strong)[call] = future
        return future

    # -- questions answered at once ------------------------------------------------------
    def cancelled(self, call: int) -> str:
        """The call saw CancelledError: "reraise" it now, or "cleanup" first."""
        self.send(wire.CancelledCall(call))
        return self._ask(wire.Reply).then or "reraise"

    def pull(self, fake: str) -> wire.Reply:
        self.send(wire.Pull(fake))
        reply: wire.Reply = self._ask(wire.Reply)
        return reply

    # -- time --------------------------------------------------------------------------
    def idle(self, timer: int | None) -> None:
        """Nothing is ready: tell the parent, then apply its Advance."""
        self.send(wire.Idle(timer))
        advance: wire.Advance = self._ask(wire.Advance)
        self.loop.jump_to(advance.now)
        for completion in advance.completions:
            future = self._strong.pop(completion.call, None) or self._weak.pop(
                completion.call, None)
            if future is not None and not future.done():
                future.set_result(completion)
        for action in advance.actions:
            self.on_action(action)
        if advance.stall is not None:
            self.on_stall(advance.stall)

    def _ask(self, kind: type) -> Any:
        """The parent's answer, which must be of `kind`.  Anything else means the
        exchange was knocked out of step (something wrote to the pipes behind the
        harness's back): this child cannot go on, and exits for a fresh one."""
        reply = self.channel.receive()
        if reply is None:  # the parent is gone: nobody is left to report to
            os._exit(0)
        if not isinstance(reply, kind):
            os._exit(wire.OUT_OF_STEP)
        return reply

    # -- the end ---------------------------------------------------------------------------
    def finish(self, message: wire.Finished) -> None:
        """Send the last message of the scenario; nothing of this one may follow it (not
        even a finalizer the garbage collector runs during the flush)."""
        self.send(message)
        self.close()
        self.channel.flush()

    def close(self) -> None:
        self.active = False
        self._strong.clear()
        self._weak.clear()


def _location(at: dict[str, Any] | None) -> wire.Location | None:
    """A student's line, found by `grader.child.where`, as the wire carries it."""
    return wire.Location(**at) if at else None
