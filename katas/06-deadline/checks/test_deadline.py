"""Hidden checks for kata 06 (deadline)."""

from __future__ import annotations

from dataclasses import dataclass

from grader.testing import (
    CheckFailed,
    Fetch,
    Hint,
    Step,
    check,
    expect,
    hints,
    same_instant,
    seconds,
)
from grader.testing.describe import described
from grader.testing.values import exactly_equal, render

FUNCTION = "fetch_or_default"

WAIT_FOR_HINT = ("Let asyncio do the timing: `await asyncio.wait_for(fetch(name), timeout)` (or "
                 "`async with asyncio.timeout(timeout):`) raises TimeoutError at exactly the "
                 "deadline and cancels the fetch; catch that TimeoutError and return default.")
CLOCK_HINT = ("You waited for the whole fetch and only then compared the clock with the "
              "timeout: the caller waited past the deadline, and the fetch was never stopped. "
              + WAIT_FOR_HINT)
LEFT_RUNNING_HINT = ("asyncio.wait(..., timeout=...) and asyncio.shield only stop *waiting* for "
                     "the fetch, and task.cancel() only asks a task to stop (it stops later, "
                     "when it next runs): either way the fetch is still running when you "
                     "return. Cancel it *and await it* - asyncio.wait_for and asyncio.timeout "
                     "do both for you.")
NEVER_CANCELLED_HINT = ("Nothing cancelled the fetch: asyncio.wait(..., timeout=...) and "
                        "asyncio.shield only stop *waiting* for it, and it runs on after you "
                        "return. Use `await asyncio.wait_for(fetch(name), timeout)` (or `async "
                        "with asyncio.timeout(timeout):`) without shield: it cancels the fetch at "
                        "the deadline and waits until it has finished.")
CANCELLED_NOT_AWAITED_HINT = ("You cancelled the fetch but returned without waiting for it: "
                              "task.cancel() only asks, and the fetch sees CancelledError later, "
                              "after you have returned. Await the task after cancelling it, or "
                              "let asyncio.wait_for / asyncio.timeout cancel and wait for you.")
SWALLOWED_CANCEL_HINT = ("Something in your code caught the CancelledError meant for "
                         "fetch_or_default and returned the default instead. Catch only "
                         "TimeoutError: `except asyncio.CancelledError`, `except BaseException` "
                         "and a bare `except:` swallow the caller's cancellation, and a task "
                         "that swallows its cancellation cannot be stopped. A timer of your own "
                         "that cancels the fetch cannot tell its CancelledError from the "
                         "caller's either: let asyncio.wait_for do the timing.")
BROAD_EXCEPT_HINT = ("The fetch's own error became the default. `except Exception` (or a bare "
                     "`except:`) catches every error, not only the deadline's TimeoutError: "
                     "catch just TimeoutError and let anything else propagate.")
NEVER_RAN_HINT = ("Calling fetch(name) only creates a coroutine: it runs once you await it "
                  "(for instance through asyncio.wait_for) or wrap it in a task.")
COPY_HINT = ("Let the original exception propagate (or re-raise it with a bare `raise`) "
             "instead of creating a new one.")
TIMEOUT_ESCAPED_HINT = ("When the deadline passes, asyncio.wait_for (and `async with "
                        "asyncio.timeout(...)`) raise TimeoutError. Catch it - `except "
                        "TimeoutError:` - and return default.")
ASYNC_HINT = f"Declare it with `async def {FUNCTION}(...)` so callers can await it."
PENDING_HINT = ("Every task you create must be finished (awaited, or cancelled and awaited) "
                "before fetch_or_default returns.")

ENDINGS = {"returned": "finished", "raised": "failed", "cancelled": "observed CancelledError",
           "closed": "was closed"}


