"""Calls asyncio.sleep(0) without await to "yield": the coroutine is never awaited.

fails: loop-kept-free
"""

import asyncio


async def fetch_all_limited(fetch, names, limit):
    if limit < 1:
        raise ValueError("limit must be at least 1")
    slots = asyncio.Semaphore(limit)

    async def fetch_one(name):
        async with slots:
            asyncio.sleep(0)
            return await fetch(name)

    return await asyncio.gather(*(fetch_one(name) for name in names))
