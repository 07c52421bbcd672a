"""The one wire between the grader and the child running a submission.

Every message that crosses the boundary, in either direction, is defined here
once, as a frozen standard-library dataclass; so are the constants both sides
must agree on (the entry task's name, the events that end a call, the fake
kinds, the exception classes a fake may raise).  The child imports only the
standard library and this module; the parent reads every line the child sends
through `grader.runner.channel`, which validates it strictly against these
classes (exact types, unknown fields refused, no NaN), so nothing the child
sends is ever trusted for its shape.

Who owns what (see SECURITY.md): the parent keeps the clock and plays every
fake.  The child's stubs announce calls (`Called`, `Started`, `Cancelled`,
`Closed`), ask for what they need at once (`Pull`, and what to do when
cancelled), and say when nothing is ready (`Idle`, with the distance to the
child's own next timer).  The parent answers with `Advance`: the new time, the
fake calls that complete now (values and exceptions are released only then),
and the grader's own actions.  `Ended` and `Finished` carry what stays a claim
of the child: how the entry ended, tasks left pending, hygiene findings.

Framing: one JSON object per line.  Times on the wire are whole microseconds.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal, TypeVar, Union, dataclass_transform

VERSION = 2
TICKS_PER_SECOND = 1_000_000
OUT_OF_STEP = 75  # a child's exit code when its exchange with the parent went out of step

ENTRY_TASK = "entry"  # the name of the task running the student's function
CALL_ENDS = ("returned", "raised", "cancelled", "closed")  # events that end a fake call
FAKE_KINDS = ("fetch", "step", "services", "resource", "report", "source", "event", "victim",
              "hold", "ticket")
# The only exception classes a fake raises (builtins, so the child can make them).
ALLOWED_ERRORS = ("ValueError", "RuntimeError", "ConnectionError", "KeyError", "LookupError",
                  "OSError", "PermissionError", "ConnectionResetError")
TRACE_EVENTS = (
    "called", "started", "returned", "raised", "cancelled", "closed",  # calls of fakes
    "cleaned", "swallowed",  # cleanup after a cancellation (services, victim tasks)
    "reported",  # a report(name, value) call
    "pulled", "exhausted",  # an async source
    "set",  # an event the grader set
    "freed",  # a ticket a fake handed out was garbage-collected
)

# Bounds the child keeps to when encoding values; the parent enforces them too.
MAX_TEXT = 2_000
MAX_ITEMS = 200
MAX_DEPTH = 6
MAX_LINE_BYTES = 4 * 1024 * 1024

# Read by pydantic in the parent (strict, no unknown fields, no NaN); inert here.
_STRICT: dict[str, Any] = {"strict": True, "extra": "forbid", "allow_inf_nan": False}


class _Message:
    """What every message shares: one __init__, __eq__ and __repr__ read off the fields.

    A dataclass's generated methods cost about a millisecond a class to make, some 35 ms
    for this module, paid again by every child at start-up; these shared ones cost nothing.
    """

    __pydantic_config__: ClassVar[dict[str, Any]] = _STRICT
    __wire_fields__: ClassVar[tuple[dataclasses.Field[Any], ...]] = ()
    __hash__ = None  # type: ignore[assignment]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        fields = self.__wire_fields__
        if len(args) > len(fields):
            raise TypeError(f"{type(self).__name__} takes {len(fields)} fields")
        values = self.__dict__
        for spec, value in zip(fields, args, strict=False):
            values[spec.name] = value
        for spec in fields[len(args):]:
            if spec.name in kwargs:
                values[spec.name] = kwargs.pop(spec.name)
            elif spec.default is not dataclasses.MISSING:
                values[spec.name] = spec.default
            elif spec.default_factory is not dataclasses.MISSING:
                values[spec.name] = spec.default_factory()
            else:
                raise TypeError(f"{type(self).__name__} needs {spec.name}")
        if kwargs:
            raise TypeError(f"{type(self).__name__} has no field {next(iter(kwargs))}")

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self.__dict__ == other.__dict__

    def __repr__(self) -> str:
        shown = ", ".join(f"{k}={v!r}" for k, v in self.__dict__.items())
        return f"{type(self).__name__}({shown})"


_T = TypeVar("_T")


@dataclass_transform(field_specifiers=(field,))
def message(cls: type[_T]) -> type[_T]:
    """A wire message: a dataclass for its fields (what pydantic and `dump` read), with
    `_Message`'s methods instead of generated ones."""
    made = dataclass(init=False, repr=False, eq=False, match_args=False)(cls)
    made.__wire_fields__ = dataclasses.fields(made)  # type: ignore[attr-defined,arg-type]
    return made