@dataclass
class Scenario:
    """One fetch of one name against one deadline."""

    fetch: Fetch
    name: str
    timeout: float
    default: str

    @property
    def delay(self) -> float:
        return self.fetch.delay(self.name)

    def call(self, kata, *, cancel_at: float | None = None):
        return kata.call(FUNCTION, self.fetch, self.name, self.timeout, self.default,
                         cancel_at=cancel_at)

    def story(self) -> str:
        """The scenario in a student's words."""
        if self.delay < self.timeout:
            outcome = "fails" if self.fetch.failure(self.name) is not None else "finishes"
            return (f"fetch({self.name!r}) {outcome} at t={seconds(self.delay)}, before the "
                    f"deadline t={seconds(self.timeout)}")
        return (f"fetch({self.name!r}) would finish at t={seconds(self.delay)}, after the "
                f"deadline t={seconds(self.timeout)}")


def _outcome(run) -> str:
    """What the call did, with returned objects described rather than printed."""
    if run.kind == "returned" and run.stopped is None:
        return f"{FUNCTION} returned {described(run.value)} at t={seconds(run.ended_at)}"
    return run.describe()


def _expect_value(run, expected: str, wanted: str, value_hints: list[Hint]) -> None:
    """The call returned exactly `expected`; else a failure naming what it returned."""
    value = expect.returned(run, wanted)
    if exactly_equal(value, expected):
        return
    hint = next((h.text for h in value_hints if h.applies(value, expected)), expect.FALLBACK_HINT)
    raise expect.fail(wanted, _outcome(run), hint)


def _fetch_task_left(run, s: Scenario) -> tuple[bool, bool]:
    """(a task running the fetch was pending on return, every such task had been cancelled)."""
    left = [task for task in run.pending if task.coro == s.fetch.label]
    return bool(left), bool(left) and all(task.cancelling for task in left)


def _scenario(kata, delay: float, timeout: float, *, failing: bool = False) -> Scenario:
    dice = kata.dice
    (name,) = dice.names(1)
    step = (Step(delay, failure=dice.failure(name)) if failing
            else Step(delay, value=dice.value_for(name)))
    default = f"default-{dice.random.randrange(16**6):06x}"
    return Scenario(Fetch({name: step}), name, timeout, default)


def _fast(kata, *, failing: bool = False) -> Scenario:
    """The fetch ends before the deadline."""
    delay, timeout = sorted(kata.dice.delays(2))
    return _scenario(kata, delay, timeout, failing=failing)


def _slow(kata) -> Scenario:
    """The fetch would end after the deadline."""
    timeout, delay = sorted(kata.dice.delays(2))
    return _scenario(kata, delay, timeout)


# -- result ---------------------------------------------------------------------------
@check("fast-fetch-gives-its-value")
def test_a_fast_fetch_gives_its_value(kata):
    s = _fast(kata)
    run = s.call(kata)
    expected = s.fetch.value(s.name)
    wanted = (f"{FUNCTION} to return fetch({s.name!r})'s value {render(expected)} at "
              f"t={seconds(s.delay)} ({s.story()})")
    default_hint = Hint(lambda got, _: got == s.default,
                        f"That is the default, but fetch({s.name!r}) finished at "
                        f"t={seconds(s.delay)}, before the deadline t={seconds(s.timeout)}: its "
                        "value was in time. Return the default only when the deadline passes "
                        "first.")
    _expect_value(run, expected, wanted,
                  [default_hint, hints.COROUTINES_NOT_AWAITED, hints.TASKS_NOT_AWAITED])


@check("slow-fetch-gives-default")
def test_a_slow_fetch_gives_the_default(kata):
    s = _slow(kata)
    run = s.call(kata)
    wanted = (f"{FUNCTION} to return the default {s.default!r} at the deadline "
              f"t={seconds(s.timeout)} ({s.story()})")
    exc = run.exception
    if run.kind == "raised" and run.stopped is None and exc is not None \
            and exc.class_name == "TimeoutError":
        raise expect.fail(wanted, f"{FUNCTION} let the deadline's TimeoutError escape at "
                          f"t={seconds(run.ended_at)}", TIMEOUT_ESCAPED_HINT)
    late_hint = Hint(lambda got, _: got == s.fetch.value(s.name),
                     f"That is fetch({s.name!r})'s value, which only arrived at "
                     f"t={seconds(s.delay)}, after the deadline t={seconds(s.timeout)}. "
                     + WAIT_FOR_HINT)
    _expect_value(run, s.default, wanted,
                  [late_hint, hints.COROUTINES_NOT_AWAITED, hints.TASKS_NOT_AWAITED])


