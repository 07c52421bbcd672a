"""Saved as Latin-1 by an old editor."""
import asyncio

GREETING = "café"


async def fetch_all(fetch, names):
    return await asyncio.gather(*(fetch(n) for n in names))
