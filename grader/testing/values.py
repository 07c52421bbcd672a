"""Observed values, decoded into plain Python data the judges can compare exactly.

Decoding keeps what matters to a teacher: a tuple stays a tuple, a list a list,
an exception becomes an `ObservedException` (class, message, identity token),
and anything else an `Opaque` that equals nothing but an identical `Opaque`.
`exactly_equal` also compares types, so ``1 == True`` style coincidences
cannot pass a check.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..models.observation import (
    BoolV,
    DictV,
    Encoded,
    EncodedException,
    ExceptionV,
    FloatV,
    IntV,
    NoneV,
    ObjectV,
    SeqV,
    StrV,
)


@dataclass(frozen=True)
class ObservedException:
    """An exception seen in the child: its class, message and (if injected) token."""

    class_name: str
    module: str
    message: str
    token: str | None
    exceptions: tuple[ObservedException, ...] | None

    @classmethod
    def of(cls, encoded: EncodedException) -> ObservedException:
        members = encoded.exceptions
        return cls(
            class_name=encoded.class_name,
            module=encoded.module,
            message=encoded.message,
            token=encoded.token,
            exceptions=None if members is None else tuple(cls.of(m) for m in members),
        )

    @property
    def is_group(self) -> bool:
        return self.exceptions is not None

    def leaves(self) -> list[ObservedException]:
        """The non-group exceptions inside this one (itself if not a group)."""
        if self.exceptions is None:
            return [self]
        return [leaf for member in self.exceptions for leaf in member.leaves()]

    def __str__(self) -> str:
        return f"{self.class_name}({self.message!r})"


@dataclass(frozen=True)
class Opaque:
    """A value of a type the checks do not deal in (a Task, a generator, a str subclass)."""

    class_name: str
    text: str

    def __str__(self) -> str:
        return self.text

    @property
    def short_class(self) -> str:
        return self.class_name.rsplit(".", 1)[-1]


def decode(encoded: Encoded) -> Any:
    """Turn an encoded value into plain Python data."""
    match encoded:
        case NoneV():
            return None
        case BoolV() | IntV() | FloatV() | StrV():
            return encoded.value
        case SeqV(type="list"):
            return [decode(item) for item in encoded.items]
        case SeqV():
            return tuple(decode(item) for item in encoded.items)
        case DictV():
            return {_hashable(decode(k)): decode(v) for k, v in encoded.items}
        case ExceptionV():
            return ObservedException.of(encoded.exception)
        case ObjectV():
            return Opaque(class_name=encoded.class_name, text=encoded.repr)
    raise TypeError(f"unknown encoding {encoded!r}")  # pragma: no cover - exhaustive above


def _hashable(value: Any) -> Any:
    try:
        hash(value)
    except TypeError:
        return Opaque(class_name=type(value).__name__, text=repr(value))
    return value


def exactly_equal(left: Any, right: Any) -> bool:
    """Equal values of identical types, all the way down."""
    if type(left) is not type(right):
        return False
    if isinstance(left, (list, tuple)):
        return len(left) == len(right) and all(map(exactly_equal, left, right))
    if isinstance(left, dict):
        return left.keys() == right.keys() and all(exactly_equal(left[k], right[k]) for k in left)
    return bool(left == right)


def render(value: Any) -> str:
    """A value as a student would write it in Python."""
    if isinstance(value, tuple):
        inner = ", ".join(render(v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if isinstance(value, list):
        return "[" + ", ".join(render(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{render(k)}: {render(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (ObservedException, Opaque)):
        return str(value)
    return repr(value)


def type_name(value: Any) -> str:
    """The name of a decoded value's type, as the student's code had it."""
    if isinstance(value, Opaque):
        return value.short_class
    if isinstance(value, ObservedException):
        return value.class_name
    return "None" if value is None else type(value).__name__