# -- concurrency ----------------------------------------------------------------------
@check("gives-up-at-the-deadline")
def test_gives_up_at_exactly_the_deadline(kata):
    s = _slow(kata)
    run = s.call(kata)
    if run.kind == "not_awaitable":  # not async at all: say so, not that it was early
        expect.returned(run, f"{FUNCTION} to finish at t={seconds(s.timeout)} ({s.story()})")
    if run.ended_on_its_own and same_instant(run.elapsed, s.delay):
        hint = CLOCK_HINT
    elif run.ended_on_its_own and run.elapsed < s.timeout:
        hint = (f"fetch_or_default ended before the deadline t={seconds(s.timeout)}, while "
                f"fetch({s.name!r}) still had time to finish. " + WAIT_FOR_HINT)
    else:
        hint = WAIT_FOR_HINT
    expect.elapsed_is(run, s.timeout, because=f"{s.story()}: give up at the deadline",
                      hint=hint)


# -- cancellation ---------------------------------------------------------------------
@check("slow-fetch-cancelled-at-deadline")
def test_the_slow_fetch_is_cancelled_at_the_deadline(kata):
    s = _slow(kata)
    run = s.call(kata)
    wanted = (f"fetch({s.name!r}) to observe CancelledError at the deadline "
              f"t={seconds(s.timeout)} and to have finished before {FUNCTION} returned "
              f"(it would run until t={seconds(s.delay)})")
    expect.ended(run, wanted)
    mine = run.call(s.name)
    ended = mine.ended
    if ended is not None and ended.event == "cancelled" and same_instant(ended.t, s.timeout):
        return
    returned_at = f"{FUNCTION} ended at t={seconds(run.elapsed)}"
    if ended is not None:
        if ended.event == "returned":
            raise expect.fail(wanted, f"fetch({s.name!r}) was never cancelled: it ran to its "
                              f"end at t={seconds(ended.t)}, and {returned_at}", CLOCK_HINT)
        raise expect.fail(wanted, f"fetch({s.name!r}) {ENDINGS[ended.event]} at "
                          f"t={seconds(ended.t)}, and {returned_at}", WAIT_FOR_HINT)
    if mine.first("called") is None:
        raise expect.fail(wanted, f"fetch({s.name!r}) was never called; {returned_at}",
                          WAIT_FOR_HINT)
    if mine.started is None:
        raise expect.fail(wanted, f"fetch({s.name!r}) was called but had not started running "
                          f"when {returned_at}", NEVER_RAN_HINT)
    left, all_cancelled = _fetch_task_left(run, s)
    if left and all_cancelled:
        raise expect.fail(wanted, f"fetch({s.name!r}) was still running when {returned_at}: it "
                          "had been cancelled, but the cancellation had not reached it yet",
                          CANCELLED_NOT_AWAITED_HINT)
    if left:
        raise expect.fail(wanted, f"fetch({s.name!r}) was still running, never cancelled, when "
                          f"{returned_at}", NEVER_CANCELLED_HINT)
    raise expect.fail(wanted, f"fetch({s.name!r}) was still running when {returned_at}",
                      LEFT_RUNNING_HINT)


