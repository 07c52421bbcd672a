"""Kata 05 - reference solution."""

import asyncio


async def run_with_cleanup(step, resource) -> None:
    try:
        while True:
            await step()
    finally:
        await resource.close()


async def stop(task: asyncio.Task) -> bool:
    task.cancel()
    # asyncio.wait never raises the task's outcome, only our own cancellation.
    await asyncio.wait([task])
    return task.cancelled()
