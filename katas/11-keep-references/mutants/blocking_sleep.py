"""Polls with time.sleep inside drain: it freezes the event loop.

fails: loop-kept-free
"""

import asyncio
import time


class Background:
    def __init__(self):
        self._tasks = set()
        self._errors = []

    def spawn(self, coro):
        task = asyncio.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._finished)
        return task

    def _finished(self, task):
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            self._errors.append(task.exception())

    @property
    def errors(self):
        return list(self._errors)

    async def drain(self, timeout):
        time.sleep(0.01)
        if not self._tasks:
            return 0
        _, pending = await asyncio.wait(set(self._tasks), timeout=timeout)
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.wait(pending)
        return len(pending)
