"""On stop, cancels every service and returns at once, without waiting for their cleanup.

fails: all-cancelled-at-stop, stop-waits-for-cleanup, cleanup-bounded-by-grace, nothing-left-pending
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
                stop_waiter.cancel()
                for other in [stop_waiter, *running]:
                    other.cancel()
                await asyncio.gather(stop_waiter, *running, return_exceptions=True)
                raise ExceptionGroup(f"{name} gave up", failures[name])
            running[asyncio.create_task(services[name]())] = name
    for task in running:
        task.cancel()
    return {name: len(failed) for name, failed in failures.items()}
