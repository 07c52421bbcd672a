"""Judges: compare a run with the contract and fail in a student's words.

Every failure is a `CheckFailed` carrying what was expected, what was observed
(in virtual seconds where time matters) and a hint aimed at the mistake that
most often causes it.  Hidden checks call these helpers instead of bare
``assert``: a bare assert would speak pytest, not student.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from ..models.observation import Finding, TaskInfo
from .run import Run, same_instant, seconds
from .scenario import Fetch
from .values import ObservedException, Opaque, exactly_equal, render, type_name


class CheckFailed(Exception):
    """A check's verdict: the submission does not do what the contract says."""

    def __init__(self, expected: str, observed: str, hint: str | None = None) -> None:
        super().__init__(f"Expected {expected}; observed {observed}")
        self.expected = expected
        self.observed = observed
        self.hint = hint


def fail(expected: str, observed: str, hint: str | None = None) -> CheckFailed:
    """Build the failure to raise: ``raise fail(...)``."""
    return CheckFailed(expected, observed, hint)


# -- outcomes -----------------------------------------------------------------------
def returned(run: Run, expected: str) -> Any:
    """The value the call returned; fails if it raised, hung or was not async."""
    if run.kind == "returned" and run.stopped is None:
        return run.value
    raise fail(expected, run.describe(), _hint_for_unexpected_end(run))


def raised(run: Run, expected: str) -> ObservedException:
    """The exception the call raised; fails if it returned or hung."""
    if run.kind == "raised" and run.exception is not None and run.stopped is None:
        return run.exception
    hint = _hint_for_unexpected_end(run) if run.kind != "returned" else (
        "Your function returned where the contract asks it to raise. Let the exception "
        "propagate: do not catch it, or re-raise it with a bare `raise`.")
    raise fail(expected, run.describe(), hint)


def ended(run: Run, expected: str) -> None:
    """The call returned or raised by itself; fails if the grader had to stop it, or if
    the function was not async at all."""
    if not run.ended_on_its_own or run.kind == "not_awaitable":
        raise fail(expected, run.describe(), _hint_for_unexpected_end(run))


def _hint_for_unexpected_end(run: Run) -> str | None:
    if run.stopped == "deadlock":
        return ("Something is awaited that never completes. Check that every awaited task, "
                "event or future is actually started or set.")
    if run.stopped == "alarm":
        return "Look for a loop that never ends, or a wait longer than the work itself."
    if run.kind == "not_awaitable":
        return f"Declare it with `async def {run.function}(...)` so callers can await it."
    if run.exception is not None and run.exception.class_name == "SystemExit":
        return "sys.exit() ends the whole program; return a value or raise an exception instead."
    if run.exception is not None:
        return ("An exception escaped your function. Read the message above: is it one of the "
                "fakes' exceptions you should have handled, or a bug in your code?")
    return None


# -- values -------------------------------------------------------------------------
FALLBACK_HINT = ("Compare what you return with the contract in the spec, item by item: "
                 "type, order and values.")


def value_is(value: Any, expected: Any, *, what: str, hints: Iterable[Hint] = ()) -> None:
    """`value` equals `expected` exactly, types included (a list is not a tuple).

    The first hint that applies is shown; if none does, a general one.
    """
    if exactly_equal(value, expected):
        return
    hint = next((h.text for h in hints if h.applies(value, expected)), FALLBACK_HINT)
    raise fail(f"{what} to be {render(expected)} ({type_name(expected)})",
               f"{render(value)} ({type_name(value)})", hint)


class Hint:
    """A hint shown when `applies(value, expected)` says it fits the mistake."""

    def __init__(self, applies: Callable[[Any, Any], bool], text: str) -> None:
        self.applies = applies
        self.text = text


def wrong_type(kind: type) -> Callable[[Any, Any], bool]:
    """The value is of the given type (where the expected one is not)."""
    return lambda value, expected: type(value) is kind


def holds_opaque(class_suffix: str) -> Callable[[Any, Any], bool]:
    """The value is, or contains, objects whose class name ends with `class_suffix`."""
    def applies(value: Any, expected: Any) -> bool:
        items = value if isinstance(value, (list, tuple)) else [value]
        return any(isinstance(i, Opaque) and i.class_name.endswith(class_suffix) for i in items)
    return applies


def same_items_other_order(value: Any, expected: Any) -> bool:
    try:
        return (isinstance(value, (list, tuple)) and len(value) == len(expected)
                and sorted(map(render, value)) == sorted(map(render, expected)))
    except TypeError:
        return False


