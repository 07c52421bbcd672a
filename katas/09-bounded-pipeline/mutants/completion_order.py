"""Appends each result as its process() call finishes: completion order, not source order.

fails: results-in-source-order
"""

import asyncio


async def run_pipeline(source, process, workers, maxsize):
    queue = asyncio.Queue(maxsize)
    results = []

    async def produce():
        async for item in source:
            await queue.put(item)
        for _ in range(workers):
            await queue.put(None)

    async def work():
        while (item := await queue.get()) is not None:
            results.append(await process(item))

    tasks = [asyncio.create_task(produce())]
    tasks += [asyncio.create_task(work()) for _ in range(workers)]
    try:
        await asyncio.gather(*tasks)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    return results
