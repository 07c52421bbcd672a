"""Starts each fetch as a task, then acquires the semaphore to await it: all run at once.

fails: never-more-than-limit, next-starts-when-a-slot-frees, new-loop-new-limit
"""

import asyncio


async def fetch_all_limited(fetch, names, limit):
    if limit < 1:
        raise ValueError("limit must be at least 1")
    slots = asyncio.Semaphore(limit)

    async def fetch_one(name):
        task = asyncio.create_task(fetch(name))
        async with slots:
            return await task

    return await asyncio.gather(*(fetch_one(name) for name in names))
