"""Gathers every value first, then reports them all at the end, in input order.

fails: names-in-finishing-order, reported-as-they-arrive
"""

import asyncio


async def fetch_and_report(fetch, names, report):
    values = await asyncio.gather(*(fetch(name) for name in names))
    for name, value in zip(names, values):
        report(name, value)
    return names
