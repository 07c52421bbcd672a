"""Turns each exception into its message string.

fails: failed-slots-hold-the-exceptions
"""

import asyncio


async def fetch_all_settled(fetch, names):
    results = await asyncio.gather(*(fetch(name) for name in names), return_exceptions=True)
    return [str(r) if isinstance(r, Exception) else r for r in results]
