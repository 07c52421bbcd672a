"""Hidden checks for kata 12 (supervisor).

Every scenario is a `Plan`: for each service, the instants at which its
successive runs fail (each failure restarts it at once) and what its last run
does (run forever with some cleanup, or be in the middle of a run that would
fail long after the instant being judged).  Failure instants, the stop instant
and the cleanup ends are all distinct, so no verdict depends on a tie.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from grader.testing import (
    CheckFailed,
    Event,
    Failure,
    ServiceRun,
    Services,
    check,
    expect,
    same_instant,
    seconds,
)
from grader.testing.run import CallTimeline, Run
from grader.testing.values import ObservedException, render

FN = "supervise"
LABEL = "services"
LATER = 0.99  # a run "in the middle" would fail this long after the instant judged

# -- hints ----------------------------------------------------------------------------
START_HINT = ("Start every service before awaiting anything: create one task per service "
              "(`asyncio.create_task(services[name]())`) in a loop, then wait for them.")
COUNT_HINT = ("Restart a failed service at once, by calling its factory again "
              "(`services[name]()` gives a fresh run), and count one restart per failure. "
              "Return every service, with 0 for those never restarted, as counted at the "
              "moment stop was set.")
RUNS_NOT_RESTARTS_HINT = ("Those are the numbers of runs. The first run is not a restart: a "
                          "service that never failed was restarted 0 times.")
LATE_RESTART_HINT = ("A failed service is restarted immediately, at the instant it failed - no "
                     "sleep, no backoff - so it can fail again sooner than you let it.")
MISSING_NAMES_HINT = ("Return an entry for every service, including those that never failed "
                      "(their count is 0).")
LIMIT_HINT = ("A service may be restarted max_restarts times; only its (max_restarts + 1)-th "
              "failure ends supervise. Check `len(failures) > max_restarts`, not `>=`.")
UNBOUNDED_HINT = ("Count each service's failures. The (max_restarts + 1)-th failure of one "
                  "service must end supervise: cancel the others, wait for them, then raise an "
                  "ExceptionGroup of that service's failures.")
GROUP_HINT = ("Keep every failure of each service in a list, in the order they happen, and on "
              "exhaustion `raise ExceptionGroup(message, failures)` with that service's list.")
FLAT_HINT = ("The group's exceptions must be the failures themselves, not a group inside a "
             "group: a TaskGroup wraps whatever escapes it in a new ExceptionGroup, so unwrap "
             "it (or build the group yourself from the list of failures).")
LAST_ONLY_HINT = ("The group holds every failure of the service that gave up - all "
                  "max_restarts + 1 of them, in order - not only the one that ended it.")
ORDER_HINT = "List the failures in the order they happened: append each one as it occurs."
COPY_HINT = ("Keep the very exception objects the service raised (`task.exception()`, or the "
             "`exc` of `except Exception as exc`); do not build new ones.")
OTHERS_HINT = ("Only the failures of the service that gave up belong in the group: keep a "
               "separate list of failures per service.")
NOT_CANCELLED_HINT = ("Cancel every running service, and await them, before you return or "
                      "raise: task.cancel() only asks a task to stop - it observes "
                      "CancelledError when it next runs, which is after your return unless you "
                      "await it.")
EXHAUSTION_HINT = ("When one service gives up, cancel every other service at that very "
                   "instant and await them before raising the ExceptionGroup.")
WAIT_CLEANUP_HINT = ("After cancelling the services, wait for them to finish their cleanup: "
                     "`await asyncio.wait(tasks, timeout=grace)` returns as soon as all are "
                     "done, or at the end of the grace period.")
SLEPT_GRACE_HINT = ("Do not sleep for the whole grace period: `asyncio.wait(tasks, "
                    "timeout=grace)` returns as soon as every service has finished.")
GRACE_HINT = ("Bound the cleanup by grace: `done, stragglers = await asyncio.wait(tasks, "
              "timeout=grace)`, then cancel every straggler again and await them (for "
              "instance with `asyncio.gather(*stragglers, return_exceptions=True)`).")
RECANCEL_AWAIT_HINT = ("You cancelled the straggler again at stop + grace but returned without "
                      "awaiting it. Cancel the stragglers, then await them (for instance "
                      "`await asyncio.gather(*stragglers, return_exceptions=True)`) before "
                      "returning.")
EARLY_RETURN_HINT = ("supervise returned before stop + grace while a service was still "
                     "cleaning up. After cancelling the services, wait for them with "
                     "`asyncio.wait(tasks, timeout=grace)`, then cancel the stragglers again "
                     "and await them.")
PENDING_HINT = ("Every task you create - the services and anything waiting on stop - must be "
                "finished (awaited, or cancelled and awaited) before supervise returns or "
                "raises.")


# -- scenarios ------------------------------------------------------------------------
@dataclass
class Plan:
    """A scenario: each service's failure instants and how its last run behaves."""

    grace: float
    max_restarts: int
    stop_at: float
    failures: dict[str, list[float]] = field(default_factory=dict)
    cleanup: dict[str, float | None] = field(default_factory=dict)  # None: fails later on
    then: dict[str, str] = field(default_factory=dict)  # the story of the last run
    scripts: dict[str, list[ServiceRun]] = field(default_factory=dict)

    def add(self, kata, name: str, fail_at: list[float], cleanup: float | None = 0.0,
            fail_then: float | None = None, repeat: bool = False) -> None:
        """`name` fails at each instant of `fail_at`; then its next run runs forever
        with `cleanup`, or (cleanup None) would fail at `fail_then` (and, if `repeat`,
        so would every later run, as long after it starts)."""
        runs, last = [], 0.0
        for t in fail_at:
            runs.append(ServiceRun.fails_after(round(t - last, 2), _failure(kata, name, t)))
            last = t
        if cleanup is not None:
            runs.append(ServiceRun.forever(cleanup=cleanup))
            then = "runs until cancelled"
            if cleanup:
                then += f", then cleans up for {seconds(cleanup)}"
        else:
            if fail_then is None:
                raise ValueError(f"{name}: a last run that fails needs fail_then")
            gap = round(fail_then - last, 2)
            runs.append(ServiceRun.fails_after(gap, _failure(kata, name, fail_then)))
            then = f"would fail at t={seconds(fail_then)}" if fail_at == [] else \
                f"its next run would fail at t={seconds(fail_then)}"
            if repeat:
                then += f", and every later run {seconds(gap)} after it starts"
        self.then[name] = then
        self.failures[name] = list(fail_at)
        self.cleanup[name] = cleanup
        self.scripts[name] = runs

    @property
    def names(self) -> list[str]:
        return list(self.scripts)

    @property
    def services(self) -> Services:
        return Services(self.scripts, label=LABEL)

    def call(self, kata) -> Run:
        stop = Event()
        return kata.call(FN, self.services, stop, self.grace, self.max_restarts,
                         sets=[(stop, self.stop_at)])

    def token(self, name: str, run: int) -> str:
        return self.services.token(name, run)

    def story(self) -> str:
        """The scenario in a student's words."""
        parts = []
        for name in self.names:
            fails = self.failures[name]
            text = (f"{name!r} fails at t={', '.join(seconds(t) for t in fails)}, then "
                    if fails else f"{name!r} ")
            parts.append(text + self.then[name])
        return (f"max_restarts={self.max_restarts}, grace={seconds(self.grace)}, stop set at "
                f"t={seconds(self.stop_at)}; " + "; ".join(parts))


