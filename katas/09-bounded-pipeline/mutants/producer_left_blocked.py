"""On a failure, cancels the workers but forgets the producer, blocked on a full queue.

fails: nothing-left-pending
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

    producer = asyncio.create_task(produce())
    crew = [asyncio.create_task(work()) for _ in range(workers)]
    try:
        await asyncio.gather(producer, *crew)
    except Exception:
        for task in crew:
            task.cancel()
        await asyncio.gather(*crew, return_exceptions=True)
        raise
    return [results[index] for index in range(len(results))]
