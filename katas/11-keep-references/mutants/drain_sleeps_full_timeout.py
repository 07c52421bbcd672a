"""drain always sleeps for the whole timeout before looking at the tasks.

fails: drain-returns-early
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
        await asyncio.sleep(timeout)
        pending = set(self._tasks)
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.wait(pending)
        return len(pending)
