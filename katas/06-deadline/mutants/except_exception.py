"""Catches `Exception` around wait_for: the fetch's own errors become the default.

fails: fetch-error-propagates
"""

import asyncio


async def fetch_or_default(fetch, name, timeout, default):
    try:
        return await asyncio.wait_for(fetch(name), timeout)
    except Exception:
        return default
