"""Gathers every mirror, then picks the first success in list order.

fails: fastest-value, returns-when-fastest-finishes, returns-when-winner-finishes, next-success-wins, all-fail-raises-last-failure, losers-cancelled, losers-cancelled-after-failures
"""

import asyncio


async def fetch_fastest(fetch, mirrors):
    if not mirrors:
        raise ValueError("no mirrors")
    results = await asyncio.gather(*(fetch(m) for m in mirrors), return_exceptions=True)
    for result in results:
        if not isinstance(result, Exception):
            return result
    raise results[-1]