# -- values, as the child encodes them ---------------------------------------------------
@message
class Location(_Message):
    file: str | None
    line: int | None
    function: str | None


@message
class EncodedException(_Message):
    class_name: str
    module: str
    message: str
    token: str | None
    exceptions: list[EncodedException] | None


@message
class NoneV(_Message):
    type: Literal["none"] = "none"


@message
class BoolV(_Message):
    value: bool
    type: Literal["bool"] = "bool"


@message
class IntV(_Message):
    value: int
    type: Literal["int"] = "int"


@message
class FloatV(_Message):
    value: float
    type: Literal["float"] = "float"


@message
class StrV(_Message):
    value: str
    type: Literal["str"] = "str"


@message
class SeqV(_Message):
    type: Literal["list", "tuple"]
    items: list[Encoded]
    length: int


@message
class DictV(_Message):
    items: list[tuple[Encoded, Encoded]]
    length: int
    type: Literal["dict"] = "dict"


@message
class ExceptionV(_Message):
    exception: EncodedException
    type: Literal["exception"] = "exception"


@message
class ObjectV(_Message):
    class_name: str
    repr: str
    type: Literal["object"] = "object"


Encoded = Union[NoneV, BoolV, IntV, FloatV, StrV, SeqV, DictV, ExceptionV, ObjectV]  # noqa: UP007


@message
class TaskInfo(_Message):
    """A task of the student's, as the child describes it (a claim, for wording only)."""

    name: str
    coro: str
    where: Location | None
    cancelling: int = 0  # cancel() requests not yet answered: "cancelled but not awaited"
    stack: list[Location] | None = None


@message
class Finding(_Message):
    kind: Literal["blocking-call", "cpu-burst", "never-awaited", "unretrieved", "task-destroyed"]
    message: str
    file: str | None
    line: int | None
    function: str | None


@message
class Returned(_Message):
    kind: Literal["returned", "not_awaitable"]
    value: Encoded


@message
class Raised(_Message):
    exception: EncodedException
    kind: Literal["raised"] = "raised"


@message
class Cancelled(_Message):
    kind: Literal["cancelled"] = "cancelled"


Outcome = Union[Returned, Raised, Cancelled]  # noqa: UP007


# -- parent to child ---------------------------------------------------------------------
@message
class Hello(_Message):
    """The first message: the file to import, and the sandbox to apply before."""

    path: str
    display: str
    functions: list[str]
    driver: str | None
    sandbox: dict[str, Any]
    version: int = VERSION
    op: Literal["hello"] = "hello"


@message
class FakeArg(_Message):
    fake: str


@message
class ValueArg(_Message):
    value: Any


@message
class Call(_Message):
    """Call one of the student's functions with these arguments."""

    function: str
    args: list[FakeArg | ValueArg]


@message
class Program(_Message):
    """Run a program of the kata's driver.py with these parameters."""

    name: str
    params: dict[str, Any]


@message
class Stub(_Message):
    """A fake as the child builds it: its kind, and for services the services' names."""

    kind: str
    names: list[str] = field(default_factory=list)


@message
class Run(_Message):
    """A scenario, as much of it as the child may know: the fakes' labels and kinds
    and what the entry is called with.  Delays, values and failures stay in the parent."""

    id: str
    entry: Call | Program
    fakes: dict[str, Stub]  # by label
    op: Literal["run"] = "run"


@message
class Failure(_Message):
    """An exception a fake raises: a builtin class, its message, a token for identity."""

    class_name: str
    message: str
    token: str


@message
class Completion(_Message):
    """A fake call completes now: it returns `value`, or raises `failure`; after a
    cancellation's cleanup (`cleaned`) it lets CancelledError out unless `swallow`."""

    call: int
    value: Any = None
    failure: Failure | None = None
    cleaned: bool = False
    swallow: bool = False


@message
class Action(_Message):
    """The grader's own move at this instant: start or cancel the entry, set an event."""

    do: Literal["start", "cancel", "set"]
    fake: str | None = None


@message
class Advance(_Message):
    """Time moves to `now`; then these calls complete and these actions happen, in order.
    `stall` says the loop is stuck (deadlock) or out of virtual time (alarm)."""

    now: int
    completions: list[Completion] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    stall: Literal["deadlock", "alarm"] | None = None
    op: Literal["advance"] = "advance"


@message
class Reply(_Message):
    """The answer to a question asked at once: `Pull` gets an item or `exhausted`;
    `Cancelled` gets `cleanup` (wait for a Completion) or `reraise` (stop now)."""

    item: Any = None
    exhausted: bool = False
    then: Literal["reraise", "cleanup"] | None = None
    op: Literal["reply"] = "reply"


