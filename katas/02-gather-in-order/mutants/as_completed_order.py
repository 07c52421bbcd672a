"""Collects results with as_completed, so they come back in completion order.

fails: values-in-input-order
"""

import asyncio


async def fetch_all(fetch, names):
    values = []
    for next_done in asyncio.as_completed([fetch(name) for name in names]):
        values.append(await next_done)
    return values
