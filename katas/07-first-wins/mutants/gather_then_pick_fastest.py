"""Waits for every mirror (gather), noting finish order, then picks the first success.

fails: returns-when-fastest-finishes, returns-when-winner-finishes, next-success-wins, losers-cancelled, losers-cancelled-after-failures
"""

import asyncio


async def fetch_fastest(fetch, mirrors):
    if not mirrors:
        raise ValueError("no mirrors")
    finished = []

    async def noted(mirror):
        try:
            finished.append(await fetch(mirror))
        except Exception as exc:
            finished.append(exc)

    await asyncio.gather(*(noted(m) for m in mirrors))
    for result in finished:
        if not isinstance(result, Exception):
            return result
    raise finished[-1]
