"""The record of one scenario, as the grader's own process wrote it.

The parent keeps the clock and plays the fakes (`grader.testing.referee`), so
most of this is what it witnessed: when each fake call started and ended, what
it handed out, when the entry was called and when it ended, whether the grader
had to stop it.  The rest stays a *claim* of the child, received through the
wire, validated strictly, screened (values must consist of what was released)
and kept apart here: how the entry ended (`outcome`), the tasks it left pending,
hygiene findings, a driver program's notes.

The value encodings and the claims' shapes are the wire's (`grader.wire`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..wire import (
    BoolV,
    DictV,
    Encoded,
    EncodedException,
    ExceptionV,
    Finding,
    FloatV,
    IntV,
    Loaded,
    Location,
    NoneV,
    ObjectV,
    Outcome,
    Raised,
    Returned,
    SeqV,
    StrV,
    TaskInfo,
)

LoadReport = Loaded

__all__ = [
    "BoolV", "DictV", "Encoded", "EncodedException", "ExceptionV", "Finding", "FloatV", "InFlight",
    "IntV", "LoadReport", "Location", "Mark", "NoneV", "ObjectV", "Observation", "Outcome",
    "Raised", "Returned", "SeqV", "Stopped", "StrV", "TaskInfo", "TraceEvent",
]


@dataclass(frozen=True)
class TraceEvent:
    """Something that happened to a fake, stamped with the parent's clock.

    `at` (the student's line) and `value` (what report() was given) are the
    child's words; everything else is the parent's.
    """

    seq: int
    fake: str
    key: str
    call: int
    event: str
    t: float
    at: Location | None = None
    value: Encoded | None = None


@dataclass(frozen=True)
class Stopped:
    """The grader stopped the entry: why and when (facts), and the stuck tasks (claims)."""

    reason: str
    at: float
    tasks: list[TaskInfo]


@dataclass(frozen=True)
class Mark:
    """An instant a driver program marked: the parent's time, and the trace's length then."""

    t: float
    seq: int


@dataclass(frozen=True)
class InFlight:
    """A fake call started by the student's code and still running when the entry ended."""

    fake: str
    key: str
    call: int
    since: float


@dataclass(frozen=True)
class Observation:
    """One scenario: the parent's record, with the child's claims beside it."""

    id: str
    outcome: Outcome
    called_at: float
    ended_at: float
    return_seq: int
    stopped: Stopped | None
    pending: list[TaskInfo]
    trace: list[TraceEvent]
    findings: list[Finding]
    in_flight: list[InFlight] = field(default_factory=list)
    loop_error: str | None = None
    cleanup: str | None = None
    notes: dict[str, Any] = field(default_factory=dict)
    values: dict[str, Encoded] = field(default_factory=dict)
    marks: dict[str, Mark] = field(default_factory=dict)
