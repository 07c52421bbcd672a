import asyncio


async def fetch_two(fetch, first: str, second: str) -> tuple[str, str]:
    first_task = asyncio.create_task(fetch(first))
    second_task = asyncio.create_task(fetch(second))
    return (await first_task, await second_task)
