"""Awaits each task right where it is created: `await asyncio.create_task(...)` is still sequential.

fails: takes-the-longer-delay, second-starts-before-first-finishes
"""

import asyncio


async def fetch_two(fetch, first, second):
    first_value = await asyncio.create_task(fetch(first))
    second_value = await asyncio.create_task(fetch(second))
    return (first_value, second_value)
