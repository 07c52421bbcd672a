"""Collects results with as_completed in finishing order, but reports only at the end.

fails: reported-as-they-arrive
"""

import asyncio


async def fetch_and_report(fetch, names, report):
    async def fetch_one(name):
        return name, await fetch(name)

    arrived = []
    for next_done in asyncio.as_completed([fetch_one(name) for name in names]):
        arrived.append(await next_done)
    for name, value in arrived:
        report(name, value)
    return [name for name, _ in arrived]
