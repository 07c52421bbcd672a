"""Cancels and awaits the others properly, but the group holds only the first exception.

fails: simultaneous-failures-both-in-group
"""

import asyncio


async def fetch_all_or_nothing(fetch, names):
    tasks = [asyncio.create_task(fetch(name)) for name in names]
    try:
        return await asyncio.gather(*tasks)
    except Exception as exc:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise ExceptionGroup("a fetch failed", [exc]) from None
