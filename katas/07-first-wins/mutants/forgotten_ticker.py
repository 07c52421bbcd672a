"""Starts a progress ticker task and forgets to cancel it before returning.

fails: nothing-left-pending
"""

import asyncio


async def _tick():
    while True:
        await asyncio.sleep(0.05)


async def fetch_fastest(fetch, mirrors):
    if not mirrors:
        raise ValueError("no mirrors")
    asyncio.create_task(_tick())
    pending = {asyncio.create_task(fetch(m)) for m in mirrors}
    try:
        while True:
            done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
            errors = [t.exception() for t in done if t.exception() is not None]
            winners = [t for t in done if t.exception() is None]
            if winners:
                return winners[0].result()
            if not pending:
                raise errors[-1]
    finally:
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
