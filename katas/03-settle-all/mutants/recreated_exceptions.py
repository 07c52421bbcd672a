"""Replaces each exception with a new one of the same type and message.

fails: failed-slots-hold-the-exceptions
"""

import asyncio


async def fetch_all_settled(fetch, names):
    results = await asyncio.gather(*(fetch(name) for name in names), return_exceptions=True)
    return [type(r)(str(r)) if isinstance(r, Exception) else r for r in results]
