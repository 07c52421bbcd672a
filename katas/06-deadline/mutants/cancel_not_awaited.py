"""Cancels the late fetch at the deadline but returns without awaiting it.

fails: slow-fetch-cancelled-at-deadline, nothing-left-pending
"""

import asyncio


async def fetch_or_default(fetch, name, timeout, default):
    task = asyncio.create_task(fetch(name))
    done, _ = await asyncio.wait({task}, timeout=timeout)
    if task in done:
        return task.result()
    task.cancel()
    return default
