"""Hidden checks for kata 04 (all-or-nothing)."""

from grader.testing import CheckFailed, Fetch, Hint, Step, check, expect, same_instant, seconds
from grader.testing.describe import shown_with_type
from grader.testing.run import CallTimeline, Run
from grader.testing.values import ObservedException, render

FN = "fetch_all_or_nothing"

BARE_HINT = ("A TaskGroup reports failures as an ExceptionGroup: let that group propagate as "
             "it is. Plain asyncio.gather raises the first failure by itself, and catching the "
             "group to re-raise `group.exceptions[0]` throws the group away.")
OTHER_HINT = ("Raise the ExceptionGroup your TaskGroup builds, holding the fetches' own "
              "exception objects, instead of raising an exception of your own.")
COPY_HINT = ("Keep the very exception objects the fetches raised; do not build new ones such "
             "as type(exc)(str(exc)). `async with asyncio.TaskGroup()` puts the originals in "
             "its ExceptionGroup.")
MISSING_HINT = ("Every exception a fetch raised belongs in the group. A TaskGroup collects "
                "them all; building the group yourself from the first failure (for example "
                "from what asyncio.gather raised) loses the others.")
TIE_HINT = ("Both fetches failed at the same instant, so a TaskGroup collects both: let its "
            "ExceptionGroup propagate instead of making a group of the first failure only "
            "(asyncio.gather, for instance, only ever raises the first).")
SEQUENTIAL_TIE_HINT = ("Two fetches can only fail at the same instant if they run at the same "
                       "time. Start them all at once, as tasks in an asyncio.TaskGroup, instead "
                       "of awaiting one after the other.")
CANCELLED_HINT = ("A fetch that was cancelled did not fail: leave its CancelledError out. The "
                  "group holds only the exceptions fetches raised, which is what a TaskGroup "
                  "puts in its ExceptionGroup.")
HINT_PRIORITY = (COPY_HINT, SEQUENTIAL_TIE_HINT, TIE_HINT, MISSING_HINT, CANCELLED_HINT,
                 OTHER_HINT)
LEFT_RUNNING_HINT = ("When one fetch fails the others must be cancelled *and* awaited before "
                     "you raise: cancel() only asks a task to stop, it sees CancelledError at "
                     "its next step. Plain asyncio.gather does neither. `async with "
                     "asyncio.TaskGroup()` cancels the rest and waits for them, then raises.")
WAITED_HINT = ("Waiting for every fetch (gather(..., return_exceptions=True), or asyncio.wait "
               "with ALL_COMPLETED) before raising lets the others run on after the failure. "
               "`async with asyncio.TaskGroup()` cancels them the moment one fails.")
TUPLE_HINT = Hint(expect.wrong_type(tuple), "A tuple is not a list: build the result with a "
                  "list comprehension over your tasks, `[task.result() for task in tasks]`.")
GENERATOR_HINT = Hint(expect.holds_opaque("generator"), "A generator expression is not a list: "
                      "use a list comprehension, `[task.result() for task in tasks]`.")
ORDER_HINT = Hint(expect.same_items_other_order, "Those are the right values in completion "
                  "order: collecting each value as its fetch finishes records when it finished. "
                  "Keep the tasks in a list in the order of names and read task.result() from "
                  "each one after the TaskGroup block.")
PENDING_HINT = ("Every task you create must be finished (awaited, or cancelled and awaited) "
                "before fetch_all_or_nothing returns or raises.")


# -- result -------------------------------------------------------------------------
@check("values-in-input-order")
def test_values_come_back_in_input_order(kata):
    fetch = kata.fetch(6)
    names = fetch.not_in_finishing_order()
    run = kata.call(FN, fetch, names)
    value = expect.returned(run, "a list of the values in input order")
    try:
        expect.value_is(value, fetch.values(names), what="the returned value",
                        hints=(TUPLE_HINT, GENERATOR_HINT, ORDER_HINT))
    except CheckFailed as failed:  # the same verdict, the value shown as Python prints it
        raise expect.fail(f"{FN} to return the values in the order of names, "
                          f"{render(fetch.values(names))} (a list)",
                          f"it returned {shown_with_type(value)}", failed.hint) from None


