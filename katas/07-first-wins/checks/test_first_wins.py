"""Hidden checks for kata 07 (first-wins).

Every scenario lists the slowest mirror first and the others shuffled, so a
solution that follows list order (sequential tries, gather then the first
success in the list) never happens to pick the winner.
"""


from grader.testing import Fetch, Step, check, expect, hints, seconds
from grader.testing.describe import described
from grader.testing.run import same_instant
from grader.testing.values import exactly_equal, render

WAIT_HINT = ("Start every mirror as a task, then `await asyncio.wait(pending, "
             "return_when=asyncio.FIRST_COMPLETED)`: it wakes you as soon as one task is done.")
WAITED_FOR_ALL_HINT = ("You waited for every mirror, as asyncio.gather (or awaiting each task "
                       "in turn) does. " + WAIT_HINT)
FAILURE_IS_NO_WIN_HINT = ("The first mirror to finish had failed, and a failure does not win. "
                          "Take the failed task out, and wait again on the tasks still pending "
                          "until one of them succeeds.")
CANCEL_AND_AWAIT_HINT = ("Once a mirror wins, cancel every task still pending and wait for "
                         "them: `for task in pending: task.cancel()`, then `await "
                         "asyncio.gather(*pending, return_exceptions=True)`. task.cancel() "
                         "alone only asks; the task sees CancelledError later, after you have "
                         "returned.")
CANCEL_AT_ONCE_HINT = ("Cancel the others in the same step that learns of the winner: no sleep "
                       "and no waiting for other mirrors in between.")
CANCELLED_NOT_AWAITED_HINT = ("You cancelled the other mirrors but returned without waiting for "
                              "them: task.cancel() only asks, and each task sees CancelledError "
                              "later, after you have returned. After cancelling, `await "
                              "asyncio.gather(*pending, return_exceptions=True)`.")
NOT_STARTED_HINT = ("Every mirror must run from the start: create a task for each one before "
                    "waiting for any of them.")
LAST_FAILURE_HINT = ("Keep waiting after each failure, and remember the most recent one: only "
                     "once every mirror has failed do you know which failed last. Raise that "
                     "exception object itself (`raise last_error`).")


# -- scenarios ------------------------------------------------------------------------------
def _mirrors(kata, count: int, *, failing_fastest: int = 0) -> tuple[Fetch, list[str]]:
    """`count` mirrors whose `failing_fastest` fastest fail, and the list to pass."""
    fetch = kata.fetch(count)
    steps = dict(fetch.steps)
    for name in fetch.by_delay()[:failing_fastest]:
        steps[name] = Step(fetch.delay(name), failure=kata.dice.failure(name))
    fetch = Fetch(steps, label=fetch.label)
    return fetch, _listed(kata, fetch)


def _listed(kata, fetch: Fetch) -> list[str]:
    """The slowest mirror first, the others shuffled."""
    slowest = fetch.by_delay()[-1]
    return [slowest, *kata.dice.shuffled([n for n in fetch.names if n != slowest])]


def _winner(fetch: Fetch) -> str:
    return next(n for n in fetch.by_delay() if fetch.failure(n) is None)


def _describe_mirrors(fetch: Fetch, names: list[str]) -> str:
    def one(name: str) -> str:
        failure = fetch.failure(name)
        outcome = f"fails with {failure}" if failure is not None else "succeeds"
        return f"fetch({name!r}) {outcome} at t={seconds(fetch.delay(name))}"
    return "; ".join(one(n) for n in names)


def _up_to_winner(fetch: Fetch) -> str:
    """The mirrors in finishing order up to the winner, then a word for the slower ones."""
    order = fetch.by_delay()
    winner = _winner(fetch)
    shown = order[:order.index(winner) + 1]
    rest = len(order) - len(shown)
    slower = f"; the other {rest} mirrors are slower" if rest > 1 else (
        "; the other mirror is slower" if rest == 1 else "")
    return _describe_mirrors(fetch, shown) + slower


def _outcome(run) -> str:
    """What the call did, with returned objects described rather than printed."""
    if run.kind == "returned" and run.stopped is None:
        return f"fetch_fastest returned {described(run.value)} at t={seconds(run.ended_at)}"
    return run.describe()


def _names(names: list[str]) -> str:
    """fetch('a'), fetch('b') and fetch('c')."""
    calls = [f"fetch({n!r})" for n in names]
    return calls[0] if len(calls) == 1 else ", ".join(calls[:-1]) + " and " + calls[-1]


