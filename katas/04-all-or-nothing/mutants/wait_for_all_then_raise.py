"""Lets every fetch run to the end, then raises a group of the failures: nothing cancelled.

fails: others-cancelled-at-failure
"""

import asyncio


async def fetch_all_or_nothing(fetch, names):
    results = await asyncio.gather(*(fetch(name) for name in names), return_exceptions=True)
    errors = [r for r in results if isinstance(r, Exception)]
    if errors:
        raise ExceptionGroup("some fetches failed", errors)
    return results
