"""Creates asyncio.Queue() without maxsize: put() never waits, the producer reads everything.

fails: source-read-only-as-needed
"""

import asyncio


async def run_pipeline(source, process, workers, maxsize):
    queue = asyncio.Queue()
    results = {}

    async def produce():
        index = 0
        async for item in source:
            await queue.put((index, item))
            index += 1
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
