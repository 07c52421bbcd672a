"""One observed run of the student's function, with questions a judge asks of it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..models.observation import (
    Finding,
    InFlight,
    Mark,
    Observation,
    Raised,
    Returned,
    TaskInfo,
    TraceEvent,
)
from ..runner.problems import Interference
from ..wire import CALL_ENDS, ENTRY_TASK
from .values import ObservedException, decode, render

TIME_TOLERANCE = 1e-6


def same_instant(a: float, b: float) -> bool:
    """Virtual times are whole microseconds: equal within one tick."""
    return abs(a - b) < TIME_TOLERANCE


def seconds(t: float) -> str:
    return f"{t:.2f} s" if same_instant(t, round(t, 2)) else f"{t:.6f} s"


@dataclass(frozen=True)
class CallTimeline:
    """What happened to one call of a fake, as far as the trace shows."""

    key: str
    call: int
    events: tuple[TraceEvent, ...]

    def first(self, event: str) -> TraceEvent | None:
        return next((e for e in self.events if e.event == event), None)

    @property
    def started(self) -> TraceEvent | None:
        return self.first("started")

    @property
    def ended(self) -> TraceEvent | None:
        """The event that ended the call: returned, raised, cancelled or closed."""
        return next((e for e in self.events if e.event in CALL_ENDS), None)


class Run:
    """An observation of one call of `function`, decoded for judging."""

    def __init__(self, function: str, observation: Observation) -> None:
        self.function = function
        self.observation = observation
        outcome = observation.outcome
        self.kind = outcome.kind
        self.value: Any = decode(outcome.value) if isinstance(outcome, Returned) else None
        self.exception = (ObservedException.of(outcome.exception)
                          if isinstance(outcome, Raised) else None)

    # -- time and outcome -------------------------------------------------------
    @property
    def elapsed(self) -> float:
        """Virtual seconds from the call until it returned or raised."""
        return self.observation.ended_at - self.observation.called_at

    @property
    def ended_at(self) -> float:
        """The virtual instant the call returned or raised (the scenario starts at 0)."""
        return self.observation.ended_at

    @property
    def notes(self) -> dict[str, Any]:
        """What a kata driver's program wrote down (empty for plain calls): claims."""
        return dict(self.observation.notes)

    def note(self, key: str, kind: type) -> Any:
        """The program's note `key`, which must be of type `kind` (a claim of the child's:
        missing or mistyped, it is interference, not a fault of the grader)."""
        value = self.observation.notes.get(key)
        if type(value) is not kind:
            raise Interference(f"the program's note {key!r} was missing or not a "
                               f"{kind.__name__}")
        return value

    def noted_value(self, key: str) -> Any:
        """A value the program noted (`ctx.note_value`), decoded; None if never noted."""
        encoded = self.observation.values.get(key)
        return None if encoded is None else decode(encoded)

    def mark(self, key: str) -> Mark:
        """When the program marked `key`: the parent's time, and the trace's length then."""
        at = self.observation.marks.get(key)
        if at is None:
            raise Interference(f"the program never marked {key!r}")
        return at

    @property
    def stopped(self) -> str | None:
        """"deadlock" or "alarm" when the grader had to stop the call; else None."""
        stopped = self.observation.stopped
        return None if stopped is None else stopped.reason

    @property
    def ended_on_its_own(self) -> bool:
        return self.observation.stopped is None and self.kind != "cancelled"

    def describe(self) -> str:
        """What the call did, in a student's words."""
        stopped = self.observation.stopped
        at = seconds(self.ended_at)
        if stopped is not None:
            return self._describe_stop(stopped.reason, stopped.at, stopped.tasks)
        if self.kind == "returned":
            return f"{self.function} returned {render(self.value)} at t={at}"
        if self.kind == "not_awaitable":
            return f"{self.function} returned {render(self.value)} without being awaited"
        if self.kind == "cancelled":
            return f"{self.function} ended cancelled at t={at}"
        return f"{self.function} raised {self.exception} at t={at}"

    def _describe_stop(self, reason: str, at: float, tasks: list[TaskInfo]) -> str:
        # The line the student's function itself was waiting at, else any stuck task's.
        ranked = sorted(tasks, key=lambda t: t.name != ENTRY_TASK)
        place = next((t.where for t in ranked if t.where is not None), None)
        line = f" at line {place.line}" if place is not None else ""
        if reason == "deadlock":
            return (f"{self.function} never finished: at t={seconds(at)} it was waiting{line} for "
                    "something that nothing could ever wake up, so the grader stopped it")
        return (f"{self.function} was still running{line} when the virtual clock reached its "
                f"limit of {seconds(at)}, so the grader stopped it")

    # -- the trace ------------------------------------------------------------------
    def calls(self, fake: str = "fetch", *, until_return: bool = True) -> list[CallTimeline]:
        """Every call of a fake, in the order they were made."""
        limit = self.observation.return_seq if until_return else None
        grouped: dict[tuple[str, int], list[TraceEvent]] = {}
        for event in self.observation.trace:
            if event.fake == fake and (limit is None or event.seq < limit):
                grouped.setdefault((event.key, event.call), []).append(event)
        return [CallTimeline(k, c, tuple(evs)) for (k, c), evs in grouped.items()]

    def call(self, key: str, fake: str = "fetch", call: int = 0,
             *, until_return: bool = True) -> CallTimeline:
        for timeline in self.calls(fake, until_return=until_return):
            if timeline.key == key and timeline.call == call:
                return timeline
        return CallTimeline(key, call, ())

    # -- hygiene ------------------------------------------------------------------
    @property
    def pending(self) -> list[TaskInfo]:
        """Tasks the student's code created that were still pending when it returned
        (the child's claim; `in_flight` is what the grader saw)."""
        return self.observation.pending

    @property
    def in_flight(self) -> list[InFlight]:
        """Fake calls still running when the entry ended, as the grader witnessed them."""
        return self.observation.in_flight

    @property
    def findings(self) -> list[Finding]:
        return self.observation.findings
