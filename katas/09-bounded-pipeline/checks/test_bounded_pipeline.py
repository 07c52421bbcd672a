"""Hidden checks for kata 09 (bounded-pipeline).

Every scenario is a `Plan`: items (distinct strings) with distinct process()
delays, a number of workers and a queue size.  The plan is arranged so that
the greedy schedule (each item, in source order, starts the moment a worker is
free) ends at least 0.05 s away from what the usual wrong schedules give (one
at a time, all at once, batches of `workers`, a fixed share per worker, one
worker too many or too few, `maxsize` workers), no two process() calls end at
the same instant, and they end in another order than the source order.  A
failing plan makes the third item to finish fail, at an instant when other
items are still being processed and the source still holds items.  So every
verdict is the same for every seed.

The ordering checks count from the trace, event by event in `seq` order:
process() calls running (started, not yet ended), and items pulled from the
source minus process() calls ended.
"""

from __future__ import annotations

from dataclasses import dataclass

from grader.testing import (
    CheckFailed,
    Dice,
    Fetch,
    Source,
    Step,
    check,
    expect,
    hints,
    same_instant,
    seconds,
)
from grader.testing.expect import Hint
from grader.testing.run import Run
from grader.testing.schedules import busiest, greedy_finishes
from grader.wire import CALL_ENDS

FN = "run_pipeline"
MARGIN = 5  # hundredths of a second between the greedy schedule and every wrong one

COMPLETION_ORDER = Hint(expect.same_items_other_order, "Those are the values in the order the "
                        "process() calls finished. Remember each item's position (put "
                        "`(index, item)` on the queue) and return the results by position.")
RESULT_HINTS = (hints.TUPLE_NOT_LIST, COMPLETION_ORDER)

ALL_AT_ONCE_HINT = (
    "Every item was being processed at the same time: a worker must `await process(item)` "
    "itself before it takes the next item, not start it as a task and move on."
)
OVER_LIMIT_HINT = (
    "Start exactly `workers` worker tasks, each looping: take an item from the queue, "
    "`await process(item)`, repeat. Nothing else should call process()."
)
READ_AHEAD_HINT = (
    "The source was read faster than the workers could take the items: either all of it up "
    "front (a list built with `async for`), or into an asyncio.Queue() without maxsize, whose "
    "put() never waits. Use asyncio.Queue(maxsize) and let the producer `await "
    "queue.put(item)` each item as it pulls it: put() waits whenever the queue is full."
)
HANG_HINT = (
    "queue.join() waits until task_done() has been called once for every item put in the "
    "queue. When a worker dies on an exception, its item never gets its task_done(), so "
    "join() waits forever. Wait for the producer and worker tasks themselves instead: "
    "asyncio.gather(producer, *workers) raises the first exception the moment it happens."
)
LATE_HINT = (
    "You raised only after the rest of the pipeline had carried on (waiting for queue.join(), "
    "or gathering the workers with return_exceptions=True). Wait on the tasks so that a "
    "worker's exception ends the wait at once: asyncio.gather(producer, *workers) does."
)
SWALLOWED_HINT = (
    "The exception vanished: a try/except in the worker, or gather(..., "
    "return_exceptions=True), swallowed it. Let it propagate out of the worker task and out "
    "of run_pipeline."
)
GROUP_HINT = (
    "A TaskGroup wraps failures in an ExceptionGroup. Raise the process() exception itself: "
    "await asyncio.gather(producer, *workers) raises the first failure as it is, or catch "
    "the group and re-raise its exception."
)
COPY_HINT = (
    "Let the original exception propagate (or re-raise it with a bare `raise`) instead of "
    "raising another one."
)
STUCK_HINT = (
    "Something is awaited that never completes: typically workers that loop on "
    "`await queue.get()` forever while you gather them, or queue.join() when task_done() is "
    "not called once per item. Give each worker a way to stop (one 'no more items' signal "
    "each) or cancel the workers once every item is done."
)
SUCCESS_PENDING_HINT = (
    "Workers that loop on `await queue.get()` wait forever once the items run out. Stop "
    "them (put one 'no more items' signal per worker, or cancel them once every item is "
    "done) and await them before returning."
)
FAILURE_PENDING_HINT = (
    "When a process() call raises, the producer (waiting on a full queue) and the other "
    "workers are still running: cancel every task you created and await them (for example "
    "`await asyncio.gather(*tasks, return_exceptions=True)`) before raising. A try/finally "
    "around the wait covers success and failure alike."
)


