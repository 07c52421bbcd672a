import asyncio


async def fetch_everything(fetch, names):
    return await asyncio.gather(*(fetch(n) for n in names))
