"""Cancels and yields once, then returns True: stop() ends before the task's cleanup does.

fails: stop-false-when-swallowed, stop-cancelled-raises, stop-waits-for-cleanup
"""

import asyncio


async def run_with_cleanup(step, resource):
    try:
        while True:
            await step()
    finally:
        await resource.close()


async def stop(task):
    if task.done():
        return False
    task.cancel()
    await asyncio.sleep(0)  # "let it see the CancelledError"
    return True
