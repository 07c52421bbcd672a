"""Loops over asyncio.wait(FIRST_COMPLETED): completion order, and wait([]) raises.

fails: values-in-input-order, empty-list
"""

import asyncio


async def fetch_all(fetch, names):
    pending = {asyncio.create_task(fetch(name)) for name in names}
    values = []
    while pending or not values:
        done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
        values.extend(task.result() for task in done)
    return values
