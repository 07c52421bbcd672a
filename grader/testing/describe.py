"""Returned values described in a student's words, for the "observed" half of a verdict.

`render` prints a value as Python would; an object the child could not encode
(a coroutine, a Task, a generator) carries its own repr, with a memory address
that means nothing to a student.  These helpers name such objects by kind, and
Tasks by what they run and whether they are done.
"""

from __future__ import annotations

import re
from typing import Any

from .values import Opaque, render, type_name

_TASK = re.compile(r"<(\w+)(?: of (.+?\(\)))?, (\w+)>")
_STATES = {"done": "already done", "pending": "still pending"}


def _has_address(value: Any) -> bool:
    return isinstance(value, Opaque) and " at 0x" in value.text


def shown(value: Any) -> str:
    """`value` as Python prints it, objects with addresses by kind: ``<a coroutine object>``."""
    if _has_address(value):
        return f"<a {value.short_class} object>"
    if isinstance(value, tuple):
        return f"({', '.join(map(shown, value))}{',' if len(value) == 1 else ''})"
    if isinstance(value, list):
        return f"[{', '.join(map(shown, value))}]"
    return render(value)


def shown_with_type(value: Any) -> str:
    """`shown(value)` and its type, ``['a', 'b'] (list)``; a lone object by kind alone."""
    if _has_address(value):
        return f"a {value.short_class} object"
    return f"{shown(value)} ({type_name(value)})"


def object_described(value: Opaque) -> str:
    """An unencodable object by what it is: ``a Task object for fetch() (already done)``."""
    task = _TASK.fullmatch(value.text)
    if task is not None:
        kind, coro, state = task.groups()
        of = f" for {coro}" if coro else ""
        return f"a {kind} object{of} ({_STATES.get(state, state)})"
    if value.short_class == "coroutine":
        return "a coroutine object (never awaited)"
    return f"a {value.short_class} object"


def described(value: Any) -> str:
    """A single returned value: objects described, strings as written, others with their type."""
    if isinstance(value, Opaque):
        return object_described(value)
    return render(value) if isinstance(value, str) else f"{render(value)} ({type_name(value)})"
