"""Kata 06 - reference solution."""

import asyncio


async def fetch_or_default(fetch, name: str, timeout: float, default: str) -> str:
    try:
        return await asyncio.wait_for(fetch(name), timeout)
    except TimeoutError:
        return default