@check("outside-cancel-propagates")
def test_cancelling_the_call_raises_cancelled_error(kata):
    cancel_at, *others = sorted(kata.dice.delays(3))
    delay, timeout = kata.dice.shuffled(others)
    s = _scenario(kata, delay, timeout)
    run = s.call(kata, cancel_at=cancel_at)
    wanted = (f"{FUNCTION} to raise CancelledError when its caller cancels it at "
              f"t={seconds(cancel_at)} (fetch({s.name!r}) would finish at t={seconds(delay)}, "
              f"the deadline is t={seconds(timeout)})")
    if run.kind == "cancelled" and run.stopped is None:
        return
    if run.kind == "returned" and run.stopped is None and run.elapsed < cancel_at \
            and not same_instant(run.elapsed, cancel_at):
        raise expect.fail(wanted, f"{_outcome(run)}, before it was cancelled",
                          f"fetch_or_default must wait for fetch({s.name!r}) or for the "
                          "deadline, whichever comes first; it returned before either. "
                          + WAIT_FOR_HINT)
    if run.kind == "returned" and run.stopped is None:
        hint = SWALLOWED_CANCEL_HINT if run.value == s.default else (
            "Once fetch_or_default is cancelled it must stop: let the CancelledError "
            "propagate instead of carrying on and returning.")
        what = (f"the default {s.default!r}" if exactly_equal(run.value, s.default)
                else described(run.value))
        raise expect.fail(wanted, f"{FUNCTION} returned {what} at t={seconds(run.ended_at)}, "
                          "after it had been cancelled", hint)
    if run.kind == "raised" and run.stopped is None:
        raise expect.fail(wanted, run.describe(),
                          "Let CancelledError propagate unchanged; do not turn it into another "
                          "exception.")
    raise expect.fail(wanted, run.describe(), ASYNC_HINT if run.kind == "not_awaitable"
                      else SWALLOWED_CANCEL_HINT)


# -- errors ---------------------------------------------------------------------------
@check("fetch-error-propagates")
def test_a_failing_fetch_raises_its_own_exception(kata):
    s = _fast(kata, failing=True)
    failure = s.fetch.failure(s.name)
    run = s.call(kata)
    wanted = (f"{FUNCTION} to raise the very exception fetch({s.name!r}) raised, {failure} "
              f"({s.story()})")
    fetch_failed = (ended := run.call(s.name).ended) is not None and ended.event == "raised"
    if run.kind == "returned" and run.stopped is None and run.value == s.default and fetch_failed:
        raise expect.fail(wanted, f"{FUNCTION} returned the default {s.default!r} at "
                          f"t={seconds(run.elapsed)}", BROAD_EXCEPT_HINT)
    if run.kind == "returned" and run.stopped is None:
        opaque = (hints.TASKS_NOT_AWAITED, hints.COROUTINES_NOT_AWAITED)
        raise expect.fail(wanted, _outcome(run), next(
            (h.text for h in opaque if h.applies(run.value, None)),
            "Let the fetch's exception propagate: await the fetch (through wait_for) and "
            "catch nothing but TimeoutError."))
    raised = expect.raised(run, wanted)
    if raised.token != s.fetch.token(s.name):
        raise expect.fail(wanted, f"{FUNCTION} raised {raised} at t={seconds(run.ended_at)}: "
                          f"a different exception object from the one fetch({s.name!r}) raised",
                          COPY_HINT)


# -- hygiene --------------------------------------------------------------------------
@check("nothing-left-pending")
def test_nothing_is_left_running(kata):
    for s in (_slow(kata), _fast(kata)):
        run = s.call(kata)
        expect.ended(run, f"{FUNCTION} to end by itself ({s.story()})")
        fetch_left, _ = _fetch_task_left(run, s)
        try:
            expect.nothing_pending(run, hint=NEVER_CANCELLED_HINT if fetch_left else PENDING_HINT)
        except CheckFailed as failed:
            raise expect.fail(f"{failed.expected} ({s.story()})", failed.observed,
                              failed.hint) from None


@check("loop-kept-free")
def test_the_event_loop_is_never_blocked(kata):
    for s in (_slow(kata), _fast(kata)):
        run = s.call(kata)
        expect.ended(run, f"{FUNCTION} to end by itself ({s.story()})")
        expect.loop_kept_free(run)
