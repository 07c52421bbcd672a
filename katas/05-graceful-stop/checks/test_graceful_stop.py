"""Hidden checks for kata 05 (graceful-stop).

run_with_cleanup is judged with the grader's own cancel-and-await (``cancel_at``)
and with a step() that fails; stop() is judged on tasks the grader starts at t=0
(`Victim`).  Each function has its own checks, so a file with only one of them
right scores that one's.  Cancel instants never coincide with the end of a step
or with the end of a task's cleanup.
"""

from __future__ import annotations

from dataclasses import dataclass

from grader.testing import CheckFailed, Hint, Resource, Steps, Victim, check, expect, seconds
from grader.testing.run import CallTimeline
from grader.testing.values import exactly_equal, render, type_name

RUN = "run_with_cleanup"
STOP = "stop"

# -- hints: run_with_cleanup ------------------------------------------------------------
FINALLY_HINT = ("Put the loop in `try:` and the close in `finally:` - `try: while True: await "
                "step()` / `finally: await resource.close()` - so it runs exactly once, "
                "however the loop ends, and the exception (CancelledError included) goes on "
                "by itself afterwards.")
SWALLOWED_CANCEL_HINT = ("Your function caught the CancelledError and then finished normally, "
                         "so its caller cannot tell that it was stopped. After closing, "
                         "re-raise it with a bare `raise` (or use try/finally, which re-raises "
                         "by itself). `except asyncio.CancelledError:` without `raise`, "
                         "`except BaseException:` and a bare `except:` all swallow it.")
KEPT_LOOPING_HINT = ("After being cancelled your function went on calling step(). A "
                     "CancelledError must end the loop: do not catch it inside the loop, or "
                     "re-raise it after cleaning up.")
CHANGED_CANCEL_HINT = ("Let CancelledError propagate unchanged; do not turn it into another "
                       "exception.")
SWALLOWED_ERROR_HINT = ("You caught step()'s exception and did not re-raise it. Close the "
                        "resource, then let the exception go on: a bare `raise` in the except "
                        "block, or try/finally. A bare `except:` (or `except BaseException:`) "
                        "without `raise` also swallows the caller's cancellation.")
COPY_HINT = ("Let the original exception propagate (or re-raise it with a bare `raise`) "
             "instead of creating a new one.")
NOT_AWAITED_HINT = ("Calling resource.close() only creates a coroutine: nothing is closed "
                    "until you `await resource.close()`.")
NOT_FINISHED_HINT = ("close() was still running when your function ended. Await it "
                     "(`await resource.close()`) instead of starting it as a task and moving "
                     "on: the resource is only closed once close() has returned.")
NEVER_CLOSED_HINT = ("That way of ending never reached resource.close(). " + FINALLY_HINT)
CLOSED_TWICE_HINT = ("Close in one place only. Closing in `except ...:` and again in "
                     "`finally:` (which runs after the except block too) closes twice. "
                     + FINALLY_HINT)

# -- hints: stop --------------------------------------------------------------------------
WAIT_HINT = ("task.cancel() only asks the task to stop: it stops later, when it next runs, "
             "and may first spend a while cleaning up. Wait until it has finished - `await "
             "asyncio.wait([task])`, or `await task` inside try/except CancelledError - and "
             "only then look at how it ended.")
TASK_CANCELLED_ERROR_HINT = ("`await task` raises CancelledError when the task ends "
                             "cancelled: that is the task's answer, not an error of yours. "
                             "Catch it (or wait with `await asyncio.wait([task])`, which does "
                             "not raise the task's outcome) and return True.")
OWN_CANCEL_HINT = ("When stop() itself is cancelled while it waits, the CancelledError you "
                   "catch around `await task` is your own, not (only) the task's: re-raise "
                   "it. `await asyncio.wait([task])` raises only your own cancellation, so "
                   "after it `return task.cancelled()` is safe; or, in the except block, "
                   "re-raise when `asyncio.current_task().cancelling()` is non-zero.")
NEVER_CANCELLED_HINT = ("stop() never cancelled the task. Call `task.cancel()` first, then "
                        "wait until the task has finished.")
BOOL_HINT = Hint(lambda got, _: type(got) is not bool,
                 "stop() reports how the task ended as a bool: True if it ended cancelled, "
                 "False otherwise - not the task's result or anything else.")
ENDED_HOW_HINT = ("Judge by how the task actually ended, once it has finished: "
                  "task.cancelled() is True only for a task that ended cancelled. Having "
                  "called cancel() does not mean it ended cancelled.")


