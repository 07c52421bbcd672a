"""Turn whatever the student's code produced into plain, tagged JSON.

The parent never sees a Python object from the child, only this encoding, so an
object whose ``__eq__`` always says True, a ``str`` subclass, or a list that lies
about its length cannot fool a comparison made in the parent.  Types are tested
with ``type(x) is T``: a subclass of ``str`` is reported as what it is (an
``object`` of that class), not as a string.  Exceptions carry a ``token`` when
they are the very instance a fake raised, which is how the parent checks
identity ("the same exception instance, not a copy").
"""

from __future__ import annotations

import asyncio
import reprlib
from collections.abc import Callable
from typing import Any

MAX_ITEMS = 200
MAX_DEPTH = 6
MAX_TEXT = 2_000

_repr = reprlib.Repr()
_repr.maxstring = 120
_repr.maxother = 120

TokenOf = Callable[[BaseException], "str | None"]


def encode_value(value: object, token_of: TokenOf, depth: int = 0) -> dict[str, Any]:
    """Encode one value as ``{"type": ..., ...}``; never raises for odd objects."""
    kind = type(value)
    if value is None:
        return {"type": "none"}
    if kind in (bool, int, float, str):
        text = value if kind is not str else _clip(value)  # type: ignore[arg-type]
        return {"type": kind.__name__, "value": text}
    if isinstance(value, BaseException):
        return {"type": "exception", "exception": encode_exception(value, token_of, depth)}
    if kind in (list, tuple) and depth < MAX_DEPTH:
        items = [encode_value(item, token_of, depth + 1) for item in value[:MAX_ITEMS]]  # type: ignore[index]
        return {"type": kind.__name__, "items": items, "length": len(value)}  # type: ignore[arg-type]
    if kind is dict and depth < MAX_DEPTH:
        return _encode_dict(value, token_of, depth)  # type: ignore[arg-type]
    return _encode_other(value)


def _encode_dict(value: dict[Any, Any], token_of: TokenOf, depth: int) -> dict[str, Any]:
    pairs = list(value.items())[:MAX_ITEMS]
    return {
        "type": "dict",
        "items": [[encode_value(k, token_of, depth + 1), encode_value(v, token_of, depth + 1)]
                  for k, v in pairs],
        "length": len(value),
    }


def _encode_other(value: object) -> dict[str, Any]:
    kind = type(value)
    return {
        "type": "object",
        "class": f"{kind.__module__}.{kind.__qualname__}",
        "repr": _future_repr(value) if isinstance(value, asyncio.Future) else safe_repr(value),
    }


def _future_repr(future: asyncio.Future[Any]) -> str:
    """A task as a student thinks of it, without the harness's file paths."""
    state = "cancelled" if future.cancelled() else "done" if future.done() else "pending"
    coro = getattr(future, "get_coro", lambda: None)()
    of = f" of {getattr(coro, '__qualname__', '?')}()" if coro is not None else ""
    return f"<{type(future).__name__}{of}, {state}>"


def encode_exception(exc: BaseException, token_of: TokenOf, depth: int = 0) -> dict[str, Any]:
    """Encode an exception: class, message, identity token and group members."""
    kind = type(exc)
    encoded: dict[str, Any] = {
        "class": kind.__qualname__,
        "module": kind.__module__,
        "message": _clip(safe_str(exc)),
        "token": token_of(exc),
        "exceptions": None,
    }
    if isinstance(exc, BaseExceptionGroup) and depth < MAX_DEPTH:
        members = list(exc.exceptions)[:MAX_ITEMS]
        encoded["exceptions"] = [encode_exception(e, token_of, depth + 1) for e in members]
    return encoded


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
