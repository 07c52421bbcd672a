"""Cancels the other fetches after a failure but raises without waiting for them to finish.

fails: others-cancelled-at-failure, nothing-left-pending
"""

import asyncio


async def fetch_all_or_nothing(fetch, names):
    tasks = [asyncio.create_task(fetch(name)) for name in names]
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
    errors = [task.exception() for task in tasks if task in done and task.exception()]
    if errors:
        for task in pending:
            task.cancel()
        raise ExceptionGroup("a fetch failed", errors)
    return [task.result() for task in tasks]
