"""Calls time.sleep "to give the fetch a head start": it freezes the whole event loop.

fails: loop-kept-free
"""

import asyncio
import time


async def fetch_or_default(fetch, name, timeout, default):
    task = asyncio.create_task(fetch(name))
    time.sleep(0.01)
    try:
        return await asyncio.wait_for(task, timeout)
    except TimeoutError:
        return default
