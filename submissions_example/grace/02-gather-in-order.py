import asyncio


async def fetch_all(fetch, names: list[str]) -> list[str]:
    results = []
    for done in asyncio.as_completed([fetch(name) for name in names]):
        results.append(await done)
    return results
