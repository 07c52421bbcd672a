"""Calls resource.close() in finally without await: the coroutine never runs.

fails: closed-once-before-end, step-error-closes-and-propagates, close-awaited, cleanup-loop-kept-free
"""

import asyncio


async def run_with_cleanup(step, resource):
    try:
        while True:
            await step()
    finally:
        resource.close()


async def stop(task):
    task.cancel()
    await asyncio.wait([task])
    return task.cancelled()
