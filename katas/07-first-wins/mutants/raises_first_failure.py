"""Keeps waiting after failures, but raises the first failure when all have failed.

fails: all-fail-raises-last-failure
"""

import asyncio


async def fetch_fastest(fetch, mirrors):
    if not mirrors:
        raise ValueError("no mirrors")
    pending = {asyncio.create_task(fetch(m)) for m in mirrors}
    first_error = None
    try:
        while pending:
            done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                if task.exception() is None:
                    return task.result()
                first_error = first_error or task.exception()
        raise first_error
    finally:
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
