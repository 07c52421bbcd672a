"""Hidden checks for kata 01 (two-at-once)."""

from grader.testing import CheckFailed, Hint, check, expect, hints, seconds
from grader.testing.describe import shown_with_type
from grader.testing.run import same_instant
from grader.testing.values import exactly_equal, render

LIST_HINT = Hint(expect.wrong_type(list), "That is a list; the contract asks for a tuple: "
                 "`return (first_value, second_value)`.")
SWAPPED_HINT = Hint(lambda value, expected: exactly_equal(value, expected[::-1]),
                    "The values are swapped: fetch(second) finished first, but the tuple "
                    "follows the arguments, so the value of `first` comes first. Await the "
                    "tasks in argument order instead of taking them as they finish.")

ENDINGS = {"returned": "finished", "raised": "failed", "cancelled": "was cancelled",
           "closed": "was closed"}


@check("tuple-in-argument-order")
def test_returns_a_tuple_in_argument_order(kata):
    fetch = kata.fetch(2)
    fast, slow = fetch.by_delay()
    first, second = slow, fast  # completion order differs from argument order
    run = kata.call("fetch_two", fetch, first, second)
    value = expect.returned(run, "a tuple of the two values, in argument order")
    wanted = (fetch.value(first), fetch.value(second))
    try:
        expect.value_is(value, wanted, what="the returned value",
                        hints=[LIST_HINT, hints.TASKS_NOT_AWAITED, hints.COROUTINES_NOT_AWAITED,
                               SWAPPED_HINT])
    except CheckFailed as failed:  # the same verdict, told in the student's terms
        raise expect.fail(f"fetch_two(fetch, {first!r}, {second!r}) to return the tuple "
                          f"{render(wanted)}, fetch({first!r})'s value first",
                          f"it returned {shown_with_type(value)}",
                          failed.hint) from None


@check("takes-the-longer-delay")
def test_takes_as_long_as_the_slower_fetch(kata):
    fetch = kata.fetch(2)
    first, second = fetch.by_delay()  # the first fetch is the faster one here
    run = kata.call("fetch_two", fetch, first, second)
    longer = fetch.max_delay()
    if run.kind == "not_awaitable":
        hint = "Declare it with `async def fetch_two(...)` so callers can await it."
    elif run.ended_on_its_own and run.elapsed < longer and not same_instant(run.elapsed, longer):
        hint = ("fetch_two ended before the slower fetch could have finished. Await both "
                "tasks before returning.")
    else:
        hint = ("Create both tasks before awaiting either. Awaiting fetch(first), or "
                "`await asyncio.create_task(fetch(first))`, waits for it to finish before "
                "the second fetch even exists.")
    try:
        expect.elapsed_is(run, longer, because=f"fetch({first!r}) takes "
                          f"{seconds(fetch.delay(first))} and fetch({second!r}) "
                          f"{seconds(fetch.delay(second))}, running at the same time", hint=hint)
    except CheckFailed as failed:
        raise expect.fail(failed.expected, failed.observed + _why_so_long(run, fetch),
                          failed.hint) from None


def _why_so_long(run, fetch) -> str:
    """What an elapsed time that is the two delays added up means."""
    delays = [fetch.delay(name) for name in fetch.names]
    if run.ended_on_its_own and same_instant(run.elapsed, sum(delays)):
        added = " + ".join(map(seconds, delays))
        return f", the two delays added up ({added}): one fetch ran after the other"
    if run.ended_on_its_own and run.elapsed < min(delays):
        return ", before either fetch could have finished"
    return ""


@check("second-starts-before-first-finishes")
def test_second_fetch_starts_before_the_first_finishes(kata):
    fetch = kata.fetch(2)
    first, second = fetch.names
    run = kata.call("fetch_two", fetch, first, second)
    expected = (f"fetch({second!r}) to start before fetch({first!r}) finishes "
                "(judged up to the moment fetch_two returned)")
    expect.ended(run, expected)
    started = run.call(second).started
    ended = run.call(first).ended
    if started is None:
        raise expect.fail(expected, _not_started(run, fetch, first, second, ended),
                          "A task only begins running when your code awaits something. "
                          "Create both tasks, then await them both before returning.")
    if ended is not None and ended.seq < started.seq:
        raise expect.fail(
            expected,
            f"fetch({second!r}) started at t={seconds(started.t)}, only after "
            f"fetch({first!r}) {ENDINGS[ended.event]} at t={seconds(ended.t)}",
            "Start both fetches as tasks with asyncio.create_task before awaiting either. "
            "Awaiting the first one (even `await asyncio.create_task(...)`) waits for it to "
            "finish before the next line runs.")


def _not_started(run, fetch, first: str, second: str, ended) -> str:
    at = seconds(run.elapsed)
    called = run.call(second).first("called") is not None
    text = (f"fetch({second!r}) was called but had not started running when fetch_two "
            f"ended at t={at}" if called else
            f"fetch({second!r}) had not been called when fetch_two ended at t={at}")
    if ended is not None:
        text += f" (fetch({first!r}) {ENDINGS[ended.event]} at t={seconds(ended.t)})"
    return text


@check("nothing-left-pending")
def test_nothing_is_left_running(kata):
    fetch = kata.fetch(2)
    first, second = fetch.names
    run = kata.call("fetch_two", fetch, first, second)
    expect.returned(run, "a tuple of the two values")
    expect.nothing_pending(run, hint="Await every task you create before fetch_two returns; a "
                           "task you do not await may still be running (or not even started).")


@check("loop-kept-free")
def test_the_event_loop_is_never_blocked(kata):
    fetch = kata.fetch(2)
    first, second = fetch.names
    run = kata.call("fetch_two", fetch, first, second)
    expect.returned(run, "a tuple of the two values")
    expect.loop_kept_free(run)