# -- concurrency ----------------------------------------------------------------------
@check("elapsed-is-max-delay")
def test_all_fetches_take_as_long_as_the_slowest(kata):
    fetch = kata.fetch(8)
    run = kata.call(FN, fetch, fetch.names)
    expect.all_at_once(run, fetch, hint=(
        "Start every fetch before awaiting any of them: create them all as tasks "
        "inside `async with asyncio.TaskGroup() as group:`, not in a loop of awaits."))


# -- errors ---------------------------------------------------------------------------
@check("failure-raises-a-group")
def test_a_failure_raises_a_group_of_the_raised_exceptions(kata):
    fetch = kata.fetch(6, failing=2)
    run = kata.call(FN, fetch, fetch.names)
    raised = _raised_by_fetches(run, fetch)
    if raised:
        which = " and ".join(f"fetch({name!r})'s {fetch.failure(name)}"
                             for name in raised.values())
        wanted = (f"{FN} to raise an ExceptionGroup holding exactly the exception(s) your "
                  f"fetches raised: {which}")
    else:
        wanted = (f"{FN} to raise an ExceptionGroup holding exactly the exception(s) your "
                  "fetches raised")
    _judge_group(run, fetch, raised, wanted, MISSING_HINT, MISSING_HINT)


@check("simultaneous-failures-both-in-group")
def test_two_failures_at_the_same_instant_are_both_in_the_group(kata):
    fetch, (first, second) = _tied_failures(kata)
    tie = seconds(fetch.delay(first))
    wanted = (f"{FN} to raise an ExceptionGroup holding exactly the two exceptions raised at "
              f"t={tie}: fetch({first!r})'s {fetch.failure(first)} and fetch({second!r})'s "
              f"{fetch.failure(second)}")
    run = kata.call(FN, fetch, fetch.names)
    expected = {fetch.token(first): first, fetch.token(second): second}
    _judge_group(run, fetch, expected, wanted, TIE_HINT, SEQUENTIAL_TIE_HINT)


def _tied_failures(kata) -> tuple[Fetch, tuple[str, str]]:
    """5 names: one fast success, two failures sharing one delay, two slower successes."""
    dice = kata.dice
    names = dice.names(5)
    fast, tie, slow, slower = sorted(dice.delays(4))
    first, second = sorted(dice.shuffled(names)[:2], key=names.index)
    successes = iter(dice.shuffled([fast, slow, slower]))
    steps = {}
    for name in names:
        if name in (first, second):
            steps[name] = Step(tie, failure=dice.failure(name))
        else:
            steps[name] = Step(next(successes), value=dice.value_for(name))
    return Fetch(steps), (first, second)


def _raised_by_fetches(run: Run, fetch: Fetch) -> dict[str, str]:
    """token -> name for every fetch call that raised before the function ended."""
    return {fetch.token(tl.key, tl.call): tl.key for tl in run.calls(fetch.label)
            if tl.ended is not None and tl.ended.event == "raised"}


def _judge_group(run: Run, fetch: Fetch, expected: dict[str, str], wanted: str,
                 missing_hint: str, sequential_hint: str) -> None:
    """The run raised a group whose leaves are exactly the exceptions in `expected`."""
    exc = expect.raised(run, wanted)
    at = f"at t={seconds(run.elapsed)}"
    if not exc.is_group:
        if exc.token in expected:
            raise expect.fail(wanted, f"it raised fetch({expected[exc.token]!r})'s {exc} by "
                              f"itself {at}, not inside an ExceptionGroup", BARE_HINT)
        raise expect.fail(wanted, f"it raised {exc} {at}", OTHER_HINT)
    leaves = exc.leaves()
    if sorted((leaf.token for leaf in leaves), key=str) == sorted(expected, key=str):
        return
    problems: dict[str, int] = {}
    hints_found: list[str] = []
    seen: set[str] = set()
    copied: set[str] = set()
    for leaf in leaves:
        problem, hint, copy_of = _extra_leaf(leaf, expected, fetch, seen)
        if copy_of is not None:
            copied.add(copy_of)
        if problem is not None:
            problems[problem] = problems.get(problem, 0) + 1
            hints_found.append(hint)
    for token, name in expected.items():
        if token not in seen and name not in copied:
            problems[f"fetch({name!r})'s {fetch.failure(name)} is missing"
                     + _what_happened(run, fetch, name)] = 1
            hints_found.append(sequential_hint if _ran_after_a_failure(run, fetch, name)
                               else missing_hint)
    listed = "; ".join(text if n == 1 else f"{text} ({n} times)" for text, n in problems.items())
    observed = (f"it raised {exc.class_name} with {len(leaves)} exception(s) {at}: "
                f"{_listing(leaves)}; {listed}")
    best = min(hints_found, key=HINT_PRIORITY.index, default=OTHER_HINT)
    raise expect.fail(wanted, observed, best)


