"""Reports each result as it arrives, but returns the names in input order.

fails: names-in-finishing-order
"""

import asyncio


async def fetch_and_report(fetch, names, report):
    async def fetch_one(name):
        return name, await fetch(name)

    for next_done in asyncio.as_completed([fetch_one(name) for name in names]):
        name, value = await next_done
        report(name, value)
    return list(names)
