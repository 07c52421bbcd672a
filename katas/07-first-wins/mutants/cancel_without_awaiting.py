"""Cancels the other mirrors but returns without waiting for them to finish.

fails: losers-cancelled, losers-cancelled-after-failures, nothing-left-pending
"""

import asyncio


async def fetch_fastest(fetch, mirrors):
    if not mirrors:
        raise ValueError("no mirrors")
    pending = {asyncio.create_task(fetch(m)) for m in mirrors}
    error = None
    while pending:
        done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
        for task in done:
            if task.exception() is None:
                for other in pending:
                    other.cancel()
                return task.result()
            error = task.exception()
    raise error
