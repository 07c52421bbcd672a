"""Kata 10 - reference solution."""

import asyncio


async def fetch_all_limited(fetch, names: list[str], limit: int) -> list[str]:
    if limit < 1:
        raise ValueError(f"limit must be at least 1, not {limit}")
    slots = asyncio.Semaphore(limit)

    async def fetch_one(name: str) -> str:
        async with slots:
            return await fetch(name)

    return await asyncio.gather(*(fetch_one(name) for name in names))
