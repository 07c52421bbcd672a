"""The injected fakes a scenario hands to the student's function, and their trace.

A fake records what happens to each call on the virtual clock:

* ``called``  - the student called it (a coroutine now exists), with the line;
* ``started`` - its body began running (a fake "starts" when its body runs);
* ``returned`` / ``raised`` - it finished after its scripted delay;
* ``cancelled`` - CancelledError reached it while it waited;
* ``closed`` - it was closed or collected while suspended.

Fakes only observe: they never judge.  Each exception a fake raises is a fresh
instance registered in `Tokens`, so the parent can tell "the very instance"
from a copy with the same message.
"""

from __future__ import annotations

import asyncio
import builtins
from collections.abc import Callable
from typing import Any

from .encode import safe_repr
from .where import Where

ALLOWED_ERRORS = frozenset(
    {"ValueError", "RuntimeError", "ConnectionError", "KeyError", "LookupError", "OSError",
     "PermissionError", "ConnectionResetError"}
)

_sleep = asyncio.sleep
_CancelledError = asyncio.CancelledError


class Tokens:
    """Identity tokens for exceptions raised by fakes (kept alive, so ids stay unique)."""

    def __init__(self) -> None:
        self._by_id: dict[int, tuple[BaseException, str]] = {}

    def issue(self, exc: BaseException, token: str) -> BaseException:
        self._by_id[id(exc)] = (exc, token)
        return exc

    def token_of(self, exc: BaseException) -> str | None:
        entry = self._by_id.get(id(exc))
        return entry[1] if entry is not None and entry[0] is exc else None


class Trace:
    """An ordered log of fake events, each stamped with a sequence number and time."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self.clock = clock
        self.events: list[dict[str, Any]] = []

    def record(self, fake: str, key: str, call: int, event: str, **extra: Any) -> None:
        entry = {"seq": len(self.events), "fake": fake, "key": key, "call": call,
                 "event": event, "t": round(self.clock(), 6)}
        entry.update(extra)
        self.events.append(entry)

    @property
    def seq(self) -> int:
        return len(self.events)


class FetchFake:
    """``await fetch(name) -> str``: per-name delay, then a value or an exception.

    Script: ``{name: {"delay": seconds, "value": str}}`` or
    ``{name: {"delay": seconds, "raise": {"class": "ValueError", "message": str}}}``.
    A name missing from the script fails at once with LookupError.
    """

    def __init__(self, label: str, spec: dict[str, Any], trace: Trace, tokens: Tokens,
                 where: Where) -> None:
        self.label = label
        self.script: dict[str, dict[str, Any]] = spec["script"]
        self.trace = trace
        self.tokens = tokens
        self.where = where
        self.calls: dict[str, int] = {}

    def build(self) -> Callable[[Any], Any]:
        fake = self

        def fetch(name: Any) -> Any:
            key = name if type(name) is str else safe_repr(name)
            call = fake.calls.get(key, 0)
            fake.calls[key] = call + 1
            fake.trace.record(fake.label, key, call, "called", at=fake.where.caller())
            body: Any = fake.run(key, call)
            body.__qualname__ = body.__name__ = fake.label  # "coroutine 'fetch' was never awaited"
            return body

        fetch.__name__ = fetch.__qualname__ = self.label
        return fetch

    async def run(self, key: str, call: int) -> str:
        record = self._recorder(key, call)
        record("started")
        step = self.script.get(key)
        if step is None:
            record("raised")
            raise self._error(key, call, {"class": "LookupError",
                                          "message": f"{self.label} has no entry {key!r}"})
        try:
            await _sleep(step["delay"])
        except _CancelledError:
            record("cancelled")
            raise
        except GeneratorExit:
            record("closed")
            raise
        if "raise" in step:
            record("raised")
            raise self._error(key, call, step["raise"])
        record("returned")
        return str(step["value"])

    def _recorder(self, key: str, call: int) -> Callable[[str], None]:
        return lambda event: self.trace.record(self.label, key, call, event)

    def _error(self, key: str, call: int, spec: dict[str, str]) -> BaseException:
        name = spec["class"] if spec["class"] in ALLOWED_ERRORS else "RuntimeError"
        exc = getattr(builtins, name)(spec["message"])
        return self.tokens.issue(exc, f"{self.label}:{key}#{call}")


FAKE_KINDS: dict[str, type[FetchFake]] = {"fetch": FetchFake}
