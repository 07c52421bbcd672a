"""Calls asyncio.sleep(0) without await to "yield": the coroutine is never awaited.

fails: loop-kept-free
"""

import asyncio


async def fetch_or_default(fetch, name, timeout, default):
    asyncio.sleep(0)
    try:
        return await asyncio.wait_for(fetch(name), timeout)
    except TimeoutError:
        return default
