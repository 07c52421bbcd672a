"""Restarts a failed service every time, however often it fails: it never gives up.

fails: exhaustion-raises-every-failure, others-cancelled-on-exhaustion
"""

import asyncio


async def supervise(services, stop, grace, max_restarts):
    restarts = {name: 0 for name in services}
    running = {asyncio.create_task(services[name]()): name for name in services}
    stop_waiter = asyncio.create_task(stop.wait())
    while not stop_waiter.done():
        done, _ = await asyncio.wait([stop_waiter, *running], return_when=asyncio.FIRST_COMPLETED)
        for task in done - {stop_waiter}:
            name = running.pop(task)
            restarts[name] += 1
            running[asyncio.create_task(services[name]())] = name
    for task in running:
        task.cancel()
    _, stragglers = await asyncio.wait(running, timeout=grace)
    for task in stragglers:
        task.cancel()
    await asyncio.gather(*stragglers, return_exceptions=True)
    return restarts
