"""Awaits wait_for but throws its result away: the default comes back even when the fetch was in time.

fails: fast-fetch-gives-its-value
"""

import asyncio


async def fetch_or_default(fetch, name, timeout, default):
    result = default
    try:
        await asyncio.wait_for(fetch(name), timeout)
    except TimeoutError:
        pass
    return result