def _nth(k: int) -> str:
    """1 -> '1st', 2 -> '2nd', 13 -> '13th'."""
    suffix = "th" if 10 <= k % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(k % 10, "th")
    return f"{k}{suffix}"


def _line(event) -> str:
    return f" (line {event.at.line})" if event is not None and event.at is not None \
        and event.at.line is not None else ""


# -- run_with_cleanup scenarios ----------------------------------------------------------
@dataclass
class Loop:
    """run_with_cleanup over a step() and a resource, cancelled or failing."""

    steps: Steps
    resource: Resource
    cancel_at: float | None = None
    fails_at: float | None = None

    @property
    def delay(self) -> float:
        return self.steps.delay

    @property
    def close_delay(self) -> float:
        return self.resource.close_delay

    @property
    def token(self) -> str:
        assert self.steps.failing_call is not None
        return self.steps.call_token(self.steps.failing_call)

    def call(self, kata):
        return kata.call(RUN, self.steps, self.resource, cancel_at=self.cancel_at)

    def story(self) -> str:
        every = f"each step() takes {seconds(self.delay)}"
        closing = f"resource.close() takes {seconds(self.close_delay)}"
        if self.cancel_at is not None:
            running = int(self.cancel_at / self.delay) + 1
            return (f"{every}; the caller cancels {RUN} at t={seconds(self.cancel_at)}, while "
                    f"the {_nth(running)} step() is running; {closing}")
        failure = self.steps.failure
        assert self.steps.failing_call is not None and self.fails_at is not None
        return (f"{every}; the {_nth(self.steps.failing_call + 1)} step() raises {failure} at "
                f"t={seconds(self.fails_at)}; {closing}")

    @property
    def ends_at(self) -> float:
        """When a correct run_with_cleanup ends: the cancel or the failure, plus one close."""
        start = self.cancel_at if self.cancel_at is not None else self.fails_at
        assert start is not None
        return start + self.close_delay


def _step_and_close(kata) -> tuple[int, float]:
    """A step delay in hundredths and a different close delay in seconds."""
    step = kata.dice.random.randrange(5, 31)
    close = kata.dice.random.choice([h for h in range(10, 96) if h != step])
    return step, close / 100


def _cancelled(kata) -> Loop:
    """The caller cancels in the middle of a step, after a few have finished."""
    step, close = _step_and_close(kata)
    finished = kata.dice.random.randrange(2, 6)
    into = kata.dice.random.randrange(1, step)  # never exactly when a step ends
    cancel_at = (finished * step + into) / 100
    return Loop(Steps(step / 100), Resource(close), cancel_at=cancel_at)


def _failing(kata) -> Loop:
    """A step() raises after a few have returned."""
    step, close = _step_and_close(kata)
    failing_call = kata.dice.random.randrange(2, 6)
    failure = kata.dice.failure("step")
    steps = Steps(step / 100, failing_call=failing_call, failure=failure)
    return Loop(steps, Resource(close), fails_at=(failing_call + 1) * step / 100)


def _closes(run, loop: Loop) -> tuple[list[CallTimeline], dict[int, CallTimeline]]:
    """Every close() call (also after the return) and, by call number, what came before it."""
    label = loop.resource.label
    return run.calls(label, until_return=False), {c.call: c for c in run.calls(label)}


def _close_problem(run, loop: Loop) -> tuple[str, str] | None:
    """None if close() completed exactly once before the run ended; else (observed, hint)."""
    every, before_end = _closes(run, loop)
    ended = f"{RUN} ended at t={seconds(run.ended_at)}"
    if not every:
        return f"resource.close() was never called; {ended}", NEVER_CLOSED_HINT
    if len(every) > 1:
        times = "; ".join(f"at t={seconds(c.events[0].t)}{_line(c.first('called'))}"
                          for c in every)
        return (f"resource.close() was called {len(every)} times: {times}; {ended}",
                CLOSED_TWICE_HINT)
    (close,) = every
    called = close.first("called")
    if close.started is None:
        return (f"resource.close() was called{_line(called)} but never awaited, so it never "
                f"ran; {ended}", NOT_AWAITED_HINT)
    seen = before_end.get(close.call)
    if seen is None or seen.started is None:
        return (f"resource.close() had not even started when {ended}: it only ran "
                "afterwards", NOT_FINISHED_HINT)
    if seen.first("returned") is None:
        return (f"resource.close() started at t={seconds(close.started.t)} and was still "
                f"running when {ended}", NOT_FINISHED_HINT)
    return None


