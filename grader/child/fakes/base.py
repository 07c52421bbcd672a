"""What every fake shares: a stub whose every call the parent plays.

A fake here holds no script.  Calling it sends ``Called`` and returns a
coroutine; when that coroutine starts it sends ``Started`` and waits on a
future that only the parent resolves, with a `wire.Completion` carrying the
value to return or the exception to raise, at the instant the parent's clock
says.  Cancelled, it asks the parent at once whether to stop now or clean up
first (and, after the cleanup, whether to swallow the cancellation).  So the
child never knows a delay, a value or a failure before it happens.

Each exception a fake raises is a fresh instance whose token (random, issued
by the parent) is kept in `Tokens`, so the report can say "the very instance"
rather than a copy; that identity is a claim of the child's (SECURITY.md).
"""

from __future__ import annotations

import asyncio
import builtins
from dataclasses import dataclass
from typing import Any

from ... import wire
from ..conductor import Conductor
from ..where import Where

CancelledError = asyncio.CancelledError


class Tokens:
    """Identity tokens for exceptions raised by fakes (kept alive, so ids stay unique)."""

    def __init__(self) -> None:
        self._by_id: dict[int, tuple[BaseException, str]] = {}

    def issue(self, exc: BaseException, token: str) -> BaseException:
        self._by_id[id(exc)] = (exc, token)
        return exc

    def clear(self) -> None:
        self._by_id.clear()

    def token_of(self, exc: BaseException) -> str | None:
        entry = self._by_id.get(id(exc))
        return entry[1] if entry is not None and entry[0] is exc else None


@dataclass
class FakeContext:
    """What a fake needs from the scenario around it."""

    conductor: Conductor
    tokens: Tokens
    where: Where
    loop: asyncio.AbstractEventLoop


class Fake:
    """Base of the fake kinds: a label, and calls played by the parent."""

    weak = False  # True: the grader keeps no reference to a task waiting on this fake

    def __init__(self, label: str, context: FakeContext) -> None:
        self.label = label
        self.context = context
        self.conductor = context.conductor

    def build(self) -> Any:
        raise NotImplementedError

    def call(self, key: str, name: str | None = None) -> Any:
        """Announce a call (with the student's line) and return its coroutine."""
        key = key[:wire.MAX_TEXT]
        call = self.conductor.called(self.label, key, self.context.where.caller(2))
        return self.named(self.play(call), name)

    async def play(self, call: int) -> Any:
        """The body of every fake call: the parent decides how and when it ends."""
        conductor = self.conductor
        conductor.started(call)
        try:
            completion = await conductor.expect(call, weak=self.weak)
        except CancelledError:
            if conductor.cancelled(call) != "cleanup":
                raise
            completion = await self._clean_up(call)
            if not completion.swallow:
                raise
            return completion.value
        except GeneratorExit:
            conductor.closed(call)
            raise
        return self.result(call, completion)

    async def _clean_up(self, call: int) -> wire.Completion:
        try:
            completion: wire.Completion = await self.conductor.expect(call, weak=self.weak)
        except CancelledError:  # cancelled again while cleaning up: stop at once
            self.conductor.cancelled(call)
            raise
        except GeneratorExit:
            self.conductor.closed(call)
            raise
        return completion

    def result(self, call: int, completion: wire.Completion) -> Any:
        if completion.failure is not None:
            raise self.error(completion.failure)
        return completion.value

    def error(self, failure: wire.Failure) -> BaseException:
        """A fresh exception instance, registered under the parent's token."""
        name = failure.class_name if failure.class_name in wire.ALLOWED_ERRORS else "RuntimeError"
        exc = getattr(builtins, name)(failure.message)
        return self.context.tokens.issue(exc, failure.token)

    def named(self, coroutine: Any, name: str | None = None) -> Any:
        """Name the coroutine after the fake: "coroutine 'fetch' was never awaited"."""
        coroutine.__qualname__ = coroutine.__name__ = name or self.label
        return coroutine
