"""Returns a tuple instead of a list.

fails: values-in-input-order, empty-list
"""

import asyncio


async def fetch_all(fetch, names):
    return tuple(await asyncio.gather(*(fetch(name) for name in names)))
