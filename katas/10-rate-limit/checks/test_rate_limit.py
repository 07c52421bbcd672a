"""Hidden checks for kata 10 (rate-limit).

Every scenario is a `Plan`: names with distinct delays and a limit, arranged so
that the greedy schedule (the next name, in input order, starts the moment a
slot frees) ends at least 0.05 s away from what the usual wrong schedules give
(batches of `limit`, fixed shares per worker, one at a time, all at once), no
two fetches end at the same instant, and the fetches finish in another order
than the input order.  So every verdict is the same for every seed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from grader.testing import (
    CheckFailed,
    Dice,
    Fetch,
    Hint,
    Step,
    check,
    expect,
    hints,
    same_instant,
    seconds,
)
from grader.testing.run import Run
from grader.testing.schedules import busiest, greedy_finishes

MARGIN = 5  # hundredths of a second between the greedy schedule and every wrong one

WRONG_LOOP_HINT = (
    "Your code reused an asyncio object from an earlier call. A Semaphore, like every asyncio "
    "lock, event or queue, belongs to the event loop it was first used in, and each call of "
    "fetch_all_limited may run in a new loop (the grader runs every scenario in its own loop). "
    "Create the Semaphore inside fetch_all_limited, once per call and with that call's limit, "
    "not at module level."
)
ALL_AT_ONCE_HINT = (
    "Every fetch was running at the same time: the semaphore did not hold the fetches back. "
    "Call fetch(name) only once you hold a slot, and keep holding it until that fetch "
    "finishes: `async with slots: return await fetch(name)`. Creating a task from "
    "fetch(name), or handing it to gather, starts it before any slot is taken."
)
OVER_LIMIT_HINT = (
    "More fetches ran at once than `limit` allows. Use one asyncio.Semaphore(limit), created "
    "in this call, and call fetch(name) only while holding it."
)
VALUES_HINT = Hint(
    lambda value, expected: True,
    "Return one value per name, each the value fetch(name) returned, in the order of `names`: "
    "gathering one `async with slots: return await fetch(name)` per name gives exactly that.")
LIMIT_HINT = (
    "Check the argument first thing, before any fetch: `if limit < 1: raise ValueError(...)`. "
    "asyncio.Semaphore itself rejects negative values, but it accepts 0, and a Semaphore(0) "
    "never lets anyone in."
)


@dataclass(frozen=True)
class Plan:
    """One scenario: the fetch fake, the limit, and the schedules the delays lead to."""

    fetch: Fetch
    limit: int
    greedy: float
    chunked: float
    striped: float
    sequential: float
    at_once: float

    @property
    def names(self) -> list[str]:
        return self.fetch.names

    def describe(self, context: str = "") -> str:
        delays = ", ".join(f"{self.fetch.delay(n):.2f}" for n in self.names)
        lead = f"{context}: " if context else ""
        return (f"{lead}{len(self.names)} fetches, at most {self.limit} at a time, the next "
                f"name starting as soon as a slot frees; delays in input order: {delays} s")


def make_plan(dice: Dice, count: int, limit: int, *, tries: int = 1000) -> Plan:
    """A scenario whose greedy schedule stands clear of every wrong one (see the module doc)."""
    names = dice.names(count)
    for _ in range(tries):
        delays = [round(d * 100) for d in dice.delays(count)]
        finishes = greedy_finishes(delays, limit)
        greedy = max(finishes)
        wrong = (
            sum(max(delays[i:i + limit]) for i in range(0, count, limit)),  # batches
            max(sum(delays[i::limit]) for i in range(limit)),  # fixed shares
            sum(delays),  # one at a time
            max(delays),  # all at once
        )
        if (len(set(finishes)) == count and finishes != sorted(finishes)
                and all(abs(greedy - w) >= MARGIN for w in wrong)):
            steps = {n: Step(d / 100, value=dice.value_for(n))
                     for n, d in zip(names, delays, strict=True)}
            return Plan(Fetch(steps), limit, greedy / 100, *(w / 100 for w in wrong))
    raise RuntimeError(f"no scenario of {count} names with limit {limit} in {tries} tries")


def call(kata, plan: Plan) -> Run:
    return kata.call("fetch_all_limited", plan.fetch, plan.names, plan.limit)


# -- judges -------------------------------------------------------------------------
ADDRESS = re.compile(r"<(?:[\w]+\.)*(\w+) object at 0x[0-9a-fA-F]+[^>]*>")


def describe(run: Run) -> str:
    """What the call did, without Python object addresses ("<...Semaphore object at 0x..>"
    becomes "a Semaphore")."""
    return ADDRESS.sub(lambda m: f"a {m.group(1)}", run.describe())


def returned(run: Run, expected: str) -> Any:
    """The value returned; a Semaphore reused from another event loop gets its own hint."""
    exc = run.exception
    if (run.kind == "raised" and exc is not None and run.stopped is None
            and "different event loop" in exc.message):
        raise expect.fail(expected, describe(run), WRONG_LOOP_HINT)
    try:
        return expect.returned(run, expected)
    except CheckFailed as failed:
        raise expect.fail(failed.expected, describe(run), failed.hint) from None


def within_limit(run: Run, plan: Plan, context: str = "") -> None:
    worst = busiest(run)
    if worst.count <= plan.limit:
        return
    shown = ", ".join(f"fetch({name!r})" for name in worst.running[:6])
    if worst.count > 6:
        shown += f" and {worst.count - 6} more"
    where = f", {context}" if context else ""
    raise expect.fail(
        f"never more than {plan.limit} fetches running at once (limit={plan.limit}){where}",
        f"at t={seconds(worst.t)}, {worst.count} fetches were running at once: {shown}",
        ALL_AT_ONCE_HINT if worst.count == len(plan.names) else OVER_LIMIT_HINT)


def on_schedule(run: Run, plan: Plan, context: str = "") -> None:
    expect.elapsed_is(run, plan.greedy, because=plan.describe(context),
                      hint=schedule_hint(run, plan))


def schedule_hint(run: Run, plan: Plan) -> str:
    """Name the wrong schedule the run's time matches, if any."""
    took, limit = run.elapsed, plan.limit
    if same_instant(took, plan.chunked):
        return (f"That is the time of batches: {limit} fetches, wait for all of them, then the "
                f"next {limit}. A batch waits for its slowest fetch while the other slots sit "
                "idle. Give every name its own task that waits on one shared "
                "asyncio.Semaphore(limit), and gather them all at once.")
    if same_instant(took, plan.sequential):
        return ("That is the sum of all the delays: one fetch after the other. Run them "
                "concurrently (gather) and let a Semaphore admit `limit` of them at a time.")
    if same_instant(took, plan.at_once):
        return ("That is how long every fetch takes when all run at once: the limit did not "
                "hold back the fetches themselves. Call fetch(name) only inside "
                "`async with slots:`.")
    if same_instant(took, plan.striped):
        return (f"That is the time of {limit} workers each given a fixed share of the names "
                f"(the first worker takes names 0, {limit}, {2 * limit}, ...): a worker with slow "
                "names finishes last while the others sit idle. Let each freed slot take the "
                "next name in input order.")
    if took < plan.greedy:
        return ("That is faster than the limit allows: more than `limit` fetches must have "
                "run at once, or some were not awaited.")
    return ("Each name should start the moment any slot frees, in input order: one task per "
            "name doing `async with slots: return await fetch(name)`, all gathered at once.")


