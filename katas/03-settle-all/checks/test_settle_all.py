"""Hidden checks for kata 03 (settle-all)."""

from grader.testing import CheckFailed, Fetch, check, expect, hints, seconds
from grader.testing.describe import shown, shown_with_type
from grader.testing.values import ObservedException, exactly_equal, render

RAISED_HINT = ("A failing fetch must not make fetch_all_settled raise: its exception belongs in "
               "its slot of the list. `asyncio.gather(..., return_exceptions=True)` does "
               "exactly that.")
GROUP_HINT = ("A TaskGroup turns failures into an ExceptionGroup and cancels the other fetches. "
              "Here every fetch should run to the end and each failure stay in its own slot: "
              "`asyncio.gather(..., return_exceptions=True)`.")
STRING_HINT = ("Put the exception object itself in the slot, not str(exc) or repr(exc): the "
               "caller may want to re-raise it or inspect its type.")
COPY_HINT = ("Keep the very exception object the fetch raised (`except Exception as exc: "
             "results.append(exc)`, or gather with return_exceptions=True) instead of building "
             "a new one such as type(exc)(str(exc)).")
MIXED_HINT = ("Some slots hold another name's result: the list must follow the order of "
              "`names`, not the order the fetches finish in. asyncio.gather keeps the order of "
              "its arguments.")
WRONG_HINT = ("Each slot must hold what fetch(name) produced for that name: its value, or the "
              "exception it raised.")

GATHER_LEFTOVER_HINT = ("Even when one fetch fails, fetch_all_settled must wait for all the "
                        "others before it returns. Plain asyncio.gather raises at the first "
                        "failure and leaves the rest running; with return_exceptions=True it "
                        "waits for every one.")
LEFTOVER_HINT = ("Every task you create must be finished (awaited, or cancelled and awaited) "
                 "before fetch_all_settled returns.")


@check("values-in-input-order")
def test_values_come_back_in_input_order(kata):
    fetch = kata.fetch(6)
    names = fetch.not_in_finishing_order()
    run = kata.call("fetch_all_settled", fetch, names)
    value = expect.returned(run, "a list of the values in input order")
    try:
        expect.value_is(value, fetch.values(names), what="the returned value",
                        hints=hints.LIST_IN_INPUT_ORDER)
    except CheckFailed as failed:  # the same verdict, the value shown as Python prints it
        raise expect.fail("fetch_all_settled to return the values in the order of names, "
                          f"{render(fetch.values(names))} (a list)",
                          f"it returned {shown_with_type(value)}", failed.hint) from None


@check("failed-slots-hold-the-exceptions")
def test_failed_slots_hold_the_very_exceptions(kata):
    fetch = kata.fetch(6, failing=2)
    names = fetch.not_in_finishing_order()
    failed = [i for i, name in enumerate(names) if fetch.failure(name) is not None]
    wanted = (f"fetch_all_settled to return, without raising, a list of {len(names)} items in "
              "the order of names: each successful fetch's value and, in "
              f"{' and '.join(f'result[{i}]' for i in failed)}, the very exception object "
              "that name's fetch raised")
    run = kata.call("fetch_all_settled", fetch, names)
    _refuse_raising(run, fetch)
    value = expect.returned(run, wanted)
    if type(value) not in (list, tuple):  # list versus tuple is judged by the result check
        raise expect.fail(wanted, f"it returned {shown_with_type(value)}",
                          hints.GENERATOR_NOT_LIST.text
                          if hints.GENERATOR_NOT_LIST.applies(value, None) else
                          "Return a list with one entry per name, in the order of `names`.")
    if len(value) != len(names):
        raise expect.fail(wanted, f"it returned {len(value)} items: {shown(value)}", WRONG_HINT)
    problems = [p for i in range(len(names)) if (p := _slot_problem(fetch, names, i, value[i]))]
    if problems:
        observed = "; ".join(text for text, _ in problems[:3])
        if len(problems) > 3:
            observed += f"; and {len(problems) - 3} more slot(s) wrong"
        raise expect.fail(wanted, observed, problems[0][1])


