"""Calls asyncio.sleep(0) without await to "yield": the coroutine is never awaited.

fails: cleanup-loop-kept-free, stop-loop-kept-free
"""

import asyncio


async def run_with_cleanup(step, resource):
    try:
        while True:
            await step()
            asyncio.sleep(0)
    finally:
        await resource.close()


async def stop(task):
    task.cancel()
    asyncio.sleep(0)
    await asyncio.wait([task])
    return task.cancelled()
