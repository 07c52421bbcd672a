"""Runs the producer and workers in a TaskGroup: a failure arrives as an ExceptionGroup.

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
        for _ in range(workers):
            await queue.put(None)

    async def work():
        while (job := await queue.get()) is not None:
            index, item = job
            results[index] = await process(item)

    async with asyncio.TaskGroup() as group:
        group.create_task(produce())
        for _ in range(workers):
            group.create_task(work())
    return [results[index] for index in range(len(results))]
