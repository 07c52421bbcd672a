"""Kata 11 - reference solution."""

import asyncio


class Background:
    def __init__(self) -> None:
        self._tasks: set[asyncio.Task] = set()
        self._errors: list[BaseException] = []

    def spawn(self, coro) -> asyncio.Task:
        task = asyncio.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._finished)
        return task

    def _finished(self, task: asyncio.Task) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            self._errors.append(task.exception())

    @property
    def errors(self) -> list[BaseException]:
        return list(self._errors)

    async def drain(self, timeout: float) -> int:
        if not self._tasks:
            return 0
        _, pending = await asyncio.wait(set(self._tasks), timeout=timeout)
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.wait(pending)
        return len(pending)
