import asyncio


async def fetch_all(fetch, names):
    return await asyncio.gather(*(fetch(n) for n in names)
