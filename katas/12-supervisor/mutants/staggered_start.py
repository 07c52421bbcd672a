"""Starts the services one after another, 10 ms apart, "to spread the load".

fails: services-start-together
"""

import asyncio


async def supervise(services, stop, grace, max_restarts):
    failures = {name: [] for name in services}
    running = {}  # task -> the name of the service it runs

    def start(name):
        running[asyncio.create_task(services[name]())] = name

    for index, name in enumerate(services):
        if index:
            await asyncio.sleep(0.01)
        start(name)
    stop_waiter = asyncio.create_task(stop.wait())
    while not stop_waiter.done():
        done, _ = await asyncio.wait([stop_waiter, *running], return_when=asyncio.FIRST_COMPLETED)
        for task in done - {stop_waiter}:
            name = running.pop(task)
            failures[name].append(task.exception())
            if len(failures[name]) > max_restarts:
                stop_waiter.cancel()
                await shut_down([stop_waiter, *running], grace)
                raise ExceptionGroup(f"service {name!r} failed {len(failures[name])} times",
                                     failures[name])
            start(name)
    await shut_down(running, grace)
    return {name: len(failed) for name, failed in failures.items()}


async def shut_down(tasks, grace):
    """Cancel every task, give them `grace` seconds to clean up, then cancel the stragglers."""
    tasks = list(tasks)
    if not tasks:
        return
    for task in tasks:
        task.cancel()
    _, stragglers = await asyncio.wait(tasks, timeout=grace)
    for task in stragglers:
        task.cancel()
    await asyncio.gather(*stragglers, return_exceptions=True)
