"""Closes only in `except CancelledError:`: a failing step() leaves the resource open.

fails: step-error-closes-and-propagates
"""

import asyncio


async def run_with_cleanup(step, resource):
    try:
        while True:
            await step()
    except asyncio.CancelledError:
        await resource.close()
        raise


async def stop(task):
    task.cancel()
    await asyncio.wait([task])
    return task.cancelled()
