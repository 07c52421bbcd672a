"""Waits properly, then returns task.done() ("it has stopped"), not whether it ended cancelled.

fails: stop-false-when-already-returned, stop-false-when-swallowed
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
    await asyncio.wait([task])
    return task.done()
