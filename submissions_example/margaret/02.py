import asyncio


async def fetch_all(fetch, names: list[str]) -> list[str]:
    tasks = [asyncio.create_task(fetch(name)) for name in names]
    return [await task for task in tasks]
