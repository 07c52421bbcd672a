import asyncio


async def fetch_all_settled(fetch, names: list[str]) -> list[str | Exception]:
    return await asyncio.gather(*(fetch(name) for name in names), return_exceptions=True)
