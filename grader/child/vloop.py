"""An asyncio event loop whose clock is virtual.

The problem
-----------
A grader that asks "did these three fetches run concurrently?" by measuring
wall-clock time gets the wrong answer on a loaded machine: a frozen process
makes a concurrent solution look sequential, and thresholds wide enough to
absorb that also let sequential solutions through.  We want "elapsed == 0.3"
to be an exact equality that no machine load can disturb, and a check that
sleeps for a virtual minute to take a millisecond.

The approach
------------
`VirtualLoop` is a `SelectorEventLoop` with two changes:

* `time()` returns a counter of whole microseconds, not a real clock.
  Integers avoid float drift (0.1 + 0.2 is exactly 0.3 here), and every
  timer asyncio schedules is expressed against this counter.
* The selector's `select(timeout)` never sleeps.  asyncio asks it to wait
  `timeout` seconds exactly when nothing is ready and the next timer is
  `timeout` away, so we first poll real I/O without waiting and, if nothing
  is there, jump the counter forward by `timeout`: the next timer is due at
  once.  This is what looptime does; we keep our own copy because the child
  process must import only the standard library, and because we need the two
  signals below, which looptime cannot give together.

Who moves the clock
-------------------
*Conducted* (a scenario, `conductor` set): the grader's own process keeps the
clock.  When nothing is ready the loop tells it how far away its own next
timer is (`Conductor.idle`) and waits; the grader answers with the new time,
which may be earlier (a fake call completes first), and the loop jumps there.
Deadlocks and the virtual-time limit are then the grader's to see: it answers
with a stall, which the conductor hands to the scenario.  The tick counter
here is only the child's view: rewinding it fools the student's own code and
nothing else.

*Standalone* (no conductor: the project's own async tests): the loop advances
its own counter, and reports two moments to `on_stall`:

* **deadlock** - asyncio asks to wait forever (`timeout is None`): no timer
  is scheduled, no callback is ready, no executor job is running.  Nothing
  inside the loop can ever wake it again (an `Event` nobody sets), so we say
  so at once rather than waiting out a wall-clock limit.
* **alarm** - the next timer lies beyond `alarm`, the virtual-time limit the
  driver set.  The clock stops exactly at the alarm, so a call that never
  ends is stopped at a known virtual instant.

The handler may react (typically by cancelling the task under test) and
return; the loop then runs the callbacks that reaction scheduled.  If it
raises, the exception leaves `run_until_complete`, which is how a driver
abandons a loop that refuses to settle.

The traps
---------
* Threads: `run_in_executor` (and so `asyncio.to_thread`) hands work to real
  threads.  Jumping the clock past them would fire a timeout that could not
  happen for real, and "wait forever" is not a deadlock while one runs.
  While executor futures are pending we wait in real time, in short steps.
  Standalone, the virtual clock advances by the real time waited (looptime's
  rule); conducted, it stands still until the threads are done, so no verdict
  depends on how fast a thread ran.
* Sub-microsecond timeouts: a `timeout` that rounds to zero ticks would
  leave the timer not yet due and spin the loop forever; we always advance
  by at least one tick.
* Equal deadlines do not wake in creation order under a jumping clock.
  Scenarios use distinct delays unless a tie is the point.
"""

from __future__ import annotations

import asyncio
import selectors
import time
import weakref
from collections.abc import Callable
from typing import Any, Literal

from ..wire import TICKS_PER_SECOND

StallKind = Literal["deadlock", "alarm"]
_EXECUTOR_POLL_S = 0.005


class VirtualLoop(asyncio.SelectorEventLoop):
    """A selector event loop on a virtual, microsecond clock starting at 0."""

    def __init__(self) -> None:
        super().__init__(selectors.DefaultSelector())
        self._ticks = 0
        self.alarm: float | None = None
        self.on_stall: Callable[[StallKind], None] | None = None
        self._executor_futures: weakref.WeakSet[asyncio.Future[Any]] = weakref.WeakSet()
        self._external_waits = 0
        self.conductor: Any = None  # a grader.child.conductor.Conductor, when conducted
        selector: Any = self._selector  # type: ignore[attr-defined]
        self._real_select = selector.select
        selector.select = self._virtual_select

    def time(self) -> float:
        return self._ticks / TICKS_PER_SECOND

    def jump_to(self, ticks: int) -> None:
        """Set the clock (conducted: the grader's time, never questioned)."""
        self._ticks = ticks

    def run_in_executor(self, executor: Any, func: Any, *args: Any) -> Any:  # type: ignore[override]
        future = super().run_in_executor(executor, func, *args)
        self._executor_futures.add(future)
        return future

    async def shutdown_default_executor(self, *args: Any) -> None:
        # Joins the executor from a raw thread, not through run_in_executor:
        # waiting for it is waiting for a thread, not a deadlock.
        self._external_waits += 1
        try:
            await super().shutdown_default_executor(*args)
        finally:
            self._external_waits -= 1

    def _virtual_select(self, timeout: float | None) -> list[tuple[Any, int]]:
        ready: list[tuple[Any, int]] = self._real_select(0)
        if ready or timeout == 0:
            return ready
        if self._external_waits or any(not f.done() for f in self._executor_futures):
            return self._wait_for_threads(timeout)
        if self.conductor is not None:
            self.conductor.idle(None if timeout is None else _ticks(timeout))
            return []
        if timeout is None:
            self._stall("deadlock")
            return []
        self._advance(timeout)
        return []

    def _wait_for_threads(self, timeout: float | None) -> list[tuple[Any, int]]:
        """Wait in real time for executor jobs, moving the clock as real time passes."""
        step = _EXECUTOR_POLL_S if timeout is None else min(timeout, _EXECUTOR_POLL_S)
        started = time.monotonic()
        ready: list[tuple[Any, int]] = self._real_select(step)
        if not ready and self.conductor is None:
            self._advance(min(step, time.monotonic() - started) if timeout is None else step)
        return ready

    def _advance(self, seconds: float) -> None:
        target = self._ticks + max(1, round(seconds * TICKS_PER_SECOND))
        alarm = None if self.alarm is None else round(self.alarm * TICKS_PER_SECOND)
        if alarm is not None and target > alarm:
            self._ticks = max(self._ticks, alarm)
            self._stall("alarm")
            return
        self._ticks = target

    def _stall(self, kind: StallKind) -> None:
        if kind == "alarm":
            self.alarm = None
        if self.on_stall is None:
            raise LoopStalled(kind, self.time())
        self.on_stall(kind)


def _ticks(seconds: float) -> int:
    """Whole ticks, at least one: a timeout that rounds to zero would spin the loop."""
    return max(1, round(seconds * TICKS_PER_SECOND))


class LoopStalled(RuntimeError):
    """The loop stalled (deadlock or alarm) and nobody was there to react."""

    def __init__(self, kind: StallKind, at: float) -> None:
        super().__init__(f"event loop stalled ({kind}) at virtual t={at}")
        self.kind = kind
        self.at = at
