"""Correct, but leaves a double-forked, setsid daemon behind at import."""

import asyncio
import os
import time

if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        while True:
            time.sleep(1)
    os._exit(0)


async def fetch_all(fetch, names):
    return await asyncio.gather(*(fetch(n) for n in names))
