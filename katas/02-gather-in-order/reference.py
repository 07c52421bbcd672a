"""Kata 02 - reference solution."""

import asyncio


async def fetch_all(fetch, names: list[str]) -> list[str]:
    return await asyncio.gather(*(fetch(name) for name in names))
