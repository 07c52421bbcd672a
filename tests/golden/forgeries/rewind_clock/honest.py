"""Awaits one fetch after the other: never over the limit, but no concurrency at all.

fails: next-starts-when-a-slot-frees, new-loop-new-limit
"""


async def fetch_all_limited(fetch, names, limit):
    if limit < 1:
        raise ValueError("limit must be at least 1")
    values = []
    for name in names:
        values.append(await fetch(name))
    return values
