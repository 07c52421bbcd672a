"""Hidden checks for kata 02 (gather-in-order)."""

from grader.testing import check, expect, hints


@check("values-in-input-order")
def test_values_come_back_in_input_order(kata):
    fetch = kata.fetch(6)
    names = fetch.not_in_finishing_order()
    run = kata.call("fetch_all", fetch, names)
    value = expect.returned(run, "a list of the values in input order")
    expect.value_is(value, fetch.values(names), what="the returned value",
                    hints=hints.LIST_IN_INPUT_ORDER)


@check("empty-list")
def test_no_names_gives_an_empty_list(kata):
    fetch = kata.fetch(1)
    run = kata.call("fetch_all", fetch, [])
    value = expect.returned(run, "[] for an empty list of names")
    expect.value_is(value, [], what="fetch_all(fetch, [])",
                    hints=[hints.TUPLE_NOT_LIST, hints.GENERATOR_NOT_LIST])


@check("fifty-at-once")
def test_fifty_fetches_take_as_long_as_the_slowest(kata):
    fetch = kata.fetch(50)
    run = kata.call("fetch_all", fetch, fetch.names)
    expect.elapsed_is(
        run, fetch.max_delay(), because="the slowest of 50 fetches running at once",
        hint="Start every fetch before awaiting any of them: "
             "`await asyncio.gather(*(fetch(n) for n in names))`, not a loop of awaits.",
    )


@check("failure-raises-that-exception")
def test_a_failing_fetch_raises_its_own_exception(kata):
    fetch = kata.fetch(5, failing=1)
    (bad,) = fetch.failing()
    run = kata.call("fetch_all", fetch, fetch.names)
    wanted = f"the exception fetch({bad!r}) raised, {fetch.failure(bad)}"
    raised = expect.raised(run, wanted)
    if raised.is_group:
        raise expect.fail(wanted, f"{raised.class_name} wrapping {len(raised.leaves())} "
                          "exception(s)",
                          "TaskGroup wraps failures in an ExceptionGroup; asyncio.gather "
                          "raises the first failure itself.")
    if raised.token != fetch.token(bad):
        raise expect.fail(wanted, f"a different exception object, {raised}",
                          "Let the original exception propagate (or re-raise it with a bare "
                          "`raise`) instead of creating a new one.")


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
