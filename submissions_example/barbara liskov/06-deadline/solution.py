import asyncio


async def fetch_or_default(fetch, name: str, timeout: float, default: str) -> str:
    # shield it so the fetch is not lost if we give up
    try:
        return await asyncio.wait_for(asyncio.shield(fetch(name)), timeout)
    except TimeoutError:
        return default
