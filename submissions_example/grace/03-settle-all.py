import asyncio


async def fetch_all_settled(fetch, names):
    return await asyncio.gather(*(fetch(name) for name in names))