def _ended(run) -> bool:
    """The call ended without the grader having to stop it (cancelled counts as ended)."""
    return run.stopped is None and run.kind in ("returned", "raised", "cancelled")


def _unended_hint(run, function: str, hint: str) -> str:
    """`hint`, unless the function was not even async."""
    if run.kind == "not_awaitable":
        return f"Declare it with `async def {function}(...)` so callers can await it."
    return hint


def _loop_kept_free(run, function: str) -> None:
    """`expect.loop_kept_free`, saying which of the two functions is concerned."""
    try:
        expect.loop_kept_free(run)
    except CheckFailed as failed:
        raise expect.fail(f"{function}() never to block the event loop, and every coroutine it "
                          "creates to be awaited", failed.observed, failed.hint) from None


# -- cancellation -----------------------------------------------------------------------
@check("cancelled-run-ends-cancelled")
def test_a_cancelled_run_ends_cancelled(kata):
    loop = _cancelled(kata)
    run = loop.call(kata)
    if run.kind == "cancelled" and run.stopped is None:
        return
    wanted = (f"{RUN} to end cancelled, letting CancelledError propagate after closing the "
              f"resource ({loop.story()})")
    if run.stopped is not None:
        after = [c for c in run.calls(loop.steps.label, until_return=False)
                 if c.events[0].t > loop.cancel_at]
        raise expect.fail(wanted, run.describe(), KEPT_LOOPING_HINT if after
                          else SWALLOWED_CANCEL_HINT)
    if run.kind == "returned":
        raise expect.fail(wanted, run.describe(), SWALLOWED_CANCEL_HINT)
    raise expect.fail(wanted, run.describe(), _unended_hint(
        run, RUN, CHANGED_CANCEL_HINT if run.kind == "raised" else SWALLOWED_CANCEL_HINT))


# -- ordering ---------------------------------------------------------------------------
@check("closed-once-before-end")
def test_the_resource_is_closed_once_before_the_cancelled_run_ends(kata):
    loop = _cancelled(kata)
    run = loop.call(kata)
    wanted = (f"resource.close() to have been called once and to have finished before {RUN} "
              f"ended: closing from t={seconds(loop.cancel_at)} to "
              f"t={seconds(loop.ends_at)} ({loop.story()})")
    if not _ended(run):
        raise expect.fail(wanted, run.describe(), _unended_hint(run, RUN, KEPT_LOOPING_HINT))
    problem = _close_problem(run, loop)
    if problem is not None:
        raise expect.fail(wanted, *problem)


# -- errors -------------------------------------------------------------------------------
@check("step-error-closes-and-propagates")
def test_a_step_error_closes_once_and_propagates(kata):
    loop = _failing(kata)
    run = loop.call(kata)
    failure = loop.steps.failure
    wanted = (f"{RUN} to close the resource once and then raise the very exception step() "
              f"raised, {failure}, at t={seconds(loop.ends_at)} ({loop.story()})")
    if run.kind == "returned" and run.stopped is None:
        raise expect.fail(wanted, run.describe(), SWALLOWED_ERROR_HINT)
    raised = expect.raised(run, wanted)
    if raised.token != loop.token:
        raise expect.fail(wanted, f"{RUN} raised {raised} at t={seconds(run.ended_at)}: a "
                          "different exception object from the one step() raised", COPY_HINT)
    problem = _close_problem(run, loop)
    if problem is not None:
        raise expect.fail(wanted, *problem)


# -- hygiene ------------------------------------------------------------------------------
@check("close-awaited")
def test_no_close_is_left_unawaited(kata):
    for loop in (_cancelled(kata), _failing(kata)):
        run = loop.call(kata)
        every, _ = _closes(run, loop)
        forgotten = [c for c in every if c.started is None]
        if forgotten:
            lines = ", ".join(_line(c.first("called")).strip(" ()") or "?" for c in forgotten)
            raise expect.fail(f"every resource.close() you call to be awaited ({loop.story()})",
                              f"resource.close() was called but never awaited ({lines})",
                              NOT_AWAITED_HINT)


@check("cleanup-loop-kept-free")
def test_run_with_cleanup_never_blocks_the_loop(kata):
    for loop in (_cancelled(kata), _failing(kata)):
        run = loop.call(kata)
        if not _ended(run):
            raise expect.fail(f"{RUN} to end by itself ({loop.story()})", run.describe(),
                              _unended_hint(run, RUN, KEPT_LOOPING_HINT))
        _loop_kept_free(run, RUN)