# -- plans ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Plan:
    """One scenario: process() per item, workers, maxsize, and the schedules they lead to."""

    process: Fetch
    workers: int
    maxsize: int
    finishes: tuple[int, ...]  # greedy finish of each item, hundredths, in source order
    wrong: tuple[tuple[str, int], ...]  # (mistake, its finish in hundredths)
    bad: str | None = None

    @property
    def items(self) -> list[str]:
        return self.process.names

    @property
    def greedy(self) -> float:
        return max(self.finishes) / 100

    @property
    def bound(self) -> int:
        return self.maxsize + self.workers + 1

    def source(self) -> Source:
        return Source(self.items)

    def describe(self) -> str:
        delays = ", ".join(f"{self.process.delay(n):.2f}" for n in self.items)
        return (f"{len(self.items)} items, {self.workers} workers, a queue of {self.maxsize}, "
                "each item starting as soon as a worker is free; process() delays in source "
                f"order: {delays} s")


def make_plan(dice: Dice, count: int, workers: int, maxsize: int, *, failing: bool = False,
              tries: int = 1000) -> Plan:
    """A scenario whose greedy schedule stands clear of every wrong one (see the module doc)."""
    names = dice.names(count)
    for _ in range(tries):
        delays = [round(d * 100) for d in dice.delays(count)]
        finishes = greedy_finishes(delays, workers)
        wrong = wrong_schedules(delays, workers, maxsize)
        if (len(set(finishes)) < count or finishes == sorted(finishes)
                or any(abs(max(finishes) - w) < MARGIN for _, w in wrong)):
            continue
        bad = failing_index(delays, finishes, maxsize) if failing else None
        if failing and bad is None:
            continue
        steps = {n: Step(d / 100, failure=dice.failure(n)) if i == bad
                 else Step(d / 100, value=dice.value_for(n))
                 for i, (n, d) in enumerate(zip(names, delays, strict=True))}
        return Plan(Fetch(steps, label="process"), workers, maxsize, tuple(finishes), wrong,
                    None if bad is None else names[bad])
    raise RuntimeError(f"no scenario of {count} items with {workers} workers in {tries} tries")


def make_failing_plan(dice: Dice) -> tuple[Plan, str]:
    """10 items, 3 workers, a queue of 2; the third item to finish fails."""
    plan = make_plan(dice, 10, 3, 2, failing=True)
    if plan.bad is None:
        raise RuntimeError("a failing plan without a failing item")
    return plan, plan.bad


def wrong_schedules(delays: list[int], workers: int, maxsize: int) -> tuple[tuple[str, int], ...]:
    """When the usual wrong pipelines would end, in hundredths."""
    count = len(delays)
    wrong = [
        ("sequential", sum(delays)),
        ("all-at-once", max(delays)),
        ("batches", sum(max(delays[i:i + workers]) for i in range(0, count, workers))),
        ("fixed-shares", max(sum(delays[i::workers]) for i in range(workers))),
        ("one-worker-too-many", max(greedy_finishes(delays, workers + 1))),
    ]
    if workers > 1:
        wrong.append(("one-worker-too-few", max(greedy_finishes(delays, workers - 1))))
    if maxsize != workers:
        wrong.append(("maxsize-workers", max(greedy_finishes(delays, maxsize))))
    return tuple(wrong)


def failing_index(delays: list[int], finishes: list[int], maxsize: int) -> int | None:
    """The third item to finish, if it ends while others run and the source holds more."""
    count = len(delays)
    bad = sorted(range(count), key=finishes.__getitem__)[2]
    t = finishes[bad]
    starts = [f - d for f, d in zip(finishes, delays, strict=True)]
    others_running = any(starts[i] < t < finishes[i] for i in range(count) if i != bad)
    started = sum(1 for s in starts if s < t)
    return bad if others_running and started + maxsize + 1 < count else None


def call(kata, plan: Plan) -> Run:
    return kata.call(FN, plan.source(), plan.process, plan.workers, plan.maxsize)


def process_text(item: str) -> str:
    return f"process({item!r})"


def describe(run: Run) -> str:
    """What the call did; a stopped call is placed where run_pipeline itself was waiting.

    (`Run.describe` names the first stuck task's line, often a worker's
    ``queue.get()``, where the student needs the line run_pipeline waited on.)
    """
    stopped = run.observation.stopped
    if stopped is None:
        return run.describe()
    place = next((t.where for t in stopped.tasks
                  if t.where is not None and t.where.function == FN), None)
    if place is None or place.line is None:
        return run.describe()
    if stopped.reason == "deadlock":
        return (f"{FN} never finished: at t={seconds(stopped.at)} it was waiting at line "
                f"{place.line} for something that nothing could ever wake up, so the grader "
                "stopped it")
    return (f"{FN} was still running at line {place.line} when the virtual clock reached its "
            f"limit of {seconds(stopped.at)}, so the grader stopped it")


