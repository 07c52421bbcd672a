"""Collects the values with as_completed, so they come back in completion order.

fails: tuple-in-argument-order
"""

import asyncio


async def fetch_two(fetch, first, second):
    values = [await done for done in asyncio.as_completed([fetch(first), fetch(second)])]
    return tuple(values)
