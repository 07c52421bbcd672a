"""Hidden checks for kata 02 (gather-in-order)."""

from grader.testing import CheckFailed, check, expect, hints, seconds
from grader.testing.describe import shown_with_type
from grader.testing.values import render

EMPTY_RAISED_HINT = ("With no names there is nothing to fetch: fetch_all(fetch, []) must simply "
                     "return [] without raising. asyncio.gather() with nothing to gather "
                     "already returns [].")
EMPTY_WAIT_HINT = ("asyncio.wait() refuses an empty set of tasks with ValueError, while "
                   "asyncio.gather() with nothing to gather simply returns []. Use gather, "
                   "which also keeps the order of names.")
GROUP_HINT = ("An asyncio.TaskGroup always wraps failures in an ExceptionGroup (that is kata "
              "04's topic). asyncio.gather lets the failing fetch's own exception reach the "
              "caller unchanged.")
NEW_EXCEPTION_HINT = ("Let the original exception propagate (or re-raise it with a bare "
                      "`raise`) instead of creating a new one.")


@check("values-in-input-order")
def test_values_come_back_in_input_order(kata):
    fetch = kata.fetch(6)
    names = fetch.not_in_finishing_order()
    run = kata.call("fetch_all", fetch, names)
    value = expect.returned(run, "a list of the values in input order")
    _value_is(value, fetch.values(names), "fetch_all to return the values in the order of "
              f"names, {render(fetch.values(names))} (a list)", hints.LIST_IN_INPUT_ORDER)


@check("empty-list")
def test_no_names_gives_an_empty_list(kata):
    fetch = kata.fetch(1)
    run = kata.call("fetch_all", fetch, [])
    wanted = "fetch_all(fetch, []) to return [] (a list)"
    if (run.kind == "raised" and run.stopped is None and run.exception is not None
            and run.exception.class_name != "SystemExit"):  # the kit's own hint says it best
        from_wait = (run.exception.class_name == "ValueError"
                     and "empty" in run.exception.message)
        raise expect.fail(wanted, run.describe(),
                          EMPTY_WAIT_HINT if from_wait else EMPTY_RAISED_HINT)
    value = expect.returned(run, wanted)
    _value_is(value, [], wanted, [hints.TUPLE_NOT_LIST, hints.GENERATOR_NOT_LIST])


def _value_is(value, expected, wanted: str, candidates) -> None:
    """expect.value_is, with the value shown as the student would print it."""
    try:
        expect.value_is(value, expected, what="the returned value", hints=candidates)
    except CheckFailed as failed:
        raise expect.fail(wanted, f"it returned {shown_with_type(value)}",
                          failed.hint) from None


@check("fifty-at-once")
def test_fifty_fetches_take_as_long_as_the_slowest(kata):
    fetch = kata.fetch(50)
    run = kata.call("fetch_all", fetch, fetch.names)
    expect.all_at_once(run, fetch, hint=(
        "Start every fetch before awaiting any of them: "
        "`await asyncio.gather(*(fetch(n) for n in names))`, not a loop of awaits."))


@check("failure-raises-that-exception")
def test_a_failing_fetch_raises_its_own_exception(kata):
    fetch = kata.fetch(5, failing=1)
    (bad,) = fetch.failing()
    run = kata.call("fetch_all", fetch, fetch.names)
    wanted = (f"fetch_all to raise the very exception fetch({bad!r}) raised, "
              f"{fetch.failure(bad)}, by itself")
    raised = expect.raised(run, wanted)
    at = f"at t={seconds(run.elapsed)}"
    if raised.is_group:
        leaves = raised.leaves()
        inside = ", ".join(map(str, leaves[:3])) + (" and more" if len(leaves) > 3 else "")
        raise expect.fail(wanted, f"it raised an {raised.class_name} {at} wrapping "
                          f"{len(leaves)} exception(s): {inside}", GROUP_HINT)
    if raised.token != fetch.token(bad):
        failure = fetch.failure(bad)
        same = (failure is not None and raised.class_name == failure.class_name
                and raised.message == failure.message)
        what = (f"a new {raised.class_name} with the same message" if same else
                f"{raised}, a different exception")
        raise expect.fail(wanted, f"it raised {what} {at}, not the exception object "
                          f"fetch({bad!r}) raised", NEW_EXCEPTION_HINT)


@check("nothing-left-pending")
def test_nothing_is_left_running_after_success(kata):
    fetch = kata.fetch(5)
    run = kata.call("fetch_all", fetch, fetch.names)
    expect.returned(run, "a list of the values")
    expect.nothing_pending(run, hint="Every task you create must be finished (awaited, or "
                           "cancelled and awaited) before fetch_all returns.")


@check("loop-kept-free")
def test_the_event_loop_is_never_blocked(kata):
    fetch = kata.fetch(5)
    run = kata.call("fetch_all", fetch, fetch.names)
    expect.returned(run, "a list of the values")
    expect.loop_kept_free(run)