# -- result ---------------------------------------------------------------------------------
def _value_hint(fetch: Fetch, names: list[str], value) -> str:
    other = fetch.whose(value)
    if other is not None and other == names[0]:
        return ("That is the value of the mirror listed first, which is the slowest. The "
                "winner is the first to finish successfully, not the first in the list. "
                + WAIT_HINT)
    if other is not None:
        return ("That is another mirror's value. Return the result of the first task "
                "asyncio.wait reports done that succeeded.")
    for hint in (hints.TASKS_NOT_AWAITED, hints.COROUTINES_NOT_AWAITED):
        if hint.applies(value, None):
            return hint.text
    if expect.holds_opaque("set")(value, None):
        return ("asyncio.wait returns two sets of tasks (done, pending): take a task out of "
                "`done` and call its .result().")
    return "Return the winning mirror's value, the string `await fetch(mirror)` gave."


def _expect_value(run, fetch: Fetch, names: list[str], winner: str, expected: str) -> None:
    value = expect.returned(run, expected)
    if not exactly_equal(value, fetch.value(winner)):
        other = fetch.whose(value)
        whose = (f": that is the value of fetch({other!r}), which finishes at "
                 f"t={seconds(fetch.delay(other))}" if other is not None else "")
        raise expect.fail(expected, f"fetch_fastest returned {described(value)} at "
                          f"t={seconds(run.ended_at)}{whose}", _value_hint(fetch, names, value))


@check("fastest-value")
def test_returns_the_fastest_mirrors_value(kata):
    fetch, names = _mirrors(kata, 5)
    winner = _winner(fetch)
    run = kata.call("fetch_fastest", fetch, names)
    _expect_value(run, fetch, names, winner,
                  f"fetch_fastest to return {render(fetch.value(winner))}, the value of "
                  f"fetch({winner!r}), the fastest mirror (it succeeds at "
                  f"t={seconds(fetch.delay(winner))}; the other mirrors are slower)")


# -- concurrency ----------------------------------------------------------------------------
def _expect_return_at_winner(run, fetch: Fetch) -> None:
    winner = _winner(fetch)
    at = fetch.delay(winner)
    expected = (f"fetch_fastest to return at t={seconds(at)}, when fetch({winner!r}) "
                f"succeeds ({_up_to_winner(fetch)})")
    if run.kind == "raised" and run.ended_on_its_own:
        raise expect.fail(expected, run.describe(), _raised_hint(run, fetch, winner))
    if run.kind == "not_awaitable":
        expect.returned(run, expected)
    expect.elapsed_is(run, at, because=f"fetch({winner!r}) wins then: {_up_to_winner(fetch)}",
                      hint=_late_hint(run, fetch, at))


def _raised_hint(run, fetch: Fetch, winner: str) -> str:
    """Why a call that should have returned the winner's value raised instead."""
    if run.exception is not None and run.exception.is_group:
        return ("An ExceptionGroup came out: a TaskGroup (like gather) gives up as soon as one "
                "mirror fails, but here a failure must not stop the race. " + WAIT_HINT + " "
                "Then check each done task's .exception().")
    if fetch.whose(run.exception) is None:
        return ("An exception escaped fetch_fastest. Read its message: is it a bug in your "
                "code?")
    if run.elapsed < fetch.delay(winner):
        return FAILURE_IS_NO_WIN_HINT
    return f"fetch({winner!r}) succeeded: return its value instead of raising."


def _late_hint(run, fetch: Fetch, at: float) -> str:
    if same_instant(run.elapsed, fetch.max_delay()):
        return WAITED_FOR_ALL_HINT
    if run.elapsed < at:
        return ("fetch_fastest returned before any mirror had succeeded. Wait until a task "
                "that succeeded is done, and return its result.")
    return ("Return in the same step that learns of the winner, without waiting for anything "
            "else but the cancelled mirrors. " + WAIT_HINT)


@check("returns-when-fastest-finishes")
def test_returns_when_the_fastest_mirror_finishes(kata):
    fetch, names = _mirrors(kata, 5)
    run = kata.call("fetch_fastest", fetch, names)
    _expect_return_at_winner(run, fetch)


@check("returns-when-winner-finishes")
def test_returns_when_the_winner_finishes_after_failures(kata):
    fetch, names = _mirrors(kata, 5, failing_fastest=2)
    run = kata.call("fetch_fastest", fetch, names)
    _expect_return_at_winner(run, fetch)