def _listing(leaves: list[ObservedException]) -> str:
    shown = ", ".join(map(str, leaves[:6])) or "none"
    return shown + (f" and {len(leaves) - 6} more" if len(leaves) > 6 else "")


def _extra_leaf(leaf: ObservedException, expected: dict[str, str], fetch: Fetch,
                seen: set[str]) -> tuple[str | None, str, str | None]:
    """Why `leaf` does not belong in the group, the hint, and whose copy it is (if one)."""
    token = leaf.token
    if token is not None and token in expected:
        if token not in seen:
            seen.add(token)
            return None, OTHER_HINT, None
        return f"fetch({expected[token]!r})'s exception is in it twice", OTHER_HINT, None
    if leaf.class_name == "CancelledError":
        return ("it holds a CancelledError, which no fetch raised: it is what a cancelled "
                "fetch received"), CANCELLED_HINT, None
    for name in fetch.failing():
        failure = fetch.failure(name)
        if (failure is not None and leaf.class_name == failure.class_name
                and leaf.message == failure.message):
            return (f"{leaf} is a new exception with the same message, not the object "
                    f"fetch({name!r}) raised"), COPY_HINT, name
    return f"{leaf} was not raised by any fetch", OTHER_HINT, None


def _what_happened(run: Run, fetch: Fetch, name: str) -> str:
    """How the fetch of `name` went, as seen up to the moment the function ended."""
    timeline = run.call(name, fetch.label)
    ended = timeline.ended
    if timeline.first("called") is None:
        return f" (fetch({name!r}) was never called)"
    if timeline.started is None:
        return f" (fetch({name!r}) was called but never started running)"
    if ended is None:
        return f" (fetch({name!r}) was still running when {FN} ended)"
    if ended.event == "raised":
        return f" (fetch({name!r}) raised it at t={seconds(ended.t)})"
    return f" (fetch({name!r}) was {ended.event} at t={seconds(ended.t)})"


def _ran_after_a_failure(run: Run, fetch: Fetch, name: str) -> bool:
    """Another fetch had failed before this one started (or it never started)."""
    started = run.call(name, fetch.label).started
    failures = [tl.ended.seq for tl in run.calls(fetch.label) if tl.key != name
                and tl.ended is not None and tl.ended.event == "raised"]
    return bool(failures) and (started is None or min(failures) < started.seq)


# -- cancellation ------------------------------------------------------------------------
@check("others-cancelled-at-failure")
def test_a_failure_cancels_the_others_at_once(kata):
    fetch = _fails_third(kata, 7)
    (bad,) = fetch.failing()
    run = kata.call(FN, fetch, fetch.names)
    failures = [tl for tl in run.calls(fetch.label, until_return=False)
                if tl.ended is not None and tl.ended.event == "raised"]
    if not failures:
        raise expect.fail(f"fetch({bad!r}) to fail and {FN} to raise at that instant",
                          f"fetch({bad!r}) never failed: {run.describe()}",
                          "Call fetch once for every name, all at the same time.")
    failed = min(failures, key=lambda tl: tl.ended.seq)
    t = failed.ended.t
    at = seconds(t)
    wanted = (f"every fetch still running when fetch({failed.key!r}) failed at t={at} to "
              f"receive CancelledError at t={at}, before {FN} raises, also at t={at}")
    running = [tl for tl in run.calls(fetch.label, until_return=False)
               if _running_at(tl, t) and tl is not failed]
    late = [(tl, run.call(tl.key, fetch.label, tl.call)) for tl in running]
    late = [(full, seen) for full, seen in late if not _cancelled_at(seen, t)]
    if late:
        raise expect.fail(wanted, _late_text(run, late), _late_hint(late, t))
    exc = expect.raised(run, wanted)
    if not same_instant(run.elapsed, t):
        raise expect.fail(wanted, f"it raised {exc} at t={seconds(run.elapsed)}",
                          "Raise as soon as the other fetches have been cancelled and have "
                          "finished; an asyncio.TaskGroup does exactly that.")


