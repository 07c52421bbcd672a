"""Calls time.sleep "to give the other side a moment": it freezes the whole event loop.

fails: cleanup-loop-kept-free, stop-loop-kept-free
"""

import asyncio
import time


async def run_with_cleanup(step, resource):
    try:
        while True:
            await step()
            time.sleep(0.001)
    finally:
        await resource.close()


async def stop(task):
    task.cancel()
    time.sleep(0.001)
    await asyncio.wait([task])
    return task.cancelled()
