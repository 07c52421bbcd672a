"""Uses asyncio.wait(timeout=...): it stops waiting at the deadline but leaves the fetch running.

fails: slow-fetch-cancelled-at-deadline, nothing-left-pending
"""

import asyncio


async def fetch_or_default(fetch, name, timeout, default):
    task = asyncio.create_task(fetch(name))
    done, _ = await asyncio.wait({task}, timeout=timeout)
    if task in done:
        return task.result()
    return default
