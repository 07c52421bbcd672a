"""Shields the fetch inside wait_for: the deadline is kept, but the fetch is never cancelled.

fails: slow-fetch-cancelled-at-deadline, nothing-left-pending
"""

import asyncio


async def fetch_or_default(fetch, name, timeout, default):
    try:
        return await asyncio.wait_for(asyncio.shield(fetch(name)), timeout)
    except TimeoutError:
        return default
