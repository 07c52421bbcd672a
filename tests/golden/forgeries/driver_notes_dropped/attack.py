"""The reference Background, with the driver program's notebook silenced.

kata 11's programs hold their notebook, `ctx`, as a local; from `Background()`
it is `sys._getframe(1).f_locals["ctx"]`.  This file turns `ctx.note`,
`ctx.note_value` and `ctx.mark` into no-ops, so the grader gets no notes, no
noted values and no marks at all.  When the checks read notes without asking
whether they were there, this made them raise KeyError in the grader, which
was filed as the grader's own fault: `kata check` and `kata grade` exited 3.
Missing notes are the file's doing, and must be judged so.
"""

import asyncio
import sys


def _silence(ctx):
    ctx.note = lambda key, value: None
    ctx.note_value = lambda key, value: None
    ctx.mark = lambda key: None
    print("kata-forgery: tampered", flush=True)


class Background:
    def __init__(self) -> None:
        ctx = sys._getframe(1).f_locals.get("ctx")
        if ctx is not None:
            _silence(ctx)
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
