"""Calls asyncio.sleep(0) without await in drain: a coroutine never awaited.

fails: loop-kept-free
"""

import asyncio


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
        asyncio.sleep(0)
        if not self._tasks:
            return 0
        _, pending = await asyncio.wait(set(self._tasks), timeout=timeout)
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.wait(pending)
        return len(pending)