def _failure(kata, name: str, t: float) -> Failure:
    failure = kata.dice.failure(name)
    return Failure(failure.class_name, f"{failure.message} at t={seconds(t)}")


def _ordinal(n: int) -> str:
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n if n < 20 else n % 10, 'th')}"


def _instants(kata, count: int, low: int = 5, high: int = 95) -> list[float]:
    return sorted(kata.dice.delays(count, low, high))


# -- reading the trace ------------------------------------------------------------------
def _runs(run: Run, name: str, *, until_return: bool = True) -> list[CallTimeline]:
    return sorted((tl for tl in run.calls(LABEL, until_return=until_return) if tl.key == name),
                  key=lambda tl: tl.call)


def _events(timeline: CallTimeline, kind: str) -> list[float]:
    return [e.t for e in timeline.events if e.event == kind]


def _running_at(timeline: CallTimeline, t: float) -> bool:
    """Started by t and not yet ended by itself (or by a cancellation) before t."""
    started = timeline.started
    if started is None or (started.t > t and not same_instant(started.t, t)):
        return False
    ended = timeline.ended
    return ended is None or ended.t > t or same_instant(ended.t, t)


def _in_progress(run: Run, name: str, t: float) -> list[CallTimeline]:
    """The runs of `name` in progress at t, in the whole run as it happened."""
    return [tl for tl in _runs(run, name, until_return=False) if _running_at(tl, t)]


