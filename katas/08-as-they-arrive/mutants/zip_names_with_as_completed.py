"""Zips names with as_completed: results in finishing order paired with names in input order.

fails: names-in-finishing-order, each-name-reported-once, reported-as-they-arrive
"""

import asyncio


async def fetch_and_report(fetch, names, report):
    finished = []
    for name, next_done in zip(names, asyncio.as_completed([fetch(n) for n in names])):
        report(name, await next_done)
        finished.append(name)
    return finished
