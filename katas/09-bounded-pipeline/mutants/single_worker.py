"""Starts one worker whatever `workers` says: the items are processed one after the other.

fails: free-worker-takes-next-item
"""

import asyncio


async def run_pipeline(source, process, workers, maxsize):
    queue = asyncio.Queue(maxsize)
    results = {}

    async def produce():
        index = 0
        async for item in source:
            await queue.put((index, item))
            index += 1
        await queue.put(None)

    async def work():
        while (job := await queue.get()) is not None:
            index, item = job
            results[index] = await process(item)

    tasks = [asyncio.create_task(produce()), asyncio.create_task(work())]
    try:
        await asyncio.gather(*tasks)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    return [results[index] for index in range(len(results))]