# -- errors ---------------------------------------------------------------------------------
@check("next-success-wins")
def test_the_next_success_wins_when_the_fastest_fails(kata):
    fetch, names = _mirrors(kata, 5, failing_fastest=1)
    (_fastest,) = fetch.failing()  # exactly one mirror fails
    winner = _winner(fetch)
    at = fetch.delay(winner)
    expected = (f"fetch_fastest to return {render(fetch.value(winner))}, the value of "
                f"fetch({winner!r}), at t={seconds(at)} ({_up_to_winner(fetch)}; the failure "
                "does not win)")
    run = kata.call("fetch_fastest", fetch, names)
    if run.kind == "raised" and run.ended_on_its_own:
        raise expect.fail(expected, run.describe(), _raised_hint(run, fetch, winner))
    _expect_value(run, fetch, names, winner, expected)
    if not same_instant(run.elapsed, at):
        raise expect.fail(expected, f"fetch_fastest returned the right value, but at "
                          f"t={seconds(run.elapsed)}", _late_hint(run, fetch, at))


@check("all-fail-raises-last-failure")
def test_all_failing_raises_the_last_failure(kata):
    fetch = kata.fetch(4, failing=4)
    names = _listed(kata, fetch)
    run = kata.call("fetch_fastest", fetch, names)
    expected = ("fetch_fastest to raise the very exception of the mirror that fails last, once "
                f"every mirror has failed ({_describe_mirrors(fetch, fetch.by_delay())})")
    if run.kind == "returned" and run.stopped is None:
        raise expect.fail(expected, _outcome(run), "Every mirror failed, so there is no "
                          "value to return: raise the last failure.")
    raised = expect.raised(run, expected)
    still_running = [n for n in names if (e := run.call(n).ended) is None or e.event != "raised"]
    if still_running:
        raise expect.fail(expected, f"{run.describe()}, before {_names(still_running)} had "
                          "failed", LAST_FAILURE_HINT)
    last = max(names, key=lambda n: run.call(n).ended.seq)
    if raised.token == fetch.token(last):
        return
    at = f"t={seconds(run.ended_at)}"
    if raised.is_group:
        count = len(raised.leaves())
        article = "an" if raised.class_name[:1] in "AEIOU" else "a"
        raise expect.fail(expected, f"fetch_fastest raised {article} {raised.class_name} wrapping "
                          f"{count} exception{'s' if count != 1 else ''} at {at}",
                          "An ExceptionGroup is not the mirror's exception: raise the last "
                          "failure itself.")
    other = fetch.whose(raised)
    if other is not None:
        first = min(names, key=lambda n: run.call(n).ended.seq)
        which = ("the first mirror to fail" if other == first
                 else f"which failed at t={seconds(fetch.delay(other))}, not last")
        raise expect.fail(expected, f"fetch_fastest raised {raised} at {at}: the exception of "
                          f"fetch({other!r}), {which}", LAST_FAILURE_HINT)
    raise expect.fail(expected, f"fetch_fastest raised {raised} at {at}, a new exception "
                      "object rather than the one a mirror raised",
                      "Raise the exception object the last mirror raised (`raise "
                      "last_error`), not a new one.")


@check("no-mirrors")
def test_no_mirrors_raises_value_error(kata):
    fetch = kata.fetch(1)
    run = kata.call("fetch_fastest", fetch, [])
    expected = "fetch_fastest(fetch, []) to raise ValueError"
    hint = ("Check for an empty list first: `if not mirrors: raise ValueError(...)`. "
            "There is no mirror that could win.")
    if run.kind == "returned" and run.stopped is None:
        raise expect.fail(expected, _outcome(run), hint)
    raised = expect.raised(run, expected)
    if raised.class_name != "ValueError" or raised.is_group:
        raise expect.fail(expected, run.describe(), hint)


# -- cancellation ---------------------------------------------------------------------------
def _expect_losers_cancelled(run, fetch: Fetch) -> None:
    winner = _winner(fetch)
    at = fetch.delay(winner)
    expected = (f"every mirror slower than fetch({winner!r}), the winner at t={seconds(at)}, "
                "to receive CancelledError at that instant and to have finished before "
                "fetch_fastest returned")
    expect.ended(run, expected)
    if run.kind == "not_awaitable":
        expect.returned(run, expected)
    losers = [n for n in fetch.by_delay() if fetch.delay(n) > at]
    problems = [(n, p) for n in losers if (p := _loser_problem(run, n, at))]
    if not problems:
        return
    # Mirrors that went wrong the same way (and at the same instant) share one sentence.
    groups: dict[tuple[str, float | None], list[str]] = {}
    for name, (kind, when, _) in problems:
        groups.setdefault((kind, when), []).append(name)
    cancelled_only = _cancelled_but_running(run, fetch)
    sentences = [_loser_sentence(run, kind, when, names, at, winner, cancelled_only)
                 for (kind, when), names in groups.items()]
    observed = "; ".join(sentences[:3])
    if len(sentences) > 3:
        observed += f"; and {len(sentences) - 3} more"
    hint = problems[0][1][2]
    if problems[0][1][0] == "running" and cancelled_only:
        hint = CANCELLED_NOT_AWAITED_HINT
    raise expect.fail(expected, observed, hint)


