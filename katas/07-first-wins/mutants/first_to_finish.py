"""Returns or raises whatever finishes first, even a failure.

fails: returns-when-winner-finishes, next-success-wins, all-fail-raises-last-failure, losers-cancelled-after-failures
"""

import asyncio


async def fetch_fastest(fetch, mirrors):
    if not mirrors:
        raise ValueError("no mirrors")
    tasks = [asyncio.create_task(fetch(m)) for m in mirrors]
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    return done.pop().result()
