"""Collects outcomes with as_completed, so they come back in completion order.

fails: values-in-input-order, failed-slots-hold-the-exceptions
"""

import asyncio


async def fetch_all_settled(fetch, names):
    results = []
    for next_done in asyncio.as_completed([fetch(name) for name in names]):
        try:
            results.append(await next_done)
        except Exception as exc:
            results.append(exc)
    return results
