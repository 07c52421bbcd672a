"""Gathers the names in batches of `limit`: each batch waits for its slowest fetch.

fails: next-starts-when-a-slot-frees, new-loop-new-limit
"""

import asyncio


async def fetch_all_limited(fetch, names, limit):
    if limit < 1:
        raise ValueError("limit must be at least 1")
    values = []
    for i in range(0, len(names), limit):
        values.extend(await asyncio.gather(*(fetch(name) for name in names[i:i + limit])))
    return values
