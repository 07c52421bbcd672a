"""Calls asyncio.sleep(0) without await to "yield": the coroutine is never awaited.

fails: loop-kept-free
"""

import asyncio


async def fetch_and_report(fetch, names, report):
    async def fetch_one(name):
        return name, await fetch(name)

    finished = []
    for next_done in asyncio.as_completed([fetch_one(name) for name in names]):
        name, value = await next_done
        report(name, value)
        asyncio.sleep(0)
        finished.append(name)
    return finished
