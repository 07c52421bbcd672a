"""Starts a progress ticker task and forgets to cancel it before returning.

fails: nothing-left-pending
"""

import asyncio


async def _tick():
    while True:
        await asyncio.sleep(0.05)


async def fetch_and_report(fetch, names, report):
    async def fetch_one(name):
        return name, await fetch(name)

    asyncio.create_task(_tick())
    finished = []
    for next_done in asyncio.as_completed([fetch_one(name) for name in names]):
        name, value = await next_done
        report(name, value)
        finished.append(name)
    return finished
