"""Returns the Task objects without awaiting them: nothing has even started yet.

fails: tuple-in-argument-order, takes-the-longer-delay, second-starts-before-first-finishes, nothing-left-pending
"""

import asyncio


async def fetch_two(fetch, first, second):
    first_task = asyncio.create_task(fetch(first))
    second_task = asyncio.create_task(fetch(second))
    return (first_task, second_task)
