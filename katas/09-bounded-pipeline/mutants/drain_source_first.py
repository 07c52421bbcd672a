"""Reads the whole source into a list before the pipeline starts.

fails: source-read-only-as-needed
"""

import asyncio


async def run_pipeline(source, process, workers, maxsize):
    items = [item async for item in source]
    queue = asyncio.Queue(maxsize)
    results = {}

    async def produce():
        for index, item in enumerate(items):
            await queue.put((index, item))
        for _ in range(workers):
            await queue.put(None)

    async def work():
        while (job := await queue.get()) is not None:
            index, item = job
            results[index] = await process(item)

    tasks = [asyncio.create_task(produce())]
    tasks += [asyncio.create_task(work()) for _ in range(workers)]
    try:
        await asyncio.gather(*tasks)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    return [results[index] for index in range(len(results))]