def _cancelled_but_running(run, fetch: Fetch) -> bool:
    """Every fetch task still pending on return had been cancelled (and not yet finished)."""
    left = [task for task in run.pending if task.coro == fetch.label]
    return bool(left) and all(task.cancelling for task in left)


def _loser_problem(run, name: str, at: float) -> tuple[str, float | None, str] | None:
    """(what went wrong, when, hint) for a mirror slower than the winner; None if all is well."""
    timeline = run.call(name)
    ended = timeline.ended
    if timeline.started is None:
        return "not started", None, NOT_STARTED_HINT
    if ended is None:
        return "running", None, CANCEL_AND_AWAIT_HINT
    if ended.event == "cancelled":
        if same_instant(ended.t, at):
            return None
        if ended.t < at:
            return "cancelled early", ended.t, FAILURE_IS_NO_WIN_HINT
        return "cancelled late", ended.t, CANCEL_AT_ONCE_HINT
    if ended.event in ("returned", "raised"):
        return ended.event, ended.t, WAITED_FOR_ALL_HINT + " Then cancel the others."
    return "closed", ended.t, CANCEL_AND_AWAIT_HINT


def _loser_sentence(run, kind: str, when: float | None, names: list[str], at: float,
                    winner: str, cancelled_only: bool) -> str:
    who = _names(names)
    many = len(names) > 1
    was, it = ("were", "they") if many else ("was", "it")
    end = f"fetch_fastest {'returned' if run.kind == 'returned' else 'ended'} at " \
          f"t={seconds(run.elapsed)}"
    won = f"fetch({winner!r}) won at t={seconds(at)}"
    if kind == "not started":
        return f"{who} had not started when {end}"
    if kind == "running":
        text = f"{who} {was} still running when {end}"
        if cancelled_only:
            text += f": {it} had been cancelled, but the cancellation had not reached " \
                    f"{'them' if many else 'it'} yet"
        return text
    assert when is not None
    if kind == "cancelled early":
        return f"{who} received CancelledError at t={seconds(when)}, before {won}"
    if kind == "cancelled late":
        return f"{who} received CancelledError only at t={seconds(when)}, after {won}"
    if kind in ("returned", "raised"):
        how = "returned" if kind == "returned" else "failed"
        return f"{who} {was} never cancelled: {it} ran to the end and {how} at t={seconds(when)}"
    return f"{who} {was} closed at t={seconds(when)} instead of being cancelled"


@check("losers-cancelled")
def test_the_other_mirrors_are_cancelled_when_the_fastest_wins(kata):
    fetch, names = _mirrors(kata, 5)
    run = kata.call("fetch_fastest", fetch, names)
    _expect_losers_cancelled(run, fetch)


@check("losers-cancelled-after-failures")
def test_the_other_mirrors_are_cancelled_when_a_later_winner_wins(kata):
    fetch, names = _mirrors(kata, 5, failing_fastest=2)
    run = kata.call("fetch_fastest", fetch, names)
    _expect_losers_cancelled(run, fetch)


# -- hygiene --------------------------------------------------------------------------------
@check("nothing-left-pending")
def test_nothing_is_left_running(kata):
    fetch, names = _mirrors(kata, 5)
    run = kata.call("fetch_fastest", fetch, names)
    expect.returned(run, "the fastest mirror's value")
    fetches_left = any(task.coro == fetch.label for task in run.pending)
    expect.nothing_pending(run, hint=CANCEL_AND_AWAIT_HINT if fetches_left else
                           "Every task you create must be finished (awaited, or cancelled "
                           "and awaited) before fetch_fastest returns.")


@check("loop-kept-free")
def test_the_event_loop_is_never_blocked(kata):
    fetch, names = _mirrors(kata, 5)
    run = kata.call("fetch_fastest", fetch, names)
    expect.returned(run, "the fastest mirror's value")
    expect.loop_kept_free(run)
