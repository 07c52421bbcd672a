"""Calls time.sleep "to let the tasks start": it freezes the whole event loop.

fails: loop-kept-free
"""

import asyncio
import time


async def fetch_all_or_nothing(fetch, names):
    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(fetch(name)) for name in names]
        time.sleep(0.01)
    return [task.result() for task in tasks]
