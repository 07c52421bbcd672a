"""Calls asyncio.sleep(0) without await to "yield": the coroutine is never awaited.

fails: loop-kept-free
"""

import asyncio


async def fetch_two(fetch, first, second):
    first_task = asyncio.create_task(fetch(first))
    second_task = asyncio.create_task(fetch(second))
    asyncio.sleep(0)
    return (await first_task, await second_task)
