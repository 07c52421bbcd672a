import asyncio


async def fetch_all(fetch, names: list[str]) -> list[str]:
    """Start every fetch at once; gather keeps the input order."""
    return await asyncio.gather(*(fetch(name) for name in names))