def _cancelled_at(run: Run, timeline: CallTimeline, t: float) -> bool:
    """The run observed CancelledError at t before the function ended."""
    seen = run.call(timeline.key, LABEL, timeline.call)
    return any(same_instant(x, t) for x in _events(seen, "cancelled"))


def _fate(run: Run, timeline: CallTimeline, t: float) -> str:
    """What became of a run that should have observed CancelledError at t."""
    who = f"{timeline.key!r} ({_run_text(timeline.call)})"
    for event in timeline.events:
        if event.event not in ("raised", "cancelled"):
            continue
        after = event.seq >= run.observation.return_seq
        if event.event == "raised":
            return f"{who} went on and raised at t={seconds(event.t)}"
        if same_instant(event.t, t) and after:
            return (f"{who} observed CancelledError at t={seconds(t)} only after {FN} had "
                    "ended")
        return f"{who} observed CancelledError only at t={seconds(event.t)}"
    return f"{who} was still running when {FN} ended"


def _not_cancelled(run: Run, plan: Plan, t: float, skip: str | None = None) -> list[str]:
    """Why some service (other than `skip`) did not observe CancelledError at t."""
    problems = []
    for name in plan.names:
        if name == skip:
            continue
        in_progress = _in_progress(run, name, t)
        if not in_progress:
            problems.append(f"{name!r} was not running at t={seconds(t)}: "
                            f"{_last_known(run, name)}")
        problems += [_fate(run, tl, t) for tl in in_progress if not _cancelled_at(run, tl, t)]
    return problems


def _run_text(call: int) -> str:
    """A run's number as a student counts: call 0 is the "1st run"."""
    return f"{_ordinal(call + 1)} run"


def _last_known(run: Run, name: str) -> str:
    runs = _runs(run, name, until_return=False)
    if not runs:
        return "it was never started"
    last = runs[-1]
    ended = last.ended
    if last.started is None:
        return f"its {_run_text(last.call)} was called but never started"
    if ended is not None and ended.event == "raised":
        return (f"its {_run_text(last.call)} failed at t={seconds(ended.t)} and it was not "
                "restarted")
    if ended is not None and ended.event == "cancelled":
        return f"its {_run_text(last.call)} was cancelled at t={seconds(ended.t)}"
    return f"its {_run_text(last.call)} started at t={seconds(last.started.t)}"


def _listing(problems: list[str]) -> str:
    shown = problems[:4] + ([f"and {len(problems) - 4} more"] if len(problems) > 4 else [])
    return "; ".join(shown)


# -- result -------------------------------------------------------------------------------
@check("restart-counts-on-stop")
def test_stop_returns_every_services_restart_count(kata):
    plan = _mixed_plan(kata)
    expected = {name: len(plan.failures[name]) for name in plan.names}
    run = plan.call(kata)
    wanted = f"{FN} to return {render(expected)} (scenario: {plan.story()})"
    if run.kind == "raised" and run.exception is not None and run.exception.is_group:
        raise expect.fail(wanted, run.describe(), LIMIT_HINT)
    value = expect.returned(run, wanted)
    expect.value_is(value, expected, what=f"the returned restart counts (scenario: "
                    f"{plan.story()})",
                    hints=[expect.Hint(_missing_names, MISSING_NAMES_HINT),
                           expect.Hint(_counts_runs, RUNS_NOT_RESTARTS_HINT),
                           expect.Hint(_fewer_counts, LATE_RESTART_HINT),
                           expect.Hint(lambda value, wanted: True, COUNT_HINT)])


def _mixed_plan(kata) -> Plan:
    """Four services, stopped while running: one never fails, one fails exactly
    max_restarts times (its last failure just before stop), one fails once, and one
    has failed twice and is in the middle of a run that would fail after stop."""
    dice = kata.dice
    limit = dice.random.choice([2, 3])
    steady, at_limit, once, midway = dice.names(4)
    instants = _instants(kata, limit + 3, 5, 120)
    last = instants.pop()
    dice.random.shuffle(instants)
    stop_at = round(last + 0.05, 2)
    plan = Plan(grace=0.5, max_restarts=limit, stop_at=stop_at)
    cleanups = dice.delays(3, 5, 40)
    plan.add(kata, steady, [], cleanups[0])
    plan.add(kata, at_limit, [*sorted(instants[:limit - 1]), last], cleanups[1])
    plan.add(kata, once, instants[limit - 1:limit], cleanups[2])
    plan.add(kata, midway, sorted(instants[limit:]), None, fail_then=stop_at + LATER)
    return plan


