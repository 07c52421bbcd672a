"""Does an observation agree with the scenario the parent chose?

The child shares a process with the student's code, so its reports are only
as trustworthy as that process.  The parent knows every scripted delay, so it
cross-examines the trace: each finished fake call must have taken exactly its
scripted time, and virtual time must never run backwards.  A report that fails
this was tampered with (a patched clock, a forged trace) and is refused.
"""

from __future__ import annotations

from itertools import pairwise

from ..runner.session import MalformedReply
from .run import Run, same_instant, seconds
from .scenario import Fetch


class ContradictoryObservation(MalformedReply):
    """The observation contradicts the scenario the grader chose."""

    expected = "a report of your code consistent with the scenario the grader ran"
    hint = "Do not patch the event loop, its clock or the fakes the grader passes in."


def check_consistency(run: Run, fakes: list[Fetch]) -> None:
    """Raise ContradictoryObservation when the trace cannot have happened."""
    problem = _time_runs_backwards(run) or _durations_disagree(run, fakes)
    if problem is not None:
        raise ContradictoryObservation(f"the report contradicts the scenario: {problem}")


def _time_runs_backwards(run: Run) -> str | None:
    times = [event.t for event in run.observation.trace]
    for earlier, later in pairwise(times):
        if later < earlier and not same_instant(later, earlier):
            return f"virtual time went back from {seconds(earlier)} to {seconds(later)}"
    return None


def _durations_disagree(run: Run, fakes: list[Fetch]) -> str | None:
    for fake in fakes:
        for timeline in run.calls(fake.label, until_return=False):
            started, ended = timeline.started, timeline.ended
            if started is None or ended is None or ended.event not in ("returned", "raised"):
                continue
            step = fake.steps.get(timeline.key)
            scripted = step.delay if step is not None else 0.0
            took = ended.t - started.t
            if not same_instant(took, scripted):
                return (f"{fake.label}({timeline.key!r}) took {seconds(took)} but is scripted "
                        f"to take {seconds(scripted)}")
    return None
