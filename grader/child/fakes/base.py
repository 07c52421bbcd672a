"""What every fake shares: the trace, the exception tokens, scripted waiting."""

from __future__ import annotations

import asyncio
import builtins
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..where import Where

ALLOWED_ERRORS = frozenset(
    {"ValueError", "RuntimeError", "ConnectionError", "KeyError", "LookupError", "OSError",
     "PermissionError", "ConnectionResetError"}
)

# Captured before any submission is imported, like the driver's references.
_sleep = asyncio.sleep
CancelledError = asyncio.CancelledError


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


@dataclass
class FakeContext:
    """What a fake needs from the scenario around it."""

    trace: Trace
    tokens: Tokens
    where: Where
    loop: asyncio.AbstractEventLoop
    encode: Callable[[object], dict[str, Any]]


class Fake:
    """Base of the fake kinds: a label, a spec, and a way to record events."""

    def __init__(self, label: str, spec: dict[str, Any], context: FakeContext) -> None:
        self.label = label
        self.spec = spec
        self.context = context

    def build(self) -> Any:
        raise NotImplementedError

    def record(self, key: str, call: int, event: str, **extra: Any) -> None:
        self.context.trace.record(self.label, key, call, event, **extra)

    def error(self, key: str, call: int, spec: dict[str, str]) -> BaseException:
        """A fresh exception instance with the identity token ``label:key#call``."""
        name = spec["class"] if spec["class"] in ALLOWED_ERRORS else "RuntimeError"
        exc = getattr(builtins, name)(spec["message"])
        return self.context.tokens.issue(exc, f"{self.label}:{key}#{call}")

    async def scripted(self, key: str, call: int, step: dict[str, Any]) -> Any:
        """Wait ``step["delay"]``, then return ``step.get("value")`` or raise ``step["raise"]``.

        Records started, then returned / raised / cancelled / closed.
        """
        self.record(key, call, "started")
        try:
            await _sleep(step["delay"])
        except CancelledError:
            self.record(key, call, "cancelled")
            raise
        except GeneratorExit:
            self.record(key, call, "closed")
            raise
        if "raise" in step:
            self.record(key, call, "raised")
            raise self.error(key, call, step["raise"])
        self.record(key, call, "returned")
        return step.get("value")

    def named(self, coroutine: Any, name: str | None = None) -> Any:
        """Name the coroutine after the fake: "coroutine 'fetch' was never awaited"."""
        coroutine.__qualname__ = coroutine.__name__ = name or self.label
        return coroutine
