"""Read what the child sends, strictly, against the one wire (`grader.wire`).

Each line must be one message of the wire, exactly: known ``op``, exact types
(no ``"1"`` for 1, no ``true`` for 1), no unknown field, no NaN, nesting and
size within bounds.  Anything else is `Interference`: the scenario becomes a
failed check saying the code interfered with the grader's channel, never a
fault of the grader.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, TypeAdapter, ValidationError

from .. import wire
from .problems import Interference

_CHILD: TypeAdapter[Any] = TypeAdapter(Annotated[wire.ChildMessage,
                                                  Field(discriminator="op")])
_LOADED: TypeAdapter[wire.Loaded] = TypeAdapter(wire.Loaded)


def parse(line: bytes) -> Any:
    """One message from the child during a scenario."""
    return _validated(_CHILD, line, "a message")


def parse_loaded(line: bytes) -> wire.Loaded:
    loaded: wire.Loaded = _validated(_LOADED, line, "the import report")
    if loaded.version != wire.VERSION:
        raise Interference(f"the import report spoke wire version {loaded.version}, "
                           f"not {wire.VERSION}")
    return loaded


def _validated(adapter: TypeAdapter[Any], line: bytes, what: str) -> Any:
    if len(line) > wire.MAX_LINE_BYTES:
        raise Interference(f"{what} on the grader's channel was far too large")
    try:
        return adapter.validate_json(line)
    except (ValidationError, RecursionError, ValueError) as exc:
        raise Interference(f"{what} on the grader's channel was malformed "
                           f"({_first_error(exc)})") from exc


def _first_error(exc: Exception) -> str:
    if isinstance(exc, ValidationError) and exc.errors():
        error = exc.errors()[0]
        where = ".".join(str(p) for p in error.get("loc", ()))
        return f"{where}: {error['msg']}"[:200] if where else str(error["msg"])[:200]
    return type(exc).__name__
