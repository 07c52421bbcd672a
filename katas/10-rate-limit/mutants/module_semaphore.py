"""Creates the Semaphore lazily on the first call and reuses it: first limit, first loop.

The first check passes; every later call that has to wait on the semaphore runs in
a new event loop and raises RuntimeError ("bound to a different event loop").

fails: never-more-than-limit, next-starts-when-a-slot-frees, new-loop-new-limit, loop-kept-free
"""

import asyncio

_slots = None


async def fetch_all_limited(fetch, names, limit):
    global _slots
    if limit < 1:
        raise ValueError("limit must be at least 1")
    if _slots is None:
        _slots = asyncio.Semaphore(limit)

    async def fetch_one(name):
        async with _slots:
            return await fetch(name)

    return await asyncio.gather(*(fetch_one(name) for name in names))
