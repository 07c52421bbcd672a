import asyncio


async def fetch_all_or_nothing(fetch, names: list[str]) -> list[str]:
    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(fetch(name)) for name in names]
    return [task.result() for task in tasks]
