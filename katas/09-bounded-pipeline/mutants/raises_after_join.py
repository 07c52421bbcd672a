"""Finds the worker's exception only after queue.join(): the other workers carried on first.

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
            try:
                results[index] = await process(item)
            finally:
                queue.task_done()

    producer = asyncio.create_task(produce())
    crew = [asyncio.create_task(work()) for _ in range(workers)]
    await producer
    await queue.join()
    for task in crew:
        task.cancel()
    outcomes = await asyncio.gather(*crew, return_exceptions=True)
    for outcome in outcomes:
        if not isinstance(outcome, asyncio.CancelledError):
            raise outcome
    return [results[index] for index in range(len(results))]
