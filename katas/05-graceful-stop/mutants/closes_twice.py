"""Closes in `except CancelledError:` and again in `finally:`: a cancelled run closes twice.

fails: closed-once-before-end
"""

import asyncio


async def run_with_cleanup(step, resource):
    try:
        while True:
            await step()
    except asyncio.CancelledError:
        await resource.close()
        raise
    finally:
        await resource.close()


async def stop(task):
    task.cancel()
    await asyncio.wait([task])
    return task.cancelled()
