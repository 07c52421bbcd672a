"""Uses plain gather: the first failure is raised by itself and the other fetches run on.

fails: failure-raises-a-group, simultaneous-failures-both-in-group, others-cancelled-at-failure, nothing-left-pending
"""

import asyncio


async def fetch_all_or_nothing(fetch, names):
    return await asyncio.gather(*(fetch(name) for name in names))
