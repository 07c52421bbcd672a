"""Starts a progress ticker task and forgets to cancel it before returning.

fails: nothing-left-after-a-failure
"""

import asyncio


async def _tick():
    while True:
        await asyncio.sleep(0.05)


async def fetch_all_settled(fetch, names):
    asyncio.create_task(_tick())
    return await asyncio.gather(*(fetch(name) for name in names), return_exceptions=True)
