"""Run one scenario against the student's function, as the parent conducts it.

The parent (`grader.testing.referee`) keeps the clock, plays every fake and
writes the record; this side only runs the loop and reports.  The life of a
scenario here:

1. **stage** - the stubs are built; victim tasks start at t=0.  The loop runs
   until idle, then waits for the parent, who starts the entry (the student's
   function, or a program of the kata's driver) at its ``start_at``, cancels it
   or sets events at their instants, and completes fake calls when they end.
2. **stop** - on a stall from the parent (deadlock, or the virtual limit), the
   entry is cancelled and the stacks of the stuck tasks are kept for wording.
3. **end** - in the very step the entry ends, ``Ended`` goes out: how it ended,
   the tasks it left pending, a program's notes.  All of that is a claim.
4. **cleanup** - leftover tasks are cancelled and awaited so they cannot leak
   into the next scenario; then ``gc.collect()`` runs inside the warning
   recorder so never-awaited coroutines and unretrieved exceptions are blamed
   on this scenario; ``Finished`` carries those findings.
"""

from __future__ import annotations

import asyncio
import gc
import inspect
import threading
import warnings
from types import ModuleType
from typing import Any

from .. import wire
from .conductor import Conductor
from .encode import encode_exception, encode_value
from .fakes import FakeContext, Tokens
from .probes import Findings, Probes
from .protocol import Channel
from .staging import Staging
from .vloop import VirtualLoop
from .where import Where, describe_frames, task_frames

# Captured before any submission is imported: a student who replaces
# asyncio.wait or asyncio.all_tasks changes their own code, not the harness.
_wait = asyncio.wait
_all_tasks = asyncio.all_tasks
_current_task = asyncio.current_task
_collect, _unfreeze = gc.collect, gc.unfreeze
CancelledError = asyncio.CancelledError


def _tasks_of(loop: asyncio.AbstractEventLoop) -> list[asyncio.Task[Any]]:
    """The loop's tasks in a stable order: all_tasks is a weak set, iterated in an
    order that varies from run to run, and a replayed seed must give the same words.
    Default names ("Task-7") are numbered as tasks are created; named ones follow."""
    def order(task: asyncio.Task[Any]) -> tuple[int, int, str]:
        name = task.get_name()
        number = name.removeprefix("Task-")
        return (0, int(number), "") if number.isdigit() and number != name else (1, 0, name)
    return sorted(_all_tasks(loop), key=order)


class _Abandon(Exception):
    """Raised out of the loop when it cannot settle even after cancellation."""


