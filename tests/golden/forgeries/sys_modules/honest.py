"""Starts close() as a task in finally and moves on: the run ends before close() has finished.

fails: closed-once-before-end, step-error-closes-and-propagates
"""

import asyncio

_closing = set()


async def run_with_cleanup(step, resource):
    try:
        while True:
            await step()
    finally:
        task = asyncio.create_task(resource.close())
        _closing.add(task)
        task.add_done_callback(_closing.discard)


async def stop(task):
    task.cancel()
    await asyncio.wait([task])
    return task.cancelled()
