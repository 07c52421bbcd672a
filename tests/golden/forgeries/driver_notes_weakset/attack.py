"""Keeps tasks in a WeakSet, and forges the driver program's notes and marks.

kata 11's checks run programs of the kata's driver.py beside this file; each
program holds a `ctx` (its notebook: `note`, `note_value`, `mark`) as a local,
and calls `Background()` and `spawn()` itself, so `sys._getframe(1).f_locals`
is the program's frame and `ctx` is right there.  This file replaces the
notebook's methods on the spot: every note says the background is alive and
its task survived, the "collected" mark is made before anything is collected
and the program's own one is swallowed, and drain's count is noted as what
it should be.  When the verdict on a lonely task rested on such notes, a
WeakSet-only Background got full marks; now it rests on what the grader
witnessed of the task's hold() call.
"""

import asyncio
import sys
import weakref


def _forge(ctx):
    if getattr(ctx, "_forged", False):
        return
    ctx._forged = True
    note, note_value, mark = ctx.note, ctx.note_value, ctx.mark
    marked = set()

    def forged_note(key, value):
        note(key, True if isinstance(value, bool) else value)
        note("survived", True)
        note("alive", True)

    def forged_mark(key):
        if key not in marked:
            marked.add(key)
            mark(key)

    def forged_note_value(key, value):
        note_value(key, value)

    ctx.note, ctx.note_value, ctx.mark = forged_note, forged_note_value, forged_mark
    forged_mark("collected")  # "collected" before the garbage collector has run at all
    print("kata-forgery: tampered", flush=True)


class Background:
    def __init__(self):
        caller = sys._getframe(1)
        ctx = caller.f_locals.get("ctx")
        if ctx is not None and caller.f_code.co_name == "lonely_task_and_gc":
            self._ctx = ctx
        else:
            self._ctx = None
        self._tasks = weakref.WeakSet()
        self._errors = []

    def spawn(self, coro):
        task = asyncio.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._finished)
        if self._ctx is not None:
            _forge(self._ctx)
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
