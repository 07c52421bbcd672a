"""Keeps every task in a list forever, long after it has finished.

fails: finished-tasks-released
"""

import asyncio


class Background:
    def __init__(self):
        self._tasks = []
        self._errors = []

    def spawn(self, coro):
        task = asyncio.create_task(coro)
        self._tasks.append(task)
        task.add_done_callback(self._finished)
        return task

    def _finished(self, task):
        if not task.cancelled() and task.exception() is not None:
            self._errors.append(task.exception())

    @property
    def errors(self):
        return list(self._errors)

    async def drain(self, timeout):
        running = [t for t in self._tasks if not t.done()]
        if not running:
            return 0
        _, pending = await asyncio.wait(running, timeout=timeout)
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.wait(pending)
        return len(pending)
