"""Hidden checks for kata 08 (as-they-arrive).

Every scenario lists the slowest name first and the others shuffled, so the
input order is never the order the fetches finish in when they run at once.

The result and ordering checks judge against the run as it happened: the order
and the instants at which the fetches actually finished during the call.  A
sequential solution that reports after each await therefore passes them (its
fetches finish in input order) and fails only the concurrency check, as the
contract says.
"""

import re

from grader.testing import Fetch, Report, check, expect, hints, seconds
from grader.testing.describe import object_described
from grader.testing.run import same_instant
from grader.testing.values import Opaque, decode, exactly_equal, render, type_name

FUNCTION = "fetch_and_report"

CARRY_THE_NAME_HINT = ("Make every awaitable bring its name along, e.g. `async def "
                       "fetch_one(name): return name, await fetch(name)`, then `for next_done "
                       "in asyncio.as_completed([fetch_one(n) for n in names]): name, value = "
                       "await next_done`.")
INPUT_ORDER_HINT = ("That is the order of `names`, not the order the fetches finished in. "
                    "Append each name to your result the moment its fetch finishes. "
                    "as_completed hands you results in finishing order, but not which name "
                    "each one belongs to. " + CARRY_THE_NAME_HINT)
VALUES_HINT = ("Those are the fetched values. Return the names themselves, in the order their "
               "fetches finished; the values go to report(name, value).")
OTHER_ORDER_HINT = ("The right names, in the wrong order. Append each name the moment its fetch "
                    "finishes, in the same step that reports it.")
NOT_A_LIST_HINT = "Return a list: build it with `finished.append(name)` as the results arrive."
RETURN_NAMES_HINT = ("Return a list holding every name once, in the order their fetches "
                     "finished: the first to finish comes first.")
AWAIT_ALL_HINT = ("Every fetch must have finished before fetch_and_report returns: await each "
                  "of them (as_completed yields one awaitable per fetch; await every one).")
SWAPPED_HINT = ("report takes the name first, then the value: `report(name, value)`.")
ZIPPED_HINT = ("Pairing `names` with as_completed (zip, or an index) gives names the wrong "
               "values: its results come in finishing order, not in the order of `names`. "
               + CARRY_THE_NAME_HINT)
NEVER_REPORTED_HINT = ("Call `report(name, value)` for every name, as soon as its fetch "
                       "finishes.")
TWICE_HINT = ("Report each name once only: call report(name, value) in the one place where "
              "that name's result arrives.")
WRONG_VALUE_HINT = "Pass report the value `await fetch(name)` returned, unchanged."
REPORTED_AT_END_HINT = ("Your reports waited for slower fetches: gathering every result first, "
                        "or awaiting the fetches in the order of `names`, makes a fast fetch "
                        "wait for slow ones. Loop over asyncio.as_completed and call report "
                        "inside the loop, right after each result arrives.")
REPORTED_EARLY_HINT = ("You reported a name before its fetch had finished, so the value you "
                       "reported was another fetch's. " + CARRY_THE_NAME_HINT)
REPORTED_LATE_HINT = ("Report in the same step the result arrives: no sleep and no waiting for "
                      "anything else between the end of fetch(name) and report(name, value).")


# -- scenarios ------------------------------------------------------------------------------
def _scenario(kata, count: int = 6) -> tuple[Fetch, list[str]]:
    """`count` fetches, listed slowest first and the others shuffled."""
    fetch = kata.fetch(count)
    slowest = fetch.by_delay()[-1]
    return fetch, [slowest, *kata.dice.shuffled([n for n in fetch.names if n != slowest])]


def _call(kata, fetch: Fetch, names: list[str]):
    return kata.call(FUNCTION, fetch, names, Report())


def _finish_events(run, names: list[str]) -> dict[str, object]:
    """Each name's "returned" event, up to the moment the function returned (or None)."""
    finished = {}
    for name in names:
        ended = run.call(name).ended
        finished[name] = ended if ended is not None and ended.event == "returned" else None
    return finished


def _unfinished_problem(run, name: str) -> str:
    if not run.call(name).events:
        return f"fetch({name!r}) was never called"
    return f"fetch({name!r}) had not finished when {FUNCTION} returned at t={seconds(run.elapsed)}"


def _require_all_finished(run, names: list[str], expected: str) -> dict[str, object]:
    finished = _finish_events(run, names)
    missing = [n for n in names if finished[n] is None]
    if missing:
        observed = "; ".join(_unfinished_problem(run, n) for n in missing[:3])
        if len(missing) > 3:
            observed += f"; and {len(missing) - 3} more"
        raise expect.fail(expected, observed, AWAIT_ALL_HINT)
    return finished


