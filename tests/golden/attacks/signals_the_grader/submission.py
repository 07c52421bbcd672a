"""Correct, but tries to stop and then kill its parent process at import."""

import asyncio
import os
import signal

for signum in (signal.SIGSTOP, signal.SIGKILL):
    try:
        os.kill(os.getppid(), signum)
    except OSError:
        pass


async def fetch_all(fetch, names):
    return await asyncio.gather(*(fetch(n) for n in names))
