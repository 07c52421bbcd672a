"""Kata 08 - reference solution."""

import asyncio


async def fetch_and_report(fetch, names: list[str], report) -> list[str]:
    async def fetch_one(name):
        return name, await fetch(name)

    finished = []
    for next_done in asyncio.as_completed([fetch_one(name) for name in names]):
        name, value = await next_done
        report(name, value)
        finished.append(name)
    return finished
