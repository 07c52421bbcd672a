"""Forgets to collect the exceptions: errors stays empty and nobody retrieves them.

fails: exceptions-retrieved, errors-in-completion-order
"""

import asyncio


class Background:
    def __init__(self):
        self._tasks = set()
        self.errors = []

    def spawn(self, coro):
        task = asyncio.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def drain(self, timeout):
        if not self._tasks:
            return 0
        _, pending = await asyncio.wait(set(self._tasks), timeout=timeout)
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.wait(pending)
        return len(pending)
