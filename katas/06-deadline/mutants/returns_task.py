"""Returns the finished Task from asyncio.wait instead of its result.

fails: fast-fetch-gives-its-value, fetch-error-propagates
"""

import asyncio
import contextlib


async def fetch_or_default(fetch, name, timeout, default):
    task = asyncio.create_task(fetch(name))
    done, _ = await asyncio.wait({task}, timeout=timeout)
    if done:
        return done.pop()
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    return default
