"""Calls report(value, name) instead of report(name, value).

fails: each-name-reported-once, reported-as-they-arrive
"""

import asyncio


async def fetch_and_report(fetch, names, report):
    async def fetch_one(name):
        return name, await fetch(name)

    finished = []
    for next_done in asyncio.as_completed([fetch_one(name) for name in names]):
        name, value = await next_done
        report(value, name)
        finished.append(name)
    return finished
