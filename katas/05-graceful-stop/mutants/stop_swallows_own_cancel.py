"""Returns True on any CancelledError around `await task`, also stop()'s own cancellation.

fails: stop-cancelled-raises
"""

import asyncio


async def run_with_cleanup(step, resource):
    try:
        while True:
            await step()
    finally:
        await resource.close()


async def stop(task):
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        return True
    return False