# -- time ---------------------------------------------------------------------------
def elapsed_is(run: Run, expected: float, *, because: str, hint: str) -> None:
    """The call took exactly `expected` virtual seconds."""
    finish = run.observation.called_at + expected
    wanted = f"{run.function} to finish at t={seconds(finish)} ({because})"
    if not run.ended_on_its_own:
        raise fail(wanted, run.describe(), _hint_for_unexpected_end(run))
    if not same_instant(run.elapsed, expected):
        raise fail(wanted, f"it finished at t={seconds(run.ended_at)}", hint)


def all_at_once(run: Run, fetch: Fetch, *, hint: str) -> None:
    """The call took as long as the slowest of `fetch`'s calls, as when all run at once.

    When it took every delay added up instead, the failure says the calls ran one
    after the other: the usual mistake, named in the student's terms.
    """
    count = len(fetch.names)
    try:
        elapsed_is(run, fetch.max_delay(), because=f"the slowest of {count} fetches running "
                   "at once", hint=hint)
    except CheckFailed as failed:
        total = sum(fetch.delay(name) for name in fetch.names)
        if run.ended_on_its_own and same_instant(run.elapsed, total):
            raise fail(failed.expected, f"{failed.observed}, all {count} delays added up: "
                       "the fetches ran one after the other", failed.hint) from None
        raise


# -- hygiene ------------------------------------------------------------------------
LOOP_FINDINGS = ("blocking-call", "cpu-burst", "never-awaited")


def nothing_pending(run: Run, *, hint: str) -> None:
    """No task the student's code created was still pending when the call ended.

    Tasks that were cancelled but never awaited get their own words and hint.
    The tasks are the child's claim; the fake calls the grader saw still running
    when the entry ended are a fact, and fail the check even where no task is claimed.
    """
    if not run.pending:
        if run.in_flight:
            running = "; ".join(f"{c.fake}({c.key!r}), started at t={seconds(c.since)}"
                                for c in run.in_flight[:5])
            count = len(run.in_flight)
            raise fail(f"no task you started to be still running when {run.function} ended",
                       f"{count} call{'s' if count != 1 else ''} of the fakes still running at "
                       f"t={seconds(run.ended_at)}: {running}", hint)
        return
    described = "; ".join(_tasks_text(run.pending))
    count = len(run.pending)
    if all(t.cancelling for t in run.pending):
        hint = ("cancel() only asks a task to stop; it stops later, at its next await. "
                "Await the cancelled task (or asyncio.wait / gather it) before returning.")
    raise fail(f"no task you started to be still running when {run.function} ended",
               f"{count} task{'s' if count != 1 else ''} still pending at "
               f"t={seconds(run.ended_at)}: {described}", hint)


def _tasks_text(tasks: list[TaskInfo]) -> list[str]:
    """One phrase per kind of pending task: "3 tasks running fetch() (line 5)"."""
    kinds: dict[tuple[str, int | None, bool], int] = {}
    for task in tasks:
        key = (task.coro, task.where.line if task.where is not None else None,
               bool(task.cancelling))
        kinds[key] = kinds.get(key, 0) + 1
    phrases = []
    for (coro, line, asked), count in list(kinds.items())[:5]:
        many = f"{count} tasks" if count > 1 else "a task"
        where = f" (line {line})" if line is not None else ""
        state = ", cancelled but not yet finished" if asked else ""
        phrases.append(f"{many} running {coro}(){where}{state}")
    return phrases


def loop_kept_free(run: Run) -> None:
    """No blocking call, no CPU burst, no never-awaited coroutine from the student's code."""
    findings = [f for f in run.findings if f.kind in LOOP_FINDINGS]
    if findings:
        first = findings[0]
        raise fail("the event loop never to be blocked, and every coroutine your code creates "
                   "to be awaited",
                   "; ".join(_finding_text(f) for f in findings[:3]), LOOP_HINTS[first.kind])


def no_unretrieved_exceptions(run: Run, *, hint: str) -> None:
    """No "exception was never retrieved" from a task the student created."""
    unretrieved = [f for f in run.findings if f.kind == "unretrieved"]
    if unretrieved:
        raise fail("every exception raised in a task you created to be retrieved",
                   "; ".join(_finding_text(f) for f in unretrieved[:3]), hint)


def _finding_text(finding: Finding) -> str:
    where = f" at line {finding.line}" if finding.line is not None else ""
    return f"{finding.message}{where}"


LOOP_HINTS = {
    "blocking-call": ("time.sleep and other blocking calls freeze every task on the loop. "
                      "Use `await asyncio.sleep(...)` or an async API instead."),
    "cpu-burst": ("A long computation between two awaits stops every other task. Keep each "
                  "step short, or move heavy work to a thread with asyncio.to_thread."),
    "never-awaited": ("Calling an async function only creates a coroutine; nothing runs until "
                      "you await it or wrap it in a task."),
}