def _missing_names(value, expected) -> bool:
    return isinstance(value, dict) and set(value) < set(expected)


def _counts_runs(value, expected) -> bool:
    return (isinstance(value, dict) and set(value) == set(expected)
            and all(value[k] == expected[k] + 1 for k in expected))


def _fewer_counts(value, expected) -> bool:
    return (isinstance(value, dict) and set(value) == set(expected)
            and all(isinstance(value[k], int) and value[k] <= expected[k] for k in expected))


# -- errors -------------------------------------------------------------------------------
@check("exhaustion-raises-every-failure")
def test_giving_up_raises_a_group_of_that_services_failures(kata):
    plan, quitter = _exhaustion_plan(kata)
    failures = plan.failures[quitter]
    expected = [plan.token(quitter, k) for k in range(len(failures))]
    wanted = (f"{FN} to raise, when {quitter!r} fails for the {_ordinal(len(failures))} time "
              f"(t={seconds(failures[-1])}), an ExceptionGroup whose exceptions are exactly the "
              f"{len(failures)} failures of {quitter!r}, in order, as the very objects raised "
              f"(scenario: {plan.story()})")
    run = plan.call(kata)
    if run.kind == "returned" and run.stopped is None:
        raise expect.fail(wanted, run.describe(), UNBOUNDED_HINT)
    exc = expect.raised(run, wanted)
    at = f"at t={seconds(run.elapsed)}"
    if not exc.is_group:
        raise expect.fail(wanted, f"it raised {exc} by itself {at}", GROUP_HINT)
    members = list(exc.exceptions or ())
    tokens = [m.token for m in members]
    if tokens == expected:
        return
    count = f"{len(members)} exception{'s' * (len(members) != 1)}"
    observed = (f"it raised {exc.class_name} {at} holding {count}: "
                f"{_members_text(members, plan)}")
    raise expect.fail(wanted, observed, _group_hint(members, expected, plan))


def _exhaustion_plan(kata) -> tuple[Plan, str]:
    """`quitter` fails max_restarts + 1 times; `once` fails once before that; two more
    services run forever (one of them after a restart: `once`), a fourth is in the
    middle of a run that would fail later.  Stop is set long after."""
    dice = kata.dice
    limit = dice.random.choice([1, 2, 3])
    quitter, once, steady, midway = dice.names(4)
    instants = _instants(kata, limit + 2, 5, 150)
    exhausted_at = instants[-1]
    early = dice.random.choice(instants[:-1])
    plan = Plan(grace=0.5, max_restarts=limit, stop_at=6.0)
    fails = [t for t in instants if t != early]
    cleanups = dice.delays(2, 5, 40)
    plan.add(kata, quitter, fails, None, fail_then=exhausted_at + 0.25, repeat=True)
    plan.add(kata, once, [early], cleanups[0])
    plan.add(kata, steady, [], cleanups[1])
    plan.add(kata, midway, [], None, fail_then=exhausted_at + LATER)
    return plan, quitter


def _members_text(members: list[ObservedException], plan: Plan) -> str:
    texts = []
    for member in members:
        if member.is_group:
            texts.append(f"a nested {member.class_name} of {len(member.leaves())}")
        else:
            whose = _whose(member.token, plan)
            texts.append(f"{member} ({whose})" if whose else
                         f"{member} (a new exception object, not one a service raised)")
    return ", ".join(texts) or "none"


def _whose(token: str | None, plan: Plan) -> str | None:
    for name in plan.names:
        for k in range(len(plan.scripts[name]) + 1):
            if token == plan.token(name, k):
                return f"raised by the {_run_text(k)} of {name!r}"
    return None


def _group_hint(members: list[ObservedException], expected: list[str], plan: Plan) -> str:
    tokens = [m.token for m in members]
    if any(m.is_group for m in members):
        return FLAT_HINT
    if any(token is None for token in tokens):
        return COPY_HINT
    if any(token not in expected for token in tokens):
        return OTHERS_HINT
    if len(tokens) < len(expected):
        return LAST_ONLY_HINT
    if sorted(map(str, tokens)) == sorted(expected):
        return ORDER_HINT
    return GROUP_HINT