def _reports(run) -> dict[str, list]:
    """The reported events by name (the report fake's key), until the function returned."""
    by_key: dict[str, list] = {}
    for timeline in run.calls("report"):
        by_key.setdefault(timeline.key, []).extend(
            e for e in timeline.events if e.event == "reported")
    for events in by_key.values():
        events.sort(key=lambda e: e.seq)
    return by_key


# -- result ---------------------------------------------------------------------------------
def _order_hint(value, order: list[str], names: list[str], fetch: Fetch) -> str:
    if isinstance(value, list) and exactly_equal(value, names):
        return INPUT_ORDER_HINT
    if isinstance(value, (list, tuple)) and any(
            exactly_equal(item, fetch.value(n)) for item in value for n in names):
        return VALUES_HINT
    if isinstance(value, tuple) and exactly_equal(list(value), order):
        return NOT_A_LIST_HINT
    for hint in (hints.TASKS_NOT_AWAITED, hints.COROUTINES_NOT_AWAITED):
        if hint.applies(value, None):
            return hint.text
    if isinstance(value, list) and expect.same_items_other_order(value, order):
        return OTHER_ORDER_HINT
    if not isinstance(value, list):
        return NOT_A_LIST_HINT
    return RETURN_NAMES_HINT


@check("names-in-finishing-order")
def test_names_come_back_in_finishing_order(kata):
    fetch, names = _scenario(kata)
    run = _call(kata, fetch, names)
    wanted = f"{FUNCTION} to return a list of the names in the order their fetches finished"
    value = expect.returned(run, wanted)
    finished = _require_all_finished(run, names, wanted)
    order = sorted(names, key=lambda n: finished[n].seq)
    if exactly_equal(value, order):
        return
    when = ", ".join(f"fetch({n!r}) at t={seconds(finished[n].t)}" for n in order)
    kind = "" if isinstance(value, list) else f", a {type_name(value)} rather than a list"
    raise expect.fail(f"{FUNCTION} to return {render(order)}, the names in the order their "
                      f"fetches finished during your call ({when})",
                      f"{FUNCTION} returned {_shown(value)}{kind}",
                      _order_hint(value, order, names, fetch))


