"""Collects the values with as_completed, so they come back in completion order.

fails: values-in-input-order
"""

import asyncio


async def fetch_all_limited(fetch, names, limit):
    if limit < 1:
        raise ValueError("limit must be at least 1")
    slots = asyncio.Semaphore(limit)

    async def fetch_one(name):
        async with slots:
            return await fetch(name)

    tasks = [asyncio.create_task(fetch_one(name)) for name in names]
    return [await done for done in asyncio.as_completed(tasks)]
