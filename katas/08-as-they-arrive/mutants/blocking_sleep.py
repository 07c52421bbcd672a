"""Calls time.sleep "to let the fetches start": it freezes the whole event loop.

fails: loop-kept-free
"""

import asyncio
import time


async def fetch_and_report(fetch, names, report):
    async def fetch_one(name):
        return name, await fetch(name)

    tasks = [asyncio.create_task(fetch_one(name)) for name in names]
    time.sleep(0.01)
    finished = []
    for next_done in asyncio.as_completed(tasks):
        name, value = await next_done
        report(name, value)
        finished.append(name)
    return finished
