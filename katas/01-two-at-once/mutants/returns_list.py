"""Returns a list instead of a tuple.

fails: tuple-in-argument-order
"""

import asyncio


async def fetch_two(fetch, first, second):
    first_task = asyncio.create_task(fetch(first))
    second_task = asyncio.create_task(fetch(second))
    return [await first_task, await second_task]
