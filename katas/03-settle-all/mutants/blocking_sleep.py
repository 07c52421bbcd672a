"""Calls time.sleep "to let the tasks start": it freezes the whole event loop.

fails: loop-kept-free
"""

import asyncio
import time


async def fetch_all_settled(fetch, names):
    tasks = [asyncio.create_task(fetch(name)) for name in names]
    time.sleep(0.01)
    return await asyncio.gather(*tasks, return_exceptions=True)
