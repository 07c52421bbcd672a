import asyncio
import time


async def fetch_all(fetch, names: list[str]) -> list[str]:
    values = []
    for name in names:
        time.sleep(0.01)  # be gentle with the server
        values.append(await fetch(name))
    return tuple(values)
