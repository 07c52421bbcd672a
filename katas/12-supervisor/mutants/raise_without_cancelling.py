"""When a service gives up, raises the group at once and leaves the other services running.

fails: others-cancelled-on-exhaustion, nothing-left-pending
"""

import asyncio


async def supervise(services, stop, grace, max_restarts):
    failures = {name: [] for name in services}
    running = {asyncio.create_task(services[name]()): name for name in services}
    stop_waiter = asyncio.create_task(stop.wait())
    while not stop_waiter.done():
        done, _ = await asyncio.wait([stop_waiter, *running], return_when=asyncio.FIRST_COMPLETED)
        for task in done - {stop_waiter}:
            name = running.pop(task)
            failures[name].append(task.exception())
            if len(failures[name]) > max_restarts:
                raise ExceptionGroup(f"{name} gave up", failures[name])
            running[asyncio.create_task(services[name]())] = name
    for task in running:
        task.cancel()
    _, stragglers = await asyncio.wait(running, timeout=grace)
    for task in stragglers:
        task.cancel()
    await asyncio.gather(*stragglers, return_exceptions=True)
    return {name: len(failed) for name, failed in failures.items()}