class Scenario:
    """One run of the entry, conducted by the parent; `play()` reports it."""

    def __init__(self, module: ModuleType, run: wire.Run, where: Where, probes: Probes,
                 driver: ModuleType | None, channel: Channel) -> None:
        self.module = module
        self.driver = driver
        self.run = run
        self.where = where
        self.probes = probes
        self.loop = VirtualLoop()
        self.conductor = Conductor(channel, self.loop)
        self.loop.conductor = self.conductor
        self.conductor.on_action = self._act
        self.conductor.on_stall = self._on_stall
        self.findings = Findings(where)
        self.tokens = Tokens()
        self.staging: Staging | None = None
        self.started: asyncio.Future[None] | None = None
        self.entry_task: asyncio.Task[Any] | None = None
        self.harness: set[asyncio.Task[Any]] = set()
        self.before: set[asyncio.Task[Any]] = set()
        self.stalled: list[wire.TaskInfo] | None = None
        self.ended = False
        self.abandoned = False
        self.loop_error: str | None = None

    # -- public ------------------------------------------------------------
    def play(self) -> None:
        self.probes.current = self.findings
        self.probes.on_busy = self.conductor.busy
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                self._run_loop()
                self._collect_garbage()
            for warning in caught:
                self.probes.record_warning(self.findings, str(warning.message))
        finally:
            self.probes.current = None
            self.probes.on_busy = None
            self.loop.conductor = None
            self.loop.close()
        findings = [wire.Finding(**item) for item in self.findings.items]
        self.conductor.finish(wire.Finished(findings, self.abandoned, self.loop_error))

    # -- the loop ------------------------------------------------------------
    def _run_loop(self) -> None:
        loop = self.loop
        loop.set_task_factory(None)
        loop.set_exception_handler(self.probes.exception_handler(self.findings))
        self.findings.loop_thread = threading.get_ident()
        try:
            loop.run_until_complete(self._main())
        except _Abandon:
            self.abandoned = True
            self._report_end(wire.Cancelled())  # stuck even after being cancelled
        except BaseException as exc:  # noqa: BLE001 - SystemExit from a task, a stopped loop
            self.loop_error = f"{type(exc).__name__}: {exc}"[:wire.MAX_TEXT]
            self._report_end(wire.Raised(encode_exception(exc, self.tokens.token_of)))

    async def _main(self) -> None:
        current = _current_task()
        assert current is not None
        self.harness.add(current)
        context = FakeContext(conductor=self.conductor, tokens=self.tokens, where=self.where,
                              loop=self.loop)
        self.staging = Staging(self.run, self.module, self.driver, context)
        self.started = self.loop.create_future()
        try:
            await self.started
            assert self.entry_task is not None
            await _wait([self.entry_task])
            if not self.entry_task.cancelled():
                self.entry_task.exception()  # retrieved: reported in Ended, not as a finding
            await self._cleanup(self.staging.grader_tasks())
        finally:
            self.findings.armed = False

    def _act(self, action: wire.Action) -> None:
        """The grader's move: start the entry, cancel it, or set an event."""
        if action.do == "start":
            self._start()
        elif action.do == "cancel":
            if self.entry_task is not None and not self.entry_task.done():
                self.entry_task.cancel()
        elif self.staging is not None:
            self.staging.fire(action.fake)

    def _start(self) -> None:
        if self.started is None or self.started.done():
            return
        self.before = set(_all_tasks(self.loop))
        self.entry_task = self.loop.create_task(self._call(), name=wire.ENTRY_TASK)
        self.harness.add(self.entry_task)
        self.findings.armed = True
        self.started.set_result(None)

    async def _call(self) -> None:
        """Call the entry; report its end in the very step it ends in.

        Reporting later (when the harness's own task wakes) would let the tasks the
        entry created in its last step run a first step first: they would look
        "started before the return", and quick ones would no longer look pending.
        """
        assert self.staging is not None
        token_of = self.tokens.token_of
        outcome: wire.Outcome = wire.Cancelled()
        try:
            result = self.staging.call()
            if not inspect.isawaitable(result):
                outcome = wire.Returned("not_awaitable", encode_value(result, token_of))
                return
            value = await result
            if not getattr(_current_task(), "_must_cancel", False):  # cancelled at the end
                outcome = wire.Returned("returned", encode_value(value, token_of))
        except CancelledError:
            raise
        except BaseException as exc:
            outcome = wire.Raised(encode_exception(exc, token_of))
            raise
        finally:
            self._report_end(outcome)

    # -- stalls: deadlock and the virtual-time limit, as the parent sees them ---
    def _on_stall(self, kind: str) -> None:
        entry = self.entry_task
        if entry is None or entry.done() or self.stalled is not None:
            raise _Abandon(kind)
        self.stalled = [_describe_task(t, self.where, with_stack=True)
                        for t in _tasks_of(self.loop) if t not in self.harness - {entry}]
        entry.cancel()

    # -- reporting the end -----------------------------------------------------
    def _report_end(self, outcome: wire.Outcome) -> None:
        if self.ended:
            return
        self.ended = True
        pending = [_describe_task(t, self.where) for t in self._leftovers()]
        notes, values = self.staging.notes() if self.staging is not None else (None, None)
        self.conductor.send(wire.Ended(outcome, pending, self.stalled, notes, values))

    def _leftovers(self) -> list[asyncio.Task[Any]]:
        return [t for t in _tasks_of(self.loop)
                if t not in self.before and t not in self.harness and not t.done()]

    # -- cleanup -------------------------------------------------------------
    async def _cleanup(self, grader_tasks: list[asyncio.Task[Any]]) -> None:
        """Cancel and await what is still running: the student's leftovers and the
        grader's own tasks, so nothing leaks into the next scenario."""
        leftovers = self._leftovers() + [t for t in grader_tasks if not t.done()]
        for task in leftovers:
            task.cancel()
        if leftovers:
            await _wait(leftovers)

    def _collect_garbage(self) -> None:
        """Drop every reference the harness holds into the scenario (the tasks, the stubs,
        the exceptions the fakes raised and their tracebacks), then collect: tasks that
        die now are this scenario's findings ("exception never retrieved"...)."""
        self.entry_task = None
        self.started = None
        self.staging = None
        self.harness.clear()
        self.before.clear()
        self.tokens.clear()
        _unfreeze()  # a gc.freeze() would hide never-awaited coroutines from the collection
        _collect()


def _describe_task(task: asyncio.Task[Any], where: Where,
                   with_stack: bool = False) -> wire.TaskInfo:
    coro = task.get_coro()
    located = where.of_task(task)
    stack = None
    if with_stack:
        stack = [wire.Location(**f) for f in describe_frames(reversed(task_frames(task)))]
    return wire.TaskInfo(
        name=task.get_name()[:200],
        coro=str(getattr(coro, "__qualname__", type(coro).__name__))[:200],
        where=wire.Location(**located) if located else None,
        cancelling=task.cancelling(),
        stack=stack,
    )
