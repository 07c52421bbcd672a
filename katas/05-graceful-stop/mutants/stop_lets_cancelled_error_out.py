"""Awaits the cancelled task without catching: its CancelledError escapes instead of True.

fails: stop-true-when-cancelled
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
    await task
    return False
