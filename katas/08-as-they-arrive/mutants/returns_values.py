"""Returns the values in finishing order instead of the names.

fails: names-in-finishing-order
"""

import asyncio


async def fetch_and_report(fetch, names, report):
    async def fetch_one(name):
        return name, await fetch(name)

    values = []
    for next_done in asyncio.as_completed([fetch_one(name) for name in names]):
        name, value = await next_done
        report(name, value)
        values.append(value)
    return values
