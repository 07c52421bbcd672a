"""Kata 07 - reference solution."""

import asyncio


async def fetch_fastest(fetch, mirrors: list[str]) -> str:
    if not mirrors:
        raise ValueError("fetch_fastest needs at least one mirror")
    pending = {asyncio.create_task(fetch(mirror)) for mirror in mirrors}
    try:
        while True:
            done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
            failures = [task.exception() for task in done if task.exception() is not None]
            winners = [task for task in done if task.exception() is None]
            if winners:
                return winners[0].result()
            if not pending:
                raise failures[-1]
    finally:
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