def returned(run: Run, expected: str):
    """The value returned; a call the grader had to stop gets this kata's hint."""
    if run.stopped == "deadlock":
        raise expect.fail(expected, describe(run), STUCK_HINT)
    if run.stopped is not None:
        raise expect.fail(expected, describe(run), "Look for a loop that never ends, or a wait "
                          "longer than the work itself.")
    return expect.returned(run, expected)


# -- result -----------------------------------------------------------------------------
@check("results-in-source-order")
def test_results_come_back_in_source_order(kata):
    plan = make_plan(kata.dice, 8, 3, 2)
    run = call(kata, plan)
    value = returned(run, "a list of the process() values in source order")
    expect.value_is(value, plan.process.values(), what="the returned value", hints=RESULT_HINTS)
    run = kata.call(FN, Source([]), Fetch({}, label="process"), 2, 1)
    value = returned(run, "[] for a source without items")
    expect.value_is(value, [], what="run_pipeline over an empty source", hints=RESULT_HINTS)


# -- concurrency ------------------------------------------------------------------------
@check("free-worker-takes-next-item")
def test_a_free_worker_takes_the_next_item_at_once(kata):
    for count, workers, maxsize in ((10, 3, 2), (11, 4, 1)):
        plan = make_plan(kata.dice, count, workers, maxsize)
        run = call(kata, plan)
        returned(run, f"a list of the values ({workers} workers, a queue of {maxsize})")
        expect.elapsed_is(run, plan.greedy, because=plan.describe(),
                          hint=schedule_hint(run, plan))


SCHEDULE_HINTS = {
    "sequential": ("That is the sum of all the delays: one item after the other. Start "
                   "`workers` worker tasks that all take items from the queue at once."),
    "all-at-once": ("That is how long the items take when all are processed at once: more "
                    "than `workers` process() calls ran together. Each worker must await "
                    "process(item) before taking the next item."),
    "batches": ("That is the time of batches: `workers` items, wait for all of them, then the "
                "next ones. A batch waits for its slowest item while the other workers sit "
                "idle; let each worker take the next item from the queue as soon as it is "
                "free."),
    "fixed-shares": ("That is the time of workers each given a fixed share of the items "
                     "(every n-th one): a worker with slow items finishes last while the others "
                     "sit idle. Let every worker take the next item from one shared queue."),
    "one-worker-too-many": ("That is the time of one worker more than `workers`: start exactly "
                            "`workers` worker tasks."),
    "one-worker-too-few": ("That is the time of one worker fewer than `workers`: start exactly "
                           "`workers` worker tasks (check your range())."),
    "maxsize-workers": ("That is the time of `maxsize` workers: the queue size and the number "
                        "of workers are mixed up."),
}


def schedule_hint(run: Run, plan: Plan) -> str:
    """Name the wrong schedule the run's time matches, if any."""
    for mistake, finish in plan.wrong:
        if same_instant(run.elapsed, finish / 100):
            return SCHEDULE_HINTS[mistake]
    if run.elapsed < plan.greedy:
        return ("That is faster than `workers` workers can be: more process() calls must have "
                "run at once, or some were not awaited.")
    return ("Each worker should loop: take the next item from the queue, await process(item), "
            "repeat. Then every item starts the moment a worker is free, in source order.")


# -- ordering ---------------------------------------------------------------------------
@check("never-more-than-workers")
def test_never_more_than_workers_process_calls_run_at_once(kata):
    plan = make_plan(kata.dice, 12, 3, 4)
    run = call(kata, plan)
    worst = busiest(run, "process")
    if worst.count > plan.workers:
        shown = ", ".join(process_text(item) for item in worst.running[:5])
        if worst.count > 5:
            shown += f" and {worst.count - 5} more"
        raise expect.fail(
            f"never more than {plan.workers} process() calls running at once "
            f"(workers={plan.workers}, maxsize={plan.maxsize})",
            f"at t={seconds(worst.t)}, {worst.count} process() calls were running at once: "
            f"{shown}",
            ALL_AT_ONCE_HINT if worst.count == len(plan.items) else OVER_LIMIT_HINT)
    returned(run, f"a list of the values, with at most {plan.workers} process() calls "
                    "running at once")


@dataclass(frozen=True)
class Backlog:
    """Items pulled from the source and not yet processed, at one moment."""

    waiting: int = 0
    t: float = 0.0
    pulled: int = 0
    finished: int = 0


def largest_backlog(run: Run) -> Backlog:
    """Pulled minus process() calls ended, event by event in trace order."""
    events = [e for e in run.observation.trace if e.seq < run.observation.return_seq]
    pulled = finished = 0
    worst = Backlog()
    for event in sorted(events, key=lambda e: e.seq):
        if event.fake == "source" and event.event == "pulled":
            pulled += 1
        elif event.fake == "process" and event.event in CALL_ENDS:
            finished += 1
        else:
            continue
        if pulled - finished > worst.waiting:
            worst = Backlog(pulled - finished, event.t, pulled, finished)
    return worst


