"""On stop, cancels the services and waits for every cleanup however long it takes: no grace.

fails: cleanup-bounded-by-grace
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
                for other in running:
                    other.cancel()
                await asyncio.gather(stop_waiter, *running, return_exceptions=True)
                raise ExceptionGroup(f"{name} gave up", failures[name])
            running[asyncio.create_task(services[name]())] = name
    for task in running:
        task.cancel()
    await asyncio.gather(*running, return_exceptions=True)
    return {name: len(failed) for name, failed in failures.items()}
