"""Correct, but burns 0.15 s of CPU in one step of the event loop before gathering."""

import asyncio
import time


def crunch():
    started = time.thread_time()
    while time.thread_time() - started < 0.15: pass  # noqa: E701 - one line, one finding


async def fetch_all(fetch, names):
    crunch()
    return await asyncio.gather(*(fetch(n) for n in names))