@check("source-read-only-as-needed")
def test_the_source_is_read_no_further_ahead_than_the_queue_allows(kata):
    for count, workers, maxsize in ((12, 3, 2), (12, 2, 4)):
        plan = make_plan(kata.dice, count, workers, maxsize)
        run = call(kata, plan)
        worst = largest_backlog(run)
        if worst.waiting > plan.bound:
            finished = ("no process() call" if worst.finished == 0 else
                        f"only {worst.finished} process() call{'s' * (worst.finished != 1)}")
            raise expect.fail(
                f"at every moment at most maxsize + workers + 1 = {plan.bound} items pulled "
                f"from source and not yet processed (workers={workers}, maxsize={maxsize}: "
                f"{maxsize} in the queue, one per worker, one in the producer's hands)",
                f"at t={seconds(worst.t)}, {worst.pulled} items had been pulled from source "
                f"and {finished} had finished: {worst.waiting} items not yet processed",
                READ_AHEAD_HINT)
        returned(run, f"a list of the values ({workers} workers, a queue of {maxsize})")


# -- errors -----------------------------------------------------------------------------
@check("failure-raises-that-exception")
def test_a_failing_process_call_raises_its_own_exception_at_once(kata):
    plan, bad = make_failing_plan(kata.dice)
    failure = plan.process.failure(bad)
    run = call(kata, plan)
    timeline = run.call(bad, "process", until_return=False)
    ended = timeline.ended
    if ended is None or ended.event != "raised":
        what = ("was never called" if timeline.first("called") is None
                else "never ran to its end" if ended is None else f"was {ended.event}")
        raise expect.fail(f"{process_text(bad)} to raise {failure}, and run_pipeline to raise "
                          "that exception at that instant",
                          f"{process_text(bad)} {what}: {describe(run)}",
                          "Every item of the source must be processed, each by one "
                          "`await process(item)`.")
    at = seconds(ended.t)
    wanted = (f"run_pipeline to raise, at t={at}, the very exception object "
              f"{process_text(bad)} raised then, {failure}, on its own (not inside an "
              "ExceptionGroup)")
    if run.stopped is not None:
        raise expect.fail(wanted, describe(run), HANG_HINT)
    if run.kind == "returned":
        raise expect.fail(wanted, describe(run), SWALLOWED_HINT)
    raised = expect.raised(run, wanted)
    if raised.is_group:
        count = len(raised.leaves())
        raise expect.fail(wanted, f"it raised {raised.class_name}, a group wrapping {count} "
                          f"exception{'s' * (count != 1)}, at t={seconds(run.ended_at)}",
                          GROUP_HINT)
    if raised.token != plan.process.token(bad):
        raise expect.fail(wanted, f"it raised {raised} at t={seconds(run.ended_at)}: a "
                          f"different exception object from the one {process_text(bad)} "
                          "raised", COPY_HINT)
    if not same_instant(run.ended_at, ended.t):
        raise expect.fail(wanted, f"it raised that exception only at "
                          f"t={seconds(run.ended_at)}, {seconds(run.ended_at - ended.t)} "
                          "late", LATE_HINT)


# -- hygiene ----------------------------------------------------------------------------
def nothing_left(run: Run, situation: str, hint: str) -> None:
    """Nothing pending when the call ended (also when the grader had to stop it)."""
    try:
        expect.nothing_pending(run, hint=hint)
    except CheckFailed as failed:
        # "run_pipeline.<locals>.produce()" reads better as "produce()"
        observed = failed.observed.replace(f"{FN}.<locals>.", "")
        if run.stopped is not None:
            observed = f"{describe(run)}; {observed}"
        raise expect.fail(f"{failed.expected} ({situation})", observed, failed.hint) from None


@check("nothing-left-pending")
def test_no_producer_or_worker_is_left_running(kata):
    plan = make_plan(kata.dice, 8, 3, 2)
    run = call(kata, plan)
    nothing_left(run, "after processing every item", SUCCESS_PENDING_HINT)
    plan, bad = make_failing_plan(kata.dice)
    run = call(kata, plan)
    nothing_left(run, f"after {process_text(bad)} raised", FAILURE_PENDING_HINT)


@check("loop-kept-free")
def test_the_event_loop_is_never_blocked(kata):
    plan = make_plan(kata.dice, 6, 2, 1)
    run = call(kata, plan)
    returned(run, "a list of the values")
    expect.loop_kept_free(run)
