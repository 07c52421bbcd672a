"""Hidden checks for kata 11 (keep-references).

Each check runs a program of this kata's driver.py in the child, which drives
the student's Background; the judging is here, on what the grader witnessed:
whether the hold() a lonely task waits on was closed (its task destroyed) or
later cancelled, which tickets were freed, the instants the program marked.
"""

from grader.testing import Hint, Hold, ServiceRun, Services, Tickets, check, expect, seconds
from grader.testing.run import same_instant
from grader.testing.values import ObservedException, Opaque, render

LONGEST_QUICK = 0.5
QUICK_DELAYS = [(index % 50) * LONGEST_QUICK / 50 for index in range(50)]


def _ran(run, what, waiting="your Background"):
    """The program ran to its end; otherwise say what the student's Background did.

    `waiting` names what was waiting when the grader had to stop the program (only
    drain awaits anything).
    """
    if run.kind != "returned" or run.stopped is not None:
        observed = run.describe()
        if observed.startswith(run.function):
            who = waiting if run.stopped is not None else "your Background"
            observed = who + observed[len(run.function):]
        raise expect.fail(what, observed, _ran_hint(run))


def _ran_hint(run):
    """A hint for a program that did not run to its end."""
    exc = run.exception
    if run.stopped == "alarm":
        return ("drain kept waiting long after its timeout. Wait for the tasks with "
                "`asyncio.wait(tasks, timeout=timeout)`, then cancel the ones still running "
                "and await them.")
    if run.stopped == "deadlock":
        return ("drain awaits something that nothing will ever complete. Wait on the spawned "
                "tasks themselves, with a timeout.")
    spawn_returned_none = ("weak reference to 'NoneType'",
                           "'NoneType' object has no attribute 'cancel'")
    if exc is not None and any(text in exc.message for text in spawn_returned_none):
        return ("spawn must return the task it created (`return task`): the caller keeps it "
                "to cancel it or to wait for it.")
    return ("Check spawn, errors and drain against the contract in the spec: spawn returns the "
            "task, errors is a list (an attribute or a property), drain is `async def` and "
            "returns a number.")


def _cancelled_by_drain(run, name, cancelled=None) -> bool:
    """drain called cancel() on the straggler `name`: it observed CancelledError while drain
    ran (`cancelled`, its first "cancelled" event), or it was still pending with a
    cancellation not yet delivered when drain returned."""
    if cancelled is not None and cancelled.seq < run.observation.return_seq:
        return True
    return any(task.coro == name and task.cancelling for task in run.pending)


def _exception_text(value):
    if isinstance(value, ObservedException):
        return f"{value.class_name}({value.message!r})" if value.message else \
            f"{value.class_name}()"
    return render(value)


def _errors_text(errors):
    return "[" + ", ".join(_exception_text(e) for e in errors) + "]"


@check("task-survives-gc")
def test_a_running_task_survives_garbage_collection(kata):
    hold = Hold()
    run = kata.program("lonely_task_and_gc", hold)
    wanted = ("a spawned task that waits on a future only it references to stay alive after "
              "the caller drops its reference and gc.collect() runs")
    _ran(run, wanted)
    waited = run.call(hold.label, fake=hold.label, until_return=False)
    collected = run.mark("collected")
    cancelled = waited.first("cancelled")
    survived = (waited.first("closed") is None and cancelled is not None
                and cancelled.seq >= collected.seq)
    destroyed = [f for f in run.findings if f.kind == "task-destroyed"]
    if not survived or destroyed:
        raise expect.fail(wanted, "the task was garbage-collected while still pending "
                          "(\"Task was destroyed but it is pending!\")",
                          "The event loop keeps only weak references to tasks. Background "
                          "must hold a strong one (a set of tasks, not a WeakSet) until each "
                          "task is done.")


@check("finished-tasks-released")
def test_finished_tasks_are_let_go(kata):
    count = 1000
    tickets = Tickets(QUICK_DELAYS)
    run = kata.program("many_finished_tasks", tickets, count=count, settle=LONGEST_QUICK + 0.5)
    wanted = f"no reference to any of {count} finished tasks once they are all done"
    _ran(run, wanted)
    collected = run.mark("collected")
    calls = run.calls(tickets.label, until_return=False)
    freed = [c for c in calls if (f := c.first("freed")) is not None and f.seq < collected.seq]
    held = count - len(freed)
    if held != 0:
        raise expect.fail(wanted, f"{held} of the {count} finished tasks were still referenced "
                          "after gc.collect()",
                          "Drop each task from your collection when it finishes: "
                          "`task.add_done_callback(self._tasks.discard)`.")


