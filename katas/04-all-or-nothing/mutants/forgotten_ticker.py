"""Starts a progress ticker task and forgets to cancel it before returning or raising.

fails: nothing-left-pending
"""

import asyncio


async def _tick():
    while True:
        await asyncio.sleep(0.05)


async def fetch_all_or_nothing(fetch, names):
    asyncio.create_task(_tick())
    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(fetch(name)) for name in names]
    return [task.result() for task in tasks]
