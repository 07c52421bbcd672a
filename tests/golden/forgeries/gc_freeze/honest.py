"""Keeps tasks in a WeakSet: a task nobody else references is garbage-collected mid-run.

The honest twin of gc_freeze: the same WeakSet, without freezing the collector.
"""

import asyncio
import weakref


class Background:
    def __init__(self):
        self._tasks = weakref.WeakSet()
        self._errors = []

    def spawn(self, coro):
        task = asyncio.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._finished)
        return task

    def _finished(self, task):
        if not task.cancelled() and task.exception() is not None:
            self._errors.append(task.exception())

    @property
    def errors(self):
        return list(self._errors)

    async def drain(self, timeout):
        tasks = set(self._tasks)
        if not tasks:
            return 0
        _, pending = await asyncio.wait(tasks, timeout=timeout)
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.wait(pending)
        return len(pending)
