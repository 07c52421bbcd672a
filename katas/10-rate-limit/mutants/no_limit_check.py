"""Never checks `limit`: Semaphore(-1) raises ValueError, but Semaphore(0) waits forever.

fails: limit-below-one-raises
"""

import asyncio


async def fetch_all_limited(fetch, names, limit):
    slots = asyncio.Semaphore(limit)

    async def fetch_one(name):
        async with slots:
            return await fetch(name)

    return await asyncio.gather(*(fetch_one(name) for name in names))
