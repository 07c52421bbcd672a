"""Returns a generator expression instead of a list.

fails: values-in-input-order, empty-list
"""

import asyncio


async def fetch_all(fetch, names):
    values = await asyncio.gather(*(fetch(name) for name in names))
    return (value for value in values)
