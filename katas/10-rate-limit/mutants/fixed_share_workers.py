"""Starts `limit` workers, each with a fixed share of the names (every limit-th one).

fails: next-starts-when-a-slot-frees, new-loop-new-limit
"""

import asyncio


async def fetch_all_limited(fetch, names, limit):
    if limit < 1:
        raise ValueError("limit must be at least 1")
    values = [None] * len(names)

    async def worker(first):
        for i in range(first, len(names), limit):
            values[i] = await fetch(names[i])

    await asyncio.gather(*(worker(first) for first in range(limit)))
    return values
