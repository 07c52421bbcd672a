"""Uses a TaskGroup, then unwraps the group and re-raises its first exception by itself.

fails: failure-raises-a-group, simultaneous-failures-both-in-group
"""

import asyncio


async def fetch_all_or_nothing(fetch, names):
    try:
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(fetch(name)) for name in names]
    except ExceptionGroup as failed:
        raise failed.exceptions[0] from None
    return [task.result() for task in tasks]
