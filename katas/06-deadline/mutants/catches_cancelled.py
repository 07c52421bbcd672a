"""Catches CancelledError along with TimeoutError: being cancelled returns the default.

fails: outside-cancel-propagates
"""

import asyncio


async def fetch_or_default(fetch, name, timeout, default):
    try:
        return await asyncio.wait_for(fetch(name), timeout)
    except (TimeoutError, asyncio.CancelledError):
        return default
