"""Uses plain gather: the first failure is raised, and the other fetches are left running.

fails: failed-slots-hold-the-exceptions, nothing-left-after-a-failure
"""

import asyncio


async def fetch_all_settled(fetch, names):
    return await asyncio.gather(*(fetch(name) for name in names))
