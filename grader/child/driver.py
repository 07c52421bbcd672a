"""Run one scenario against the student's function and report what happened.

A scenario (chosen by the parent) names the entry function, the fakes and the
arguments.  The driver calls the entry as a task on a fresh `VirtualLoop`,
watches it, and returns an observation: plain JSON, no verdict.

The life of a scenario:

1. **call** - the entry (the student's function, or a program of the kata's
   driver) runs as its own task, at ``start_at`` (default 0).  Timed actions
   (the grader cancelling the call, or setting an event, at t) are scheduled
   on the virtual clock; fakes that are tasks (victims) start at t=0.
2. **stop** - if the loop deadlocks, or the virtual limit passes, the entry is
   cancelled at that instant; the stacks of the stuck tasks are kept.
3. **return** - the instant the entry finishes is the observation's centre:
   its time, the trace position, and the tasks still pending then.
4. **cleanup** - leftover tasks are cancelled and awaited (briefly, in virtual
   time) so they cannot leak into the next scenario; then ``gc.collect()`` runs
   inside the warning recorder so never-awaited coroutines and unretrieved
   exceptions are blamed on this scenario and not the next.
"""

from __future__ import annotations

import asyncio
import functools
import gc
import inspect
import threading
import warnings
from collections.abc import Callable
from types import ModuleType
from typing import Any

from .encode import encode_exception, encode_value
from .fakes import FakeContext, Tokens, Trace
from .fakes.base import _sleep
from .probes import Findings, Probes
from .staging import Staging
from .vloop import StallKind, VirtualLoop
from .where import Where, describe_frames, task_frames

CLEANUP_GRACE_S = 5.0
ENTRY_TASK = "entry"  # the name of the task running the student's function

