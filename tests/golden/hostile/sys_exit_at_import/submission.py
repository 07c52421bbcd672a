import asyncio
import sys


async def fetch_all(fetch, names):
    return await asyncio.gather(*(fetch(n) for n in names))

sys.exit(0)
