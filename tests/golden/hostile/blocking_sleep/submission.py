"""Correct, except for a time.sleep that freezes the event loop."""

import asyncio
import time


async def fetch_all(fetch, names):
    tasks = [asyncio.create_task(fetch(n)) for n in names]
    time.sleep(0.2)
    return await asyncio.gather(*tasks)