def _fails_third(kata, count: int) -> Fetch:
    """`count` fetches in which the third fastest fails: two finish before it, the rest after."""
    fetch = kata.fetch(count)
    bad = fetch.by_delay()[2]
    steps = dict(fetch.steps)
    steps[bad] = Step(fetch.delay(bad), failure=kata.dice.failure(bad))
    return Fetch(steps, label=fetch.label)


def _running_at(timeline: CallTimeline, t: float) -> bool:
    """Started before t and not ended by itself by t (in the whole run as it happened)."""
    started, ended = timeline.started, timeline.ended
    if started is None or started.t > t or same_instant(started.t, t):
        return False
    if ended is None:
        return True
    if ended.event in ("returned", "raised"):
        return ended.t > t and not same_instant(ended.t, t)
    return ended.t > t or same_instant(ended.t, t)


def _cancelled_at(timeline: CallTimeline, t: float) -> bool:
    ended = timeline.ended
    return ended is not None and ended.event == "cancelled" and same_instant(ended.t, t)


def _late_text(run: Run, late: list[tuple[CallTimeline, CallTimeline]]) -> str:
    running = [f"fetch({full.key!r})" for full, seen in late if seen.ended is None]
    parts = []
    if running:
        shown = ", ".join(running[:3]) + (f" and {len(running) - 3} more" if len(running) > 3
                                          else "")
        one = len(running) == 1
        parts.append(f"{shown} {'was' if one else 'were'} still running when it raised: "
                     f"{'it' if one else 'they'} had not received CancelledError")
    for full, seen in late:
        ended = seen.ended
        if ended is None:
            continue
        what = f"fetch({full.key!r})"
        if ended.event in ("returned", "raised"):
            parts.append(f"{what} went on and {ended.event} at t={seconds(ended.t)}")
        else:
            parts.append(f"{what} was {ended.event} only at t={seconds(ended.t)}")
    if len(parts) > 4:
        parts = [*parts[:4], f"and {len(parts) - 4} more"]
    return f"{run.describe()}; {'; '.join(parts)}"


def _late_hint(late: list[tuple[CallTimeline, CallTimeline]], t: float) -> str:
    if any(seen.ended is not None and seen.ended.t > t for _, seen in late):
        return WAITED_HINT
    return LEFT_RUNNING_HINT


# -- hygiene ----------------------------------------------------------------------------
@check("nothing-left-pending")
def test_nothing_is_left_running(kata):
    fetch = kata.fetch(5)
    run = kata.call(FN, fetch, fetch.names)
    expect.ended(run, "fetch_all_or_nothing to return a list of the values")
    expect.nothing_pending(run, hint=PENDING_HINT)
    fetch = kata.fetch(6, failing=1).failing_early()
    (bad,) = fetch.failing()
    run = kata.call(FN, fetch, fetch.names)
    expect.ended(run, f"fetch_all_or_nothing to raise when fetch({bad!r}) fails")
    fetches_left = any(task.coro == fetch.label for task in run.pending)
    expect.nothing_pending(run, hint=LEFT_RUNNING_HINT if fetches_left else PENDING_HINT)


@check("loop-kept-free")
def test_the_event_loop_is_never_blocked(kata):
    fetch = kata.fetch(5)
    run = kata.call(FN, fetch, fetch.names)
    expect.returned(run, "a list of the values")
    expect.loop_kept_free(run)
