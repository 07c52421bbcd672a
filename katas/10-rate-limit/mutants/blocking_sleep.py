"""Calls time.sleep to "pace" the fetches: it freezes the whole event loop.

fails: loop-kept-free
"""

import asyncio
import time


async def fetch_all_limited(fetch, names, limit):
    if limit < 1:
        raise ValueError("limit must be at least 1")
    slots = asyncio.Semaphore(limit)

    async def fetch_one(name):
        async with slots:
            time.sleep(0.001)
            return await fetch(name)

    return await asyncio.gather(*(fetch_one(name) for name in names))