# -- cancellation -----------------------------------------------------------------------
@check("others-cancelled-on-exhaustion")
def test_giving_up_cancels_every_other_service(kata):
    plan, quitter = _exhaustion_plan(kata)
    last = len(plan.failures[quitter])
    run = plan.call(kata)
    final = run.call(quitter, LABEL, last - 1, until_return=False).first("raised")
    if final is None:
        wanted = (f"{quitter!r} to fail {last} times, and every other service to observe "
                  f"CancelledError at its {_ordinal(last)} failure (scenario: {plan.story()})")
        observed = (f"{run.describe()}; {quitter!r} never failed a {_ordinal(last)} time: "
                    f"{_last_known(run, quitter)}")
        raise expect.fail(wanted, observed, LIMIT_HINT)
    t = final.t
    wanted = (f"every other service to observe CancelledError at t={seconds(t)}, when "
              f"{quitter!r} fails for the {_ordinal(last)} time (max_restarts + 1), before "
              f"{FN} raises (scenario: {plan.story()})")
    problems = _not_cancelled(run, plan, t, skip=quitter)
    if problems:
        gave_up = run.kind == "raised" and run.stopped is None
        raise expect.fail(wanted, f"{run.describe()}; {_listing(problems)}",
                          NOT_CANCELLED_HINT if gave_up else EXHAUSTION_HINT)


@check("all-cancelled-at-stop")
def test_stop_cancels_every_service_at_that_instant(kata):
    plan = _stop_plan(kata)
    t = plan.stop_at
    wanted = (f"every service to observe CancelledError at t={seconds(t)}, when stop is set, "
              f"before {FN} returns (scenario: {plan.story()})")
    run = plan.call(kata)
    problems = _not_cancelled(run, plan, t)
    if problems:
        raise expect.fail(wanted, f"{run.describe()}; {_listing(problems)}",
                          NOT_CANCELLED_HINT)


def _stop_plan(kata) -> Plan:
    """Stop arrives while: one service runs forever, one runs forever after a restart, one
    is in the middle of a run after a restart, and one in the middle of its first run."""
    dice = kata.dice
    steady, restarted, midway, first = dice.names(4)
    early = _instants(kata, 2, 5, 60)
    stop_at = dice.delays(1, 70, 150)[0]
    plan = Plan(grace=0.5, max_restarts=3, stop_at=stop_at)
    cleanups = dice.delays(2, 5, 40)
    plan.add(kata, steady, [], cleanups[0])
    plan.add(kata, restarted, [early[0]], cleanups[1])
    plan.add(kata, midway, [early[1]], None, fail_then=stop_at + LATER)
    plan.add(kata, first, [], None, fail_then=stop_at + LATER + 0.13)
    return plan


# -- concurrency ------------------------------------------------------------------------
@check("services-start-together")
def test_every_service_starts_at_time_zero(kata):
    dice = kata.dice
    names = dice.names(5)
    plan = Plan(grace=0.5, max_restarts=3, stop_at=dice.delays(1, 100, 150)[0])
    fails = _instants(kata, 2, 10, 90)
    for index, name in enumerate(names):
        plan.add(kata, name, [fails[index]] if index < 2 else [], 0.0)
    wanted = f"all {len(names)} services to start at t=0.00 (scenario: {plan.story()})"
    run = plan.call(kata)
    late = []
    for name in names:
        first = run.call(name, LABEL, 0).started
        if first is None:
            late.append(f"{name!r} had not started when {FN} ended")
        elif not same_instant(first.t, 0.0):
            late.append(f"{name!r} started at t={seconds(first.t)}")
    if late:
        raise expect.fail(wanted, f"{run.describe()}; {_listing(late)}", START_HINT)