# Captured before any submission is imported: a student who replaces
# asyncio.wait or asyncio.all_tasks changes their own code, not the harness.
_wait = asyncio.wait
_all_tasks = asyncio.all_tasks
_current_task = asyncio.current_task
_virtual_now = VirtualLoop.virtual_now


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
    """One run of the entry function; `observe()` returns the observation dict."""

    def __init__(self, module: ModuleType, spec: dict[str, Any], where: Where,
                 probes: Probes, driver: ModuleType | None = None) -> None:
        self.module = module
        self.driver = driver
        self.spec = spec
        self.where = where
        self.probes = probes
        self.loop = VirtualLoop()
        self.findings = Findings(where)
        self.trace = Trace(functools.partial(_virtual_now, self.loop))
        self.tokens = Tokens()
        self.entry_task: asyncio.Task[Any] | None = None
        self.harness: set[asyncio.Task[Any]] = set()
        self.before: set[asyncio.Task[Any]] = set()
        self.stopped: dict[str, Any] | None = None
        self.observation: dict[str, Any] = {"id": spec.get("id", ""), "findings": []}

    # -- public ------------------------------------------------------------
    def observe(self) -> dict[str, Any]:
        self.probes.current = self.findings
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                self._run_loop()
                self._collect_garbage()
            for warning in caught:
                self.probes.record_warning(self.findings, str(warning.message))
        finally:
            self.probes.current = None
            self.loop.close()
        self.observation["findings"] = self.findings.items
        return self.observation

    # -- the loop ------------------------------------------------------------
    def _run_loop(self) -> None:
        loop = self.loop
        loop.set_task_factory(None)
        loop.set_exception_handler(self.probes.exception_handler(self.findings))
        loop.on_stall = self._on_stall
        loop.alarm = float(self.spec["limit"])
        self.findings.loop_thread = threading.get_ident()
        try:
            loop.run_until_complete(self._main())
        except _Abandon:
            self.observation["cleanup"] = "abandoned"
            if "ended_at" not in self.observation:  # stuck even after being cancelled
                self._mark_return()
                self.observation["outcome"] = {"kind": "cancelled"}
        except BaseException as exc:  # noqa: BLE001 - SystemExit from a task, a stopped loop
            self.observation["loop_error"] = f"{type(exc).__name__}: {exc}"
            if "outcome" not in self.observation:
                self._record_escape(exc)

    async def _main(self) -> None:
        current = _current_task()
        assert current is not None
        self.harness.add(current)
        staging = Staging(self.spec, self.module, self.driver, self._fake_context())
        self.before = set(_all_tasks())
        self.entry_task = asyncio.get_running_loop().create_task(
            self._call(staging.entry()), name=ENTRY_TASK)
        self.harness.add(self.entry_task)
        staging.schedule(self.loop, self._cancel_entry)
        self.findings.armed = True
        try:
            await _wait([self.entry_task])
            self.observation["outcome"] = self._outcome(self.entry_task)
            if staging.program is not None:
                self.observation["notes"] = staging.program.notes
            await self._cleanup(staging.grader_tasks())
        finally:
            self.findings.armed = False

    def _fake_context(self) -> FakeContext:
        return FakeContext(trace=self.trace, tokens=self.tokens, where=self.where, loop=self.loop,
                           encode=lambda value: encode_value(value, self.tokens.token_of))

    async def _call(self, entry: Callable[[], Any]) -> tuple[str, Any]:
        """Call the entry; mark the instant it ends in the very step it ends in.

        Marking later (when the harness's own task wakes) would let the tasks the
        entry created in its last step run a first step first: they would look
        "started before the return", and quick ones would no longer look pending.
        """
        start_at = self.spec.get("start_at", 0)
        if start_at:
            await _sleep(start_at)
        self.observation["called_at"] = round(_virtual_now(self.loop), 6)
        try:
            result = entry()
            if not inspect.isawaitable(result):
                return "not_awaitable", result
            return "returned", await result
        finally:
            self._mark_return()

    # -- stalls: deadlock and the virtual-time limit --------------------------
    def _on_stall(self, kind: StallKind) -> None:
        entry = self.entry_task
        if entry is None or entry.done() or self.stopped is not None:
            raise _Abandon(kind)
        self.stopped = {"reason": kind, "at": round(_virtual_now(self.loop), 6),
                        "tasks": self._stacks_of_pending()}
        self.loop.alarm = _virtual_now(self.loop) + CLEANUP_GRACE_S
        entry.cancel()

    def _stacks_of_pending(self) -> list[dict[str, Any]]:
        return [_describe_task(t, self.where, with_stack=True)
                for t in _tasks_of(self.loop) if t not in self.harness - {self.entry_task}]

    # -- recording the return ------------------------------------------------
    def _mark_return(self) -> None:
        """The instant the entry ended: time, trace position, what it left pending."""
        obs = self.observation
        obs["ended_at"] = round(_virtual_now(self.loop), 6)
        obs["return_seq"] = self.trace.seq
        obs["stopped"] = self.stopped
        obs["pending"] = [_describe_task(t, self.where) for t in self._leftovers()]
        obs["trace"] = self.trace.events

    def _record_escape(self, exc: BaseException) -> None:
        """The entry's exception left the loop itself (SystemExit, KeyboardInterrupt)."""
        self.observation["outcome"] = {
            "kind": "raised", "exception": encode_exception(exc, self.tokens.token_of)}

    def _outcome(self, entry: asyncio.Task[Any]) -> dict[str, Any]:
        token_of = self.tokens.token_of
        if entry.cancelled():
            return {"kind": "cancelled"}
        exc = entry.exception()
        if exc is not None:
            return {"kind": "raised", "exception": encode_exception(exc, token_of)}
        kind, value = entry.result()
        return {"kind": kind, "value": encode_value(value, token_of)}

    def _leftovers(self) -> list[asyncio.Task[Any]]:
        return [t for t in _tasks_of(self.loop)
                if t not in self.before and t not in self.harness and not t.done()]

    # -- cleanup -------------------------------------------------------------
    async def _cleanup(self, grader_tasks: list[asyncio.Task[Any]]) -> None:
        """Cancel and await what is still running: the student's leftovers and the
        grader's own tasks, so nothing leaks into the next scenario."""
        self.loop.alarm = _virtual_now(self.loop) + CLEANUP_GRACE_S
        leftovers = self._leftovers() + [t for t in grader_tasks if not t.done()]
        for task in leftovers:
            task.cancel()
        if leftovers:
            await _wait(leftovers)
        self.loop.alarm = None

    def _collect_garbage(self) -> None:
        self.entry_task = None
        self.harness.clear()
        self.tokens = Tokens()
        gc.collect()

    def _cancel_entry(self) -> None:
        if self.entry_task is not None and not self.entry_task.done():
            self.entry_task.cancel()


def _describe_task(task: asyncio.Task[Any], where: Where,
                   with_stack: bool = False) -> dict[str, Any]:
    coro = task.get_coro()
    frames = task_frames(task)
    described: dict[str, Any] = {
        "name": task.get_name(),
        "coro": getattr(coro, "__qualname__", type(coro).__name__),
        "where": where.of_task(task),
        "cancelling": task.cancelling(),
    }
    if with_stack:
        described["stack"] = describe_frames(reversed(frames))
    return described
