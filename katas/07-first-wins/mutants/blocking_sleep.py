"""Calls time.sleep "to let the mirrors start": it freezes the whole event loop.

fails: loop-kept-free
"""

import asyncio
import time


async def fetch_fastest(fetch, mirrors):
    if not mirrors:
        raise ValueError("no mirrors")
    pending = {asyncio.create_task(fetch(m)) for m in mirrors}
    time.sleep(0.01)
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
