"""Schedules task.cancel() at the deadline and treats any CancelledError as "too late".

fails: outside-cancel-propagates
"""

import asyncio


async def fetch_or_default(fetch, name, timeout, default):
    task = asyncio.create_task(fetch(name))
    timer = asyncio.get_running_loop().call_later(timeout, task.cancel)
    try:
        return await task
    except asyncio.CancelledError:
        return default
    finally:
        timer.cancel()
