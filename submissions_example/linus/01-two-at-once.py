import asyncio


async def fetch_two(fetch, first: str, second: str) -> tuple[str, str]
    tasks = [asyncio.create_task(fetch(first)), asyncio.create_task(fetch(second))]
    return tuple(await asyncio.gather(*tasks))
