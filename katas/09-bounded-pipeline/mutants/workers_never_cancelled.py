"""Returns (or raises) without cancelling the workers, left waiting on queue.get() forever.

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
        await queue.join()

    async def work():
        while True:
            index, item = await queue.get()
            try:
                results[index] = await process(item)
            finally:
                queue.task_done()

    producer = asyncio.create_task(produce())
    crew = [asyncio.create_task(work()) for _ in range(workers)]
    done, _ = await asyncio.wait([producer, *crew], return_when=asyncio.FIRST_COMPLETED)
    for task in done:
        task.result()
    return [results[index] for index in range(len(results))]