# -- child to parent ---------------------------------------------------------------------
FunctionKind = Literal["async", "function", "class", "missing", "not-callable"]


@message
class Loaded(_Message):
    """How importing the submission went."""

    status: Literal["ok", "syntax", "encoding", "unreadable", "exited", "raised"]
    functions: dict[str, FunctionKind] = field(default_factory=dict)
    message: str | None = None
    exception: EncodedException | None = None
    where: Location | None = None
    text: str | None = None
    version: int = VERSION
    op: Literal["loaded"] = "loaded"


@message
class Called(_Message):
    """A fake was called (its coroutine created); `call` numbers calls from 0 per scenario."""

    call: int
    fake: str
    key: str
    at: Location | None = None
    op: Literal["called"] = "called"


@message
class Started(_Message):
    """The call's coroutine began to run (it was awaited, or its task took a step)."""

    call: int
    op: Literal["started"] = "started"


@message
class CancelledCall(_Message):
    """The call saw CancelledError; a `Reply` says what to do."""

    call: int
    op: Literal["cancelled"] = "cancelled"


@message
class Closed(_Message):
    """The call's coroutine was closed while suspended (its task was destroyed)."""

    call: int
    op: Literal["closed"] = "closed"


@message
class Freed(_Message):
    """A ticket the call returned was garbage-collected."""

    call: int
    op: Literal["freed"] = "freed"


@message
class Pull(_Message):
    """A source was asked for its next item; a `Reply` carries it."""

    fake: str
    op: Literal["pull"] = "pull"


@message
class Reported(_Message):
    """report(key, value) was called."""

    fake: str
    key: str
    value: Encoded
    at: Location | None = None
    op: Literal["reported"] = "reported"


@message
class Mark(_Message):
    """A driver program marks an instant (the parent stamps it with its own clock)."""

    key: str
    op: Literal["mark"] = "mark"


@message
class Busy(_Message):
    """One step of the loop has been burning CPU for a while: the student's line it is at
    (a claim, used only to say where a scenario was when it had to be stopped)."""

    at: Location | None
    op: Literal["busy"] = "busy"


@message
class Idle(_Message):
    """Nothing is ready: the child's own next timer is `timer` µs away (None: none)."""

    timer: int | None
    op: Literal["idle"] = "idle"


@message
class Ended(_Message):
    """The entry ended, told at the very step it ended in.  All of it is a claim."""

    outcome: Outcome
    pending: list[TaskInfo]
    stalled: list[TaskInfo] | None = None
    notes: dict[str, Any] | None = None  # a driver program's plain notes
    values: dict[str, Encoded] | None = None  # and the values it noted, encoded
    op: Literal["ended"] = "ended"


@message
class Finished(_Message):
    """The scenario is over: leftovers cleaned up, garbage collected."""

    findings: list[Finding]
    abandoned: bool = False
    loop_error: str | None = None
    op: Literal["finished"] = "finished"


ChildMessage = Union[  # noqa: UP007
    Called, Started, CancelledCall, Closed, Freed, Pull, Reported, Mark, Busy, Idle, Ended,
    Finished,
]
ParentMessage = Union[Hello, Run, Advance, Reply]  # noqa: UP007


# -- framing -----------------------------------------------------------------------------
def dump(message: Any) -> bytes:
    """One message as a line of UTF-8 JSON.  Text Python holds but UTF-8 cannot (a lone
    surrogate in a student's string) becomes "?": the line stays valid, the value wrong."""
    text = json.dumps(dataclasses.asdict(message), separators=(",", ":"), allow_nan=False,
                      ensure_ascii=False)
    return text.encode("utf-8", "replace") + b"\n"


def load_parent_message(line: bytes) -> Hello | Run | Advance | Reply:
    """A message from the parent, in the child (the parent is trusted: no validation)."""
    data = json.loads(line)
    op = data.pop("op")
    if op == "run":
        entry = data["entry"]
        data["entry"] = Program(**entry) if "name" in entry else Call(
            entry["function"], [FakeArg(**a) if "fake" in a else ValueArg(**a)
                                for a in entry["args"]])
        data["fakes"] = {label: Stub(**stub) for label, stub in data["fakes"].items()}
        return Run(**data)
    if op == "advance":
        return Advance(
            now=data["now"], stall=data["stall"],
            completions=[Completion(**{**c, "failure": Failure(**c["failure"])
                                       if c["failure"] else None})
                         for c in data["completions"]],
            actions=[Action(**a) for a in data["actions"]])
    if op == "reply":
        return Reply(**data)
    return Hello(**data)
