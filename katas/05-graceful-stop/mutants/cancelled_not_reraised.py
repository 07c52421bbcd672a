"""Catches CancelledError, closes, and forgets to re-raise: the cancelled run returns None.

fails: cancelled-run-ends-cancelled
"""

import asyncio


async def run_with_cleanup(step, resource):
    try:
        while True:
            await step()
    except asyncio.CancelledError:
        await resource.close()
    except Exception:
        await resource.close()
        raise


async def stop(task):
    task.cancel()
    await asyncio.wait([task])
    return task.cancelled()
