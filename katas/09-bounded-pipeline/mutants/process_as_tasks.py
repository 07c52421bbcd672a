"""Workers start each process() call as a task and move on: no limit on calls in flight.

fails: free-worker-takes-next-item, never-more-than-workers, source-read-only-as-needed
"""

import asyncio


async def run_pipeline(source, process, workers, maxsize):
    queue = asyncio.Queue(maxsize)
    calls = []

    async def produce():
        async for item in source:
            await queue.put(item)
        for _ in range(workers):
            await queue.put(None)

    async def work():
        while (item := await queue.get()) is not None:
            calls.append(asyncio.create_task(process(item)))

    tasks = [asyncio.create_task(produce())]
    tasks += [asyncio.create_task(work()) for _ in range(workers)]
    try:
        await asyncio.gather(*tasks)
        return list(await asyncio.gather(*calls))
    finally:
        for task in tasks + calls:
            task.cancel()
        await asyncio.gather(*tasks, *calls, return_exceptions=True)
