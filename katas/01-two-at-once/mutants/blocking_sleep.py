"""Calls time.sleep "to let the tasks start": it freezes the whole event loop.

fails: loop-kept-free
"""

import asyncio
import time


async def fetch_two(fetch, first, second):
    first_task = asyncio.create_task(fetch(first))
    second_task = asyncio.create_task(fetch(second))
    time.sleep(0.01)
    return (await first_task, await second_task)