# -- stop scenarios -----------------------------------------------------------------------
@dataclass
class Stopping:
    """stop(task) called at `start_at` on a task the grader started at t=0."""

    victim: Victim
    start_at: float
    cancel_at: float | None = None

    def call(self, kata):
        return kata.call(STOP, self.victim, start_at=self.start_at, cancel_at=self.cancel_at)

    @property
    def label(self) -> str:
        return self.victim.label

    @property
    def cleaned_at(self) -> float:
        return self.start_at + self.victim.cleanup

    def story(self, *, with_cancel: bool = True) -> str:
        v = self.victim
        called = f"stop(task) is called at t={seconds(self.start_at)}"
        if v.run is not None:
            return f"the task returned {v.value!r} at t={seconds(v.run)}; {called}"
        after = (f"returns {v.value!r} normally, swallowing the cancellation" if v.swallow
                 else "ends cancelled")
        text = (f"the task runs until it is cancelled, then cleans up for "
                f"{seconds(v.cleanup)} and {after}; {called}")
        if self.cancel_at is not None and with_cancel:
            text += f"; the caller cancels stop() at t={seconds(self.cancel_at)}"
        return text

    def timeline(self, run, *, until_return: bool = True) -> CallTimeline:
        return run.call(self.label, self.label, until_return=until_return)


def _ending(run) -> str:
    """How a stop() call that ended by itself ended, e.g. "stop() returned True at t=0.20 s"."""
    at = f"t={seconds(run.ended_at)}"
    if run.kind == "returned":
        return f"stop() returned {render(run.value)} at {at}"
    if run.kind == "cancelled":
        return f"stop() raised CancelledError at {at}"
    return f"stop() raised {run.exception} at {at}"


def _value(kata) -> str:
    return f"result-{kata.dice.random.randrange(16**6):06x}"


def _times(kata, count: int) -> list[float]:
    """`count` distinct instants in hundredths, sorted."""
    return sorted(kata.dice.delays(count, low=10, high=90))


def _cancellable(kata, *, swallow: bool = False) -> Stopping:
    """A task that runs until cancelled and then cleans up for a while."""
    start, cleanup = kata.dice.delays(2, low=10, high=90)
    victim = Victim(run=None, value=_value(kata), cleanup=cleanup, swallow=swallow)
    return Stopping(victim, start)


def _already_returned(kata) -> Stopping:
    returned_at, start = _times(kata, 2)
    return Stopping(Victim(run=returned_at, value=_value(kata)), start)


def _never_cancelled(run, s: Stopping) -> bool:
    """The task would have run on, and stop() never cancelled it (the grader may have,
    when it stopped a stop() that waited forever)."""
    stopped = run.observation.stopped
    limit = stopped.at if stopped is not None else float("inf")
    cancelled = s.timeline(run, until_return=False).first("cancelled")
    return s.victim.run is None and (cancelled is None or cancelled.t >= limit)


def _stop_returns(kata, s: Stopping, expected: bool, value_hints: list[Hint]) -> None:
    run = s.call(kata)
    wanted = f"stop(task) to return {expected} ({s.story()})"
    if run.kind == "cancelled" and run.stopped is None:
        raise expect.fail(wanted, f"stop() raised CancelledError at t={seconds(run.ended_at)}, "
                          "although nobody had cancelled stop() itself",
                          TASK_CANCELLED_ERROR_HINT)
    never_cancelled = _never_cancelled(run, s)
    if never_cancelled:
        value_hints = [Hint(lambda got, _: True, NEVER_CANCELLED_HINT)]
        if run.stopped is not None:
            raise expect.fail(wanted, run.describe(), NEVER_CANCELLED_HINT)
    value = expect.returned(run, wanted)
    if exactly_equal(value, expected):
        return
    early = (s.victim.run is None and not never_cancelled
             and s.timeline(run).first("cleaned") is None)
    if early:  # it returned before the task had finished: waiting is the first thing to fix
        value_hints = [Hint(lambda got, _: type(got) is bool,
                            "You returned before the task had finished its cleanup, so you "
                            "could not know yet how it would end. " + WAIT_HINT), *value_hints]
    hint = next((h.text for h in [BOOL_HINT, *value_hints] if h.applies(value, expected)),
                expect.FALLBACK_HINT)
    kind = "" if type(value) is bool else f" (a {type_name(value)}, not a bool)"
    observed = f"stop() returned {render(value)}{kind} at t={seconds(run.ended_at)}"
    if early:
        observed += f", while the task was still cleaning up (until t={seconds(s.cleaned_at)})"
    elif never_cancelled:
        observed += ", and the task was never cancelled"
    elif s.victim.swallow:
        observed += ", after the task had swallowed the cancellation and returned normally"
    raise expect.fail(wanted, observed, hint)