def _refuse_raising(run, fetch: Fetch) -> None:
    """Fail, naming the exception, if fetch_all_settled raised instead of returning."""
    exc = run.exception
    if run.kind != "raised" or exc is None or run.stopped is not None:
        return
    expected = "fetch_all_settled to return a list and never raise"
    if exc.is_group:
        raise expect.fail(expected, f"it raised {exc.class_name} wrapping {len(exc.leaves())} "
                          f"exception(s) at t={seconds(run.elapsed)}", GROUP_HINT)
    tokens = {fetch.token(name): name for name in fetch.failing()}
    whose = f", the exception fetch({tokens[exc.token]!r}) raised," if exc.token in tokens else ""
    raise expect.fail(expected, f"it raised {exc}{whose} at t={seconds(run.elapsed)}",
                      RAISED_HINT)


def _slot_problem(fetch: Fetch, names: list[str], index: int, got) -> tuple[str, str] | None:
    """What is wrong with result[index] (and the hint for it), or None if it is right."""
    name = names[index]
    slot = f"result[{index}] (for {name!r})"
    failure = fetch.failure(name)
    if failure is None:
        wanted = fetch.value(name)
        if exactly_equal(got, wanted):
            return None
        other = fetch.whose(got)
        if other is not None and other != name:
            return f"{slot} holds {_outcome_of(fetch, other)}", MIXED_HINT
        return f"{slot} holds {shown(got)} instead of its value {render(wanted)}", WRONG_HINT
    if isinstance(got, ObservedException):
        if got.token == fetch.token(name):
            return None
        other = fetch.whose(got)
        if other is not None:
            return f"{slot} holds the exception fetch({other!r}) raised, {got}", MIXED_HINT
        if got.class_name == failure.class_name and got.message == failure.message:
            return (f"{slot} holds a new {got.class_name} with the same message, not the "
                    f"exception object fetch({name!r}) raised", COPY_HINT)
        return (f"{slot} holds {got}, a different exception from the {failure} that "
                f"fetch({name!r}) raised", COPY_HINT)
    if isinstance(got, str) and failure.message in got:
        return (f"{slot} holds the string {got!r} instead of the exception object "
                f"{failure}", STRING_HINT)
    other = fetch.whose(got)
    if other is not None and other != name:
        return f"{slot} holds {_outcome_of(fetch, other)}", MIXED_HINT
    return (f"{slot} holds {shown(got)} instead of the exception {failure} that "
            f"fetch({name!r}) raised", WRONG_HINT)


def _outcome_of(fetch: Fetch, name: str) -> str:
    """Another name's outcome, found in the wrong slot, in words."""
    failure = fetch.failure(name)
    if failure is not None:
        return f"{failure}, the exception fetch({name!r}) raised"
    return f"{render(fetch.value(name))}, the value of fetch({name!r})"


@check("elapsed-is-max-delay")
def test_all_fetches_take_as_long_as_the_slowest(kata):
    fetch = kata.fetch(8)
    run = kata.call("fetch_all_settled", fetch, fetch.names)
    expect.all_at_once(run, fetch, hint=(
        "Start every fetch before awaiting any of them: "
        "`await asyncio.gather(*(fetch(n) for n in names), return_exceptions=True)`, "
        "not a loop of awaits inside try/except."))


@check("nothing-left-after-a-failure")
def test_nothing_left_behind_after_an_early_failure(kata):
    fetch = kata.fetch(5, failing=1).failing_early()
    run = kata.call("fetch_all_settled", fetch, fetch.names)
    fetches_left = any(task.coro == fetch.label for task in run.pending)
    expect.nothing_pending(run, hint=GATHER_LEFTOVER_HINT if fetches_left else LEFTOVER_HINT)
    expect.no_unretrieved_exceptions(run, hint="Every task whose exception you never look at "
                                     "(await it, or call .exception()) is reported when it is "
                                     "garbage-collected. Collect every task's outcome.")


@check("loop-kept-free")
def test_the_event_loop_is_never_blocked(kata):
    fetch = kata.fetch(5)
    run = kata.call("fetch_all_settled", fetch, fetch.names)
    expect.returned(run, "a list of the values")
    expect.loop_kept_free(run)