# -- checks -------------------------------------------------------------------------
@check("values-in-input-order")
def test_values_come_back_in_input_order(kata):
    plan = make_plan(kata.dice, 7, 3)
    run = call(kata, plan)
    value = returned(run, "a list of the values in input order")
    expect.value_is(value, plan.fetch.values(), what="the returned value",
                    hints=(*hints.LIST_IN_INPUT_ORDER, VALUES_HINT))


@check("never-more-than-limit")
def test_never_more_than_limit_fetches_run_at_once(kata):
    plan = make_plan(kata.dice, 10, 3)
    run = call(kata, plan)
    within_limit(run, plan)
    returned(run, f"a list of the values, with at most {plan.limit} fetches running at once")


@check("next-starts-when-a-slot-frees")
def test_the_next_fetch_starts_as_soon_as_a_slot_frees(kata):
    plan = make_plan(kata.dice, 9, 3)
    run = call(kata, plan)
    returned(run, "a list of the values")
    on_schedule(run, plan)


@check("new-loop-new-limit")
def test_a_second_call_with_another_limit_also_holds(kata):
    for ordinal, limit in (("first", 4), ("second", 2)):
        plan = make_plan(kata.dice, 8, limit)
        run = call(kata, plan)
        context = f"in the {ordinal} of two calls, each in its own event loop"
        within_limit(run, plan, context)
        returned(run, f"a list of the values, {context}")
        on_schedule(run, plan, context)


@check("limit-below-one-raises")
def test_a_limit_below_one_raises_value_error(kata):
    for limit in (0, -kata.dice.random.randrange(1, 4)):
        fetch = kata.fetch(4)
        run = kata.call("fetch_all_limited", fetch, fetch.names, limit)
        expected = (f"fetch_all_limited(fetch, names, {limit}) to raise ValueError before "
                    "calling fetch")
        exc = run.exception
        if not (run.kind == "raised" and run.stopped is None and exc is not None
                and exc.class_name == "ValueError"):
            raise expect.fail(expected, describe(run), LIMIT_HINT)
        called = [timeline.key for timeline in run.calls()]
        if called:
            raise expect.fail(expected, f"it raised {exc}, but only after calling "
                              f"fetch({called[0]!r})", LIMIT_HINT)


@check("loop-kept-free")
def test_the_event_loop_is_never_blocked(kata):
    plan = make_plan(kata.dice, 6, 2)
    run = call(kata, plan)
    returned(run, "a list of the values")
    expect.loop_kept_free(run)