@check("exceptions-retrieved")
def test_no_exception_is_left_unretrieved(kata):
    fetch, names, cancel = _errors_scenario(kata)
    run = kata.program("failures_then_errors", fetch, names=names, cancel=cancel,
                       cancel_at=_cancel_at(fetch, cancel), settle=fetch.max_delay() + 0.1,
                       read_errors=False)
    _ran(run, "failing background tasks to have their exceptions retrieved")
    expect.no_unretrieved_exceptions(run, hint="Retrieve each finished task's exception as "
                                     "it finishes (call task.exception() in a done callback "
                                     "and keep it in errors), not only when errors is read.")


@check("loop-kept-free")
def test_the_event_loop_is_never_blocked(kata):
    fetch = kata.fetch(5)
    run = kata.program("drain_after", fetch, names=fetch.names, stragglers=[],
                       timeout=fetch.max_delay() + 1)
    _ran(run, "drain to return", "drain")
    expect.loop_kept_free(run)


@check("errors-in-completion-order")
def test_errors_are_the_instances_in_completion_order(kata):
    fetch, names, cancel = _errors_scenario(kata)
    failing = sorted(fetch.failing(), key=fetch.delay)
    wanted = (f"errors to be the {len(failing)} exceptions the failing tasks raised, as the "
              "very objects, in the order the tasks finished: "
              + ", ".join(f"fetch({n!r})'s {fetch.failure(n)} at t={seconds(fetch.delay(n))}"
                          for n in failing)
              + f" (and not the CancelledError of fetch({cancel!r}), cancelled)")
    run = kata.program("failures_then_errors", fetch, names=names, cancel=cancel,
                       cancel_at=_cancel_at(fetch, cancel), settle=fetch.max_delay() + 0.1,
                       read_errors=True)
    _ran(run, wanted)
    errors = _decoded(run)
    if not isinstance(errors, list):
        shown = (f"a {errors.short_class}, not a list" if isinstance(errors, Opaque)
                 and errors.class_name != "missing" else render(errors))
        raise expect.fail(wanted, f"errors is {shown}",
                          "errors is an attribute or a property holding a list, not a method.")
    tokens = [e.token if isinstance(e, ObservedException) else None for e in errors]
    if tokens == [fetch.token(n) for n in failing]:
        return
    raise expect.fail(wanted, f"errors was {_errors_text(errors)}",
                      _errors_hint(errors, failing, fetch))


def _errors_hint(errors, failing, fetch):
    if any(isinstance(e, ObservedException) and e.class_name == "CancelledError"
           for e in errors):
        return ("A cancelled task is not an error: check task.cancelled() before "
                "task.exception() and leave cancellations out.")
    tokens = {e.token for e in errors if isinstance(e, ObservedException)}
    if not errors:
        return "Record each failed task's exception when it finishes, in a done callback."
    if tokens == {fetch.token(n) for n in failing}:
        return "Append each exception when its task finishes, so the list is in completion order."
    return "Keep the exception objects themselves: task.exception(), not a copy or a string."


def _decoded(run):
    value = run.noted_value("errors")
    return Opaque("missing", "nothing (errors was never read)") if value is None else value


@check("drain-returns-early")
def test_drain_returns_when_the_last_task_finishes(kata):
    fetch = kata.fetch(5)
    timeout = round(fetch.max_delay() + 1.5, 2)
    run = kata.program("drain_after", fetch, names=fetch.names, stragglers=[], timeout=timeout)
    wanted = (f"drain({timeout}) to return at t={seconds(fetch.max_delay())}, when the last of "
              f"{len(fetch.names)} tasks finished, long before its timeout")
    _ran(run, wanted, f"drain({timeout})")
    returned = run.mark("drain_returned").t - run.mark("drain_started").t
    if not same_instant(returned, fetch.max_delay()):
        hint = ("Do not sleep for the whole timeout: wait for the tasks with a timeout, e.g. "
                "`await asyncio.wait(tasks, timeout=timeout)`, which returns as soon as all "
                "are done." if returned > fetch.max_delay() else
                "drain returned while tasks were still running: wait for them, e.g. "
                "`await asyncio.wait(tasks, timeout=timeout)`.")
        raise expect.fail(wanted, f"drain returned at t={seconds(returned)}", hint)


