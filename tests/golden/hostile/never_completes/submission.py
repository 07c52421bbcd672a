import asyncio


async def fetch_all(fetch, names):
    await asyncio.Event().wait()
