"""Uses a TaskGroup: right on success, but a failure arrives as an ExceptionGroup.

fails: failure-raises-that-exception
"""

import asyncio


async def fetch_all(fetch, names):
    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(fetch(name)) for name in names]
    return [task.result() for task in tasks]