@check("stop-waits-for-cleanup")
def test_stop_returns_when_the_last_cleanup_ends(kata):
    dice = kata.dice
    names = dice.names(4)
    stop_at = dice.delays(1, 50, 150)[0]
    plan = Plan(grace=0.6, max_restarts=2, stop_at=stop_at)
    cleanups = dice.delays(3, 5, 50)
    restart_at = _instants(kata, 1, 5, 45)
    plan.add(kata, names[0], [], cleanups[0])
    plan.add(kata, names[1], restart_at, cleanups[1])
    plan.add(kata, names[2], [], cleanups[2])
    plan.add(kata, names[3], [], None, fail_then=stop_at + LATER)
    finish = stop_at + max(cleanups)
    wanted = (f"{FN} to return at t={seconds(finish)}, when the last cleanup ends "
              f"(scenario: {plan.story()})")
    run = plan.call(kata)
    expect.ended(run, wanted)
    unfinished = [f"{name!r} had not finished its cleanup" for name in names[:3]
                  if not any(_events(tl, "cleaned") for tl in _runs(run, name))]
    if unfinished:
        raise expect.fail(wanted, f"{run.describe()}; {_listing(unfinished)}",
                          WAIT_CLEANUP_HINT)
    if not same_instant(run.ended_at, finish):
        raise expect.fail(wanted, run.describe(),
                          SLEPT_GRACE_HINT if run.ended_at > finish else WAIT_CLEANUP_HINT)


@check("cleanup-bounded-by-grace")
def test_a_cleanup_longer_than_grace_is_cut_short(kata):
    plan, straggler = _straggler_plan(kata)
    cut = plan.stop_at + plan.grace
    wanted = (f"{straggler!r}, still cleaning up at t={seconds(cut)} (stop + grace), to be "
              f"cancelled again then, and {FN} to return at t={seconds(cut)} "
              f"(scenario: {plan.story()})")
    run = plan.call(kata)
    expect.ended(run, wanted)
    cancels = [x for tl in _runs(run, straggler) for x in _events(tl, "cancelled")]
    full = [x for tl in _runs(run, straggler, until_return=False)
            for x in _events(tl, "cancelled")]
    if not any(same_instant(x, cut) for x in cancels):
        if any(same_instant(x, cut) for x in full):
            observed = (f"{run.describe()}; {straggler!r} received its second cancellation at "
                        f"t={seconds(cut)} only after {FN} had returned")
            raise expect.fail(wanted, observed, RECANCEL_AWAIT_HINT)
        observed = (f"{run.describe()}; {straggler!r} was not cancelled a second time at "
                    f"t={seconds(cut)}")
        early = run.ended_at < cut and not same_instant(run.ended_at, cut)
        raise expect.fail(wanted, observed, EARLY_RETURN_HINT if early else GRACE_HINT)
    if not same_instant(run.ended_at, cut):
        raise expect.fail(wanted, run.describe(), GRACE_HINT)


def _straggler_plan(kata) -> tuple[Plan, str]:
    """Three services running at stop; one's cleanup outlasts grace."""
    dice = kata.dice
    names = dice.names(3)
    grace = dice.delays(1, 30, 60)[0]
    quick = dice.delays(2, 5, int(grace * 100) - 2)
    slow = round(grace + dice.delays(1, 10, 60)[0], 2)
    plan = Plan(grace=grace, max_restarts=2, stop_at=dice.delays(1, 50, 150)[0])
    straggler = dice.random.choice(names)
    cleanups = iter(quick)
    for name in names:
        plan.add(kata, name, [], slow if name == straggler else next(cleanups))
    return plan, straggler


# -- hygiene ------------------------------------------------------------------------------
def _nothing_left(run: Run, situation: str) -> None:
    """Nothing pending when the call ended; the failure says in which situation."""
    try:
        expect.nothing_pending(run, hint=PENDING_HINT)
    except CheckFailed as failed:
        raise expect.fail(f"{failed.expected} ({situation})", failed.observed,
                          failed.hint) from None


@check("nothing-left-pending")
def test_nothing_is_left_running(kata):
    plan, straggler = _straggler_plan(kata)
    run = plan.call(kata)
    expect.ended(run, f"{FN} to return (scenario: {plan.story()})")
    _nothing_left(run, f"after stop, with the cleanup of {straggler!r} cut short at stop + "
                  f"grace; scenario: {plan.story()}")
    plan, quitter = _exhaustion_plan(kata)
    run = plan.call(kata)
    expect.ended(run, f"{FN} to raise when {quitter!r} gives up (scenario: {plan.story()})")
    _nothing_left(run, f"after {quitter!r} gave up; scenario: {plan.story()}")


@check("loop-kept-free")
def test_the_event_loop_is_never_blocked(kata):
    plan = _stop_plan(kata)
    run = plan.call(kata)
    expect.ended(run, f"{FN} to return (scenario: {plan.story()})")
    expect.loop_kept_free(run)