@check("drain-bounded-by-timeout")
def test_drain_returns_after_the_timeout_and_the_cleanups(kata):
    fetch, services, timeout = _straggler_scenario(kata)
    cleanup = max(r.cleanup for runs in services.scripts.values() for r in runs)
    run = kata.program("drain_after", fetch, services, names=fetch.names,
                       stragglers=list(services.scripts), timeout=timeout)
    wanted = (f"drain({timeout}) to return at t={seconds(timeout + cleanup)}: the timeout, then "
              f"the slowest straggler's cleanup ({seconds(cleanup)})")
    _ran(run, wanted, f"drain({timeout})")
    returned = run.mark("drain_returned").t - run.mark("drain_started").t
    if not same_instant(returned, timeout + cleanup):
        if returned > timeout + cleanup:
            hint = "Cancel the tasks still running at the timeout instead of waiting for them."
        elif returned < timeout and not same_instant(returned, timeout):
            hint = ("drain returned before its timeout while tasks were still running: first "
                    "wait for them with `asyncio.wait(tasks, timeout=timeout)`.")
        elif not any(_cancelled_by_drain(run, name) for name in services.scripts):
            hint = ("At the timeout drain left the stragglers running: cancel() every task "
                    "asyncio.wait left pending, then await them (`await asyncio.wait(pending)`) "
                    "so their cleanup is done before drain returns.")
        else:
            hint = ("After cancelling the stragglers, await them (`await asyncio.wait(pending)`) "
                    "so drain returns only once their cleanup is done.")
        raise expect.fail(wanted, f"drain returned at t={seconds(returned)}", hint)


@check("stragglers-cancelled")
def test_stragglers_are_cancelled_at_the_timeout_and_awaited(kata):
    fetch, services, timeout = _straggler_scenario(kata)
    run = kata.program("drain_after", fetch, services, names=fetch.names,
                       stragglers=list(services.scripts), timeout=timeout)
    wanted = (f"each task still running at the timeout (t={seconds(timeout)}) to be cancelled "
              "then, and to have finished its cleanup when drain returns")
    _ran(run, wanted, f"drain({timeout})")
    started, returned = run.mark("drain_started").t, run.mark("drain_returned").t
    for name in services.scripts:
        timeline = run.call(name, fake=services.label, until_return=False)
        cancelled, cleaned = timeline.first("cancelled"), timeline.first("cleaned")
        by_drain = _cancelled_by_drain(run, name, cancelled)
        if cancelled is None or not same_instant(cancelled.t, started + timeout):
            raise expect.fail(wanted, _straggler_fate(name, cancelled, by_drain, returned),
                              CANCEL_STRAGGLERS_HINT)
        if cleaned is None or (cleaned.t > returned and not same_instant(cleaned.t, returned)):
            if not by_drain:
                raise expect.fail(wanted, _straggler_fate(name, cancelled, by_drain, returned),
                                  CANCEL_STRAGGLERS_HINT)
            raise expect.fail(wanted, f"straggler {name!r} was cancelled at the timeout but "
                              "had not finished its cleanup when drain returned at "
                              f"t={seconds(returned)}",
                              "cancel() only asks a task to stop: await the cancelled tasks "
                              "(`await asyncio.wait(pending)`) before returning.")


CANCEL_STRAGGLERS_HINT = ("When the timeout expires, call cancel() on every task that is still "
                          "running, then await them before returning.")


def _straggler_fate(name, cancelled, by_drain, returned):
    """What happened to a straggler that drain did not cancel at the timeout."""
    if cancelled is None:
        return f"straggler {name!r} was never cancelled"
    if not by_drain:
        return (f"straggler {name!r} was never cancelled by drain: it was still running when "
                f"drain returned at t={seconds(returned)}")
    return f"straggler {name!r} was cancelled at t={seconds(cancelled.t)}"


@check("drain-counts-cancelled")
def test_drain_returns_the_number_it_cancelled(kata):
    fetch, services, timeout = _straggler_scenario(kata)
    run = kata.program("drain_after", fetch, services, names=fetch.names,
                       stragglers=list(services.scripts), timeout=timeout)
    count = len(services.scripts)
    wanted = f"drain to return {count}, the number of tasks it cancelled"
    _ran(run, wanted, f"drain({timeout})")
    got = run.noted_value("cancelled")
    expect.value_is(got, count, what="drain's return value", hints=[Hint(
        lambda value, expected: True, "Count the tasks you cancel at the timeout (the ones "
        "asyncio.wait left pending) and return that number; 0 when all finished in time.")])


def _errors_scenario(kata):
    """Six tasks: three fail at distinct times, two succeed, one is cancelled early."""
    fetch = kata.fetch(6, failing=3)
    successes = [n for n in fetch.by_delay() if fetch.failure(n) is None]
    cancel = successes[-1]
    names = kata.dice.shuffled(fetch.names)
    return fetch, names, cancel


def _cancel_at(fetch, cancel):
    return round(fetch.delay(cancel) / 2, 3)


def _straggler_scenario(kata):
    """Three quick fetches, then two stragglers that clean up for a while when cancelled."""
    fetch = kata.fetch(3)
    timeout = round(fetch.max_delay() + 0.25, 2)
    names = kata.dice.names(2)
    cleanups = kata.dice.delays(2, low=10, high=60)
    services = Services({n: [ServiceRun.forever(cleanup=c)] for n, c in zip(names, cleanups,
                                                                             strict=True)})
    return fetch, services, timeout