def _shown(value) -> str:
    """A returned value as a student would write it, objects named by what they are."""
    if isinstance(value, Opaque):
        return object_described(value)
    if isinstance(value, list):
        items = [_shown(v) for v in value]
        if len(items) > 1 and isinstance(value[0], Opaque) and len(set(items)) == 1:
            return f"a list of {len(items)} objects, each {items[0]}"
        return "[" + ", ".join(items) + "]"
    if isinstance(value, tuple):
        inner = ", ".join(_shown(v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    return render(value)


def _no_address(text: str) -> str:
    """Text without the memory addresses of objects' reprs (they mean nothing to a student)."""
    return re.sub(r" at 0x[0-9a-fA-F]+", "", text)


def _whose_value(fetch: Fetch, value) -> str | None:
    return next((n for n in fetch.names if exactly_equal(value, fetch.value(n))), None)


def _report_problems(fetch: Fetch, names: list[str], reports: dict[str, list]):
    """(text, hint) for each way the reports differ from one report per name."""
    problems = []
    for name in names:
        events = reports.get(name, [])
        if not events:
            problems.append((f"report({name!r}, ...) was never called", NEVER_REPORTED_HINT))
            continue
        if len(events) > 1:
            problems.append((f"report({name!r}, ...) was called {len(events)} times",
                             TWICE_HINT))
        for event in events:
            value = decode(event.value)
            if exactly_equal(value, fetch.value(name)):
                continue
            other = _whose_value(fetch, value)
            if other is not None:
                problems.append((f"report({name!r}, {_shown(value)}) at t={seconds(event.t)}: "
                                 f"that is fetch({other!r})'s value, fetch({name!r}) returned "
                                 f"{render(fetch.value(name))}", ZIPPED_HINT))
            else:
                problems.append((f"report({name!r}, {_shown(value)}) at t={seconds(event.t)}: "
                                 f"fetch({name!r}) returned {render(fetch.value(name))}",
                                 WRONG_VALUE_HINT))
    for key, events in reports.items():
        if key in names:
            continue
        first = decode(events[0].value)
        swapped = _whose_value(fetch, key) is not None and first in names
        shown = _no_address(repr(key))
        problems.append((f"report({shown}, {_shown(first)}) was called, but {shown} is not one "
                         "of the names", SWAPPED_HINT if swapped else NEVER_REPORTED_HINT))
    # The most telling mistake first: swapped arguments, then mixed-up values.
    rank = {SWAPPED_HINT: 0, ZIPPED_HINT: 1}
    problems.sort(key=lambda p: rank.get(p[1], 2))
    return problems


@check("each-name-reported-once")
def test_every_name_is_reported_once_with_its_value(kata):
    fetch, names = _scenario(kata)
    run = _call(kata, fetch, names)
    wanted = (f"report(name, value) to be called exactly once for each of the {len(names)} "
              "names, with the value fetch(name) returned")
    expect.returned(run, wanted)
    problems = _report_problems(fetch, names, _reports(run))
    if problems:
        observed = "; ".join(text for text, _ in problems[:3])
        if len(problems) > 3:
            observed += f"; and {len(problems) - 3} more"
        raise expect.fail(wanted, observed, problems[0][1])


# -- ordering -------------------------------------------------------------------------------
@check("reported-as-they-arrive")
def test_each_name_is_reported_when_its_fetch_finishes(kata):
    fetch, names = _scenario(kata)
    run = _call(kata, fetch, names)
    wanted = ("each name to be reported at the very instant its fetch finished ("
              + "; ".join(f"fetch({n!r}) takes {seconds(fetch.delay(n))}"
                          for n in fetch.by_delay()) + ")")
    expect.returned(run, wanted)
    finished = _require_all_finished(run, names, wanted)
    reports = _reports(run)
    swapped = [key for key in reports if key not in names and _whose_value(fetch, key)]
    unreported_hint = SWAPPED_HINT if swapped else NEVER_REPORTED_HINT
    last_finish = max(e.t for e in finished.values())
    problems, late = [], []
    for name in sorted(names, key=lambda n: finished[n].seq):
        at = finished[name].t
        events = reports.get(name, [])
        if not events:
            problems.append((f"report({name!r}, ...) was never called (fetch({name!r}) finished "
                             f"at t={seconds(at)})", unreported_hint))
            continue
        for event in events:
            if same_instant(event.t, at):
                continue
            text = (f"report({name!r}, ...) at t={seconds(event.t)}, but fetch({name!r}) "
                    f"finished at t={seconds(at)}")
            if event.t < at:
                problems.append((text, REPORTED_EARLY_HINT))
            else:
                problems.append((text, REPORTED_LATE_HINT))
                late.append(event.t)
    # The most telling mistake first: a report before its fetch finished (names and results
    # paired up wrongly).  Late reports that all came once every fetch was done point to
    # waiting for everything (or for the fetches in input order) before reporting.
    if late and all(t > last_finish or same_instant(t, last_finish) for t in late):
        problems = [(text, REPORTED_AT_END_HINT if hint == REPORTED_LATE_HINT else hint)
                    for text, hint in problems]
    problems.sort(key=lambda p: 0 if p[1] == REPORTED_EARLY_HINT else 1)
    if problems:
        observed = "; ".join(text for text, _ in problems[:3])
        if len(problems) > 3:
            observed += f"; and {len(problems) - 3} more"
        if swapped and problems[0][1] == SWAPPED_HINT:
            observed += (f"; instead, report was called with values first, such as "
                         f"report({swapped[0]!r}, ...)")
        raise expect.fail(wanted, observed, problems[0][1])


# -- concurrency ----------------------------------------------------------------------------
@check("all-at-once")
def test_twenty_fetches_take_as_long_as_the_slowest(kata):
    fetch, names = _scenario(kata, 20)
    run = _call(kata, fetch, names)
    expect.elapsed_is(
        run, fetch.max_delay(), because="the slowest of 20 fetches running at once",
        hint="Start every fetch before awaiting any of them: `asyncio.as_completed([...])` "
             "takes all the awaitables at once and runs them together; awaiting "
             "fetch(name) in a loop runs them one after the other.",
    )


# -- hygiene --------------------------------------------------------------------------------
@check("nothing-left-pending")
def test_nothing_is_left_running(kata):
    fetch, names = _scenario(kata)
    run = _call(kata, fetch, names)
    expect.returned(run, "the names in the order their fetches finished")
    expect.nothing_pending(run, hint="Every task you create must be finished (awaited, or "
                           "cancelled and awaited) before fetch_and_report returns.")


@check("loop-kept-free")
def test_the_event_loop_is_never_blocked(kata):
    fetch, names = _scenario(kata)
    run = _call(kata, fetch, names)
    expect.returned(run, "the names in the order their fetches finished")
    expect.loop_kept_free(run)
