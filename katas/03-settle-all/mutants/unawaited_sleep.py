"""Calls asyncio.sleep(0) without await to "yield": the coroutine is never awaited.

fails: loop-kept-free
"""

import asyncio


async def fetch_all_settled(fetch, names):
    tasks = [asyncio.create_task(fetch(name)) for name in names]
    asyncio.sleep(0)
    return await asyncio.gather(*tasks, return_exceptions=True)
