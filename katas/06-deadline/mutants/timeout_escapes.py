"""Uses wait_for but never catches its TimeoutError.

fails: slow-fetch-gives-default
"""

import asyncio


async def fetch_or_default(fetch, name, timeout, default):
    return await asyncio.wait_for(fetch(name), timeout)