# -- result -------------------------------------------------------------------------------
@check("stop-true-when-cancelled")
def test_stop_returns_true_for_a_task_that_ends_cancelled(kata):
    s = _cancellable(kata)
    _stop_returns(kata, s, True, [Hint(lambda got, _: got is False,
                                       "task.cancelled() is only True once the task has "
                                       "finished. " + WAIT_HINT)])


@check("stop-false-when-already-returned")
def test_stop_returns_false_for_a_task_that_had_returned(kata):
    s = _already_returned(kata)
    _stop_returns(kata, s, False, [Hint(lambda got, _: got is True,
                                        "The task had already returned when you called "
                                        "cancel(): cancel() on a finished task does nothing. "
                                        + ENDED_HOW_HINT)])


@check("stop-false-when-swallowed")
def test_stop_returns_false_for_a_task_that_swallows_the_cancellation(kata):
    s = _cancellable(kata, swallow=True)
    _stop_returns(kata, s, False, [Hint(lambda got, _: got is True,
                                        "This task caught its CancelledError and returned "
                                        "normally. " + ENDED_HOW_HINT)])


# -- cancellation -------------------------------------------------------------------------
@check("stop-cancelled-raises")
def test_stop_cancelled_while_waiting_raises_cancelled_error(kata):
    start, into, cleanup = _times(kata, 3)  # the cancel falls inside the task's cleanup
    victim = Victim(run=None, value=_value(kata), cleanup=cleanup)
    s = Stopping(victim, start, cancel_at=start + into)
    run = s.call(kata)
    if run.kind == "cancelled" and run.stopped is None:
        return
    wanted = (f"stop() to raise CancelledError at t={seconds(s.cancel_at)}, when its caller "
              f"cancels it while it waits for the task's cleanup ({s.story(with_cancel=False)}, "
              f"so the cleanup lasts until t={seconds(s.cleaned_at)})")
    if run.stopped is None and run.ended_at < s.cancel_at:
        ending = _ending(run) if _ended(run) else run.describe()
        raise expect.fail(wanted, f"{ending}, before it was cancelled and while the task was "
                          "still cleaning up", _unended_hint(run, STOP, WAIT_HINT))
    if run.kind == "returned" and run.stopped is None:
        raise expect.fail(wanted, _ending(run), OWN_CANCEL_HINT)
    if run.kind == "raised" and run.stopped is None:
        raise expect.fail(wanted, _ending(run), CHANGED_CANCEL_HINT)
    raise expect.fail(wanted, run.describe(), OWN_CANCEL_HINT)


# -- ordering -----------------------------------------------------------------------------
@check("stop-waits-for-cleanup")
def test_stop_returns_only_after_the_task_and_its_cleanup(kata):
    for s in (_cancellable(kata), _cancellable(kata, swallow=True)):
        run = s.call(kata)
        wanted = (f"stop() to return only after the task has finished, cleanup included, at "
                  f"t={seconds(s.cleaned_at)} ({s.story()})")
        if not _ended(run):
            raise expect.fail(wanted, run.describe(), _unended_hint(
                run, STOP, NEVER_CANCELLED_HINT if _never_cancelled(run, s) else WAIT_HINT))
        if s.timeline(run).first("cleaned") is not None:
            continue
        if _never_cancelled(run, s):
            raise expect.fail(wanted, f"{_ending(run)}, and the task was never cancelled",
                              NEVER_CANCELLED_HINT)
        raise expect.fail(wanted, f"{_ending(run)}, while the task was still cleaning up "
                          f"(until t={seconds(s.cleaned_at)})", WAIT_HINT)


# -- hygiene ------------------------------------------------------------------------------
@check("stop-loop-kept-free")
def test_stop_never_blocks_the_loop(kata):
    for s in (_cancellable(kata), _already_returned(kata), _cancellable(kata, swallow=True)):
        run = s.call(kata)
        if not _ended(run):
            raise expect.fail(f"stop() to end by itself ({s.story()})", run.describe(),
                              _unended_hint(run, STOP, NEVER_CANCELLED_HINT
                                            if _never_cancelled(run, s) else WAIT_HINT))
        _loop_kept_free(run, STOP)

