"""Turn whatever the student's code produced into the wire's tagged values.

The parent never sees a Python object from the child, only this encoding, so an
object whose ``__eq__`` always says True, a ``str`` subclass, or a list that lies
about its length cannot fool a comparison made in the parent.  Types are tested
with ``type(x) is T``: a subclass of ``str`` is reported as what it is (an
``object`` of that class), not as a string.  Exceptions carry a ``token`` when
they are the very instance a fake raised (see `grader.child.fakes.base.Tokens`).
"""

from __future__ import annotations

import asyncio
import math
import reprlib
from collections.abc import Callable
from typing import Any, cast

from .. import wire
from ..wire import MAX_DEPTH, MAX_ITEMS, MAX_TEXT

_repr = reprlib.Repr()
_repr.maxstring = 120
_repr.maxother = 120

_INT_RANGE = 2**63  # beyond it, an int is shown, not compared
TokenOf = Callable[[BaseException], "str | None"]


def encode_value(value: object, token_of: TokenOf, depth: int = 0) -> wire.Encoded:
    """Encode one value; never raises for odd objects."""
    kind = type(value)
    if value is None:
        return wire.NoneV()
    if kind is bool:
        return wire.BoolV(value)  # type: ignore[arg-type]
    if kind is int and -_INT_RANGE < cast(int, value) < _INT_RANGE:
        return wire.IntV(cast(int, value))
    if kind is float and math.isfinite(cast(float, value)):  # JSON has no NaN
        return wire.FloatV(cast(float, value))
    if kind is str:
        return wire.StrV(_clip(value))  # type: ignore[arg-type]
    if isinstance(value, BaseException):
        return wire.ExceptionV(encode_exception(value, token_of, depth))
    if kind in (list, tuple) and depth < MAX_DEPTH:
        items = [encode_value(item, token_of, depth + 1) for item in value[:MAX_ITEMS]]  # type: ignore[index]
        return wire.SeqV(kind.__name__, items, len(value))  # type: ignore[arg-type]
    if kind is dict and depth < MAX_DEPTH:
        pairs = list(value.items())[:MAX_ITEMS]  # type: ignore[attr-defined]
        return wire.DictV([(encode_value(k, token_of, depth + 1),
                            encode_value(v, token_of, depth + 1)) for k, v in pairs],
                          len(value))  # type: ignore[arg-type]
    return _encode_other(value)


def _encode_other(value: object) -> wire.ObjectV:
    kind = type(value)
    text = _future_repr(value) if isinstance(value, asyncio.Future) else safe_repr(value)
    return wire.ObjectV(f"{kind.__module__}.{kind.__qualname__}", text)


def _future_repr(future: asyncio.Future[Any]) -> str:
    """A task as a student thinks of it, without the harness's file paths."""
    state = "cancelled" if future.cancelled() else "done" if future.done() else "pending"
    coro = getattr(future, "get_coro", lambda: None)()
    of = f" of {getattr(coro, '__qualname__', '?')}()" if coro is not None else ""
    return f"<{type(future).__name__}{of}, {state}>"


def encode_exception(exc: BaseException, token_of: TokenOf,
                     depth: int = 0) -> wire.EncodedException:
    """Encode an exception: class, message, identity token and group members."""
    kind = type(exc)
    members = None
    if isinstance(exc, BaseExceptionGroup) and depth < MAX_DEPTH:
        members = [encode_exception(e, token_of, depth + 1)
                   for e in list(exc.exceptions)[:MAX_ITEMS]]
    return wire.EncodedException(kind.__qualname__, kind.__module__, _clip(safe_str(exc)),
                                 token_of(exc), members)


def safe_repr(value: object) -> str:
    try:
        return _clip(_repr.repr(value))
    except BaseException as exc:  # noqa: BLE001 - a hostile __repr__ is just data
        return f"<unrepresentable {type(value).__qualname__}: {type(exc).__name__}>"


def safe_str(exc: BaseException) -> str:
    try:
        text = str(exc)
    except BaseException:  # noqa: BLE001
        return f"<unprintable {type(exc).__qualname__}>"
    return text if type(text) is str else f"<non-string message from {type(exc).__qualname__}>"


def _clip(text: str) -> str:
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT] + "…"
