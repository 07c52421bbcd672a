"""Waits on queue.join(); a failed item never gets its task_done(), so join() hangs forever.

fails: failure-raises-that-exception
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

    async def work():
        while True:
            index, item = await queue.get()
            results[index] = await process(item)
            queue.task_done()

    producer = asyncio.create_task(produce())
    crew = [asyncio.create_task(work()) for _ in range(workers)]
    try:
        await producer
        await queue.join()
    finally:
        for task in [producer, *crew]:
            task.cancel()
        await asyncio.gather(producer, *crew, return_exceptions=True)
    return [results[index] for index in range(len(results))]
