"""What the child reports, parsed strictly in the parent.

This is the contract between `grader.child` (which writes plain dicts) and the
judges.  Every model is strict and forbids unknown fields: a reply that does
not match exactly is a malformed observation, which fails the check with its
reason instead of being coerced into something that might pass.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue, ValidationError

__all__ = [
    "Encoded",
    "EncodedException",
    "Finding",
    "LoadReport",
    "Location",
    "Observation",
    "TraceEvent",
    "ValidationError",
]


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class Location(_Strict):
    file: str | None
    line: int | None
    function: str | None


class EncodedException(_Strict):
    class_: str = Field(alias="class")
    module: str
    message: str
    token: str | None
    exceptions: list[EncodedException] | None


class NoneV(_Strict):
    type: Literal["none"]


class BoolV(_Strict):
    type: Literal["bool"]
    value: bool


class IntV(_Strict):
    type: Literal["int"]
    value: int


class FloatV(_Strict):
    type: Literal["float"]
    value: float


class StrV(_Strict):
    type: Literal["str"]
    value: str


class SeqV(_Strict):
    type: Literal["list", "tuple"]
    items: list[Encoded]
    length: int


class DictV(_Strict):
    type: Literal["dict"]
    items: list[tuple[Encoded, Encoded]]
    length: int


class ExceptionV(_Strict):
    type: Literal["exception"]
    exception: EncodedException


class ObjectV(_Strict):
    type: Literal["object"]
    class_: str = Field(alias="class")
    repr: str


Encoded = Annotated[
    NoneV | BoolV | IntV | FloatV | StrV | SeqV | DictV | ExceptionV | ObjectV,
    Field(discriminator="type"),
]


class Returned(_Strict):
    kind: Literal["returned", "not_awaitable"]
    value: Encoded


class Raised(_Strict):
    kind: Literal["raised"]
    exception: EncodedException


class Cancelled(_Strict):
    kind: Literal["cancelled"]


Outcome = Annotated[Returned | Raised | Cancelled, Field(discriminator="kind")]


TraceEventKind = Literal[
    "called", "started", "returned", "raised", "cancelled", "closed",  # calls of fakes
    "cleaned", "swallowed",  # cleanup after a cancellation (services, victim tasks)
    "reported",  # a report(name, value) call
    "pulled", "exhausted",  # an async source
    "set",  # an event the grader set
]


class TraceEvent(_Strict):
    seq: int
    fake: str
    key: str
    call: int
    event: TraceEventKind
    t: float
    at: Location | None = None
    value: Encoded | None = None


class Finding(_Strict):
    kind: Literal["blocking-call", "cpu-burst", "never-awaited", "unretrieved", "task-destroyed"]
    message: str
    file: str | None
    line: int | None
    function: str | None


class TaskInfo(_Strict):
    name: str
    coro: str
    where: Location | None
    cancelling: int = 0  # cancel() requests not yet answered: "cancelled but not awaited"
    stack: list[Location] | None = None


class Stopped(_Strict):
    reason: Literal["deadlock", "alarm"]
    at: float
    tasks: list[TaskInfo]


class Observation(_Strict):
    """One scenario, as the child saw it."""

    op: Literal["observed"]
    id: str
    outcome: Outcome
    called_at: float
    ended_at: float
    return_seq: int
    stopped: Stopped | None
    pending: list[TaskInfo]
    trace: list[TraceEvent]
    findings: list[Finding]
    loop_error: str | None = None
    cleanup: Literal["abandoned"] | None = None
    notes: dict[str, JsonValue] | None = None


class LoadReport(_Strict):
    """The child's report on importing the submission."""

    op: Literal["loaded"]
    status: Literal["ok", "syntax", "encoding", "unreadable", "exited", "raised"]
    functions: dict[str, Literal["async", "function", "class", "missing", "not-callable"]] = {}
    message: str | None = None
    exception: EncodedException | None = None
    where: Location | None = None
    text: str | None = None
