"""Forgets the empty list: the loop never runs and `raise None` is a TypeError.

fails: no-mirrors
"""

import asyncio


async def fetch_fastest(fetch, mirrors):
    pending = {asyncio.create_task(fetch(m)) for m in mirrors}
    error = None
    try:
        while pending:
            done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                if task.exception() is None:
                    return task.result()
                error = task.exception()
        raise error
    finally:
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
