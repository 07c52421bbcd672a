"""Each task appends its value to a shared list: values come back in completion order.

fails: values-in-input-order
"""

import asyncio


async def fetch_all_or_nothing(fetch, names):
    values = []

    async def fetch_one(name):
        values.append(await fetch(name))

    async with asyncio.TaskGroup() as group:
        for name in names:
            group.create_task(fetch_one(name))
    return values
