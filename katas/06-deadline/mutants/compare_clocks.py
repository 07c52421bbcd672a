"""Awaits the whole fetch, then compares the clock with the timeout.

fails: gives-up-at-the-deadline, slow-fetch-cancelled-at-deadline
"""

import asyncio


async def fetch_or_default(fetch, name, timeout, default):
    loop = asyncio.get_running_loop()
    started = loop.time()
    value = await fetch(name)
    if loop.time() - started > timeout:
        return default
    return value
