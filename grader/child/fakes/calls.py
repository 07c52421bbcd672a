"""Fakes the student calls and awaits: fetch(name), step(), and service factories."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..encode import safe_repr
from .base import CancelledError, Fake, _sleep


class FetchFake(Fake):
    """``await fetch(key) -> str``: a delay per key, then a value or an exception.

    Spec: ``{"script": {key: {"delay": s, "value": str} | {"delay": s, "raise": {...}}}}``.
    A key missing from the script fails at once with LookupError.  Also used for
    other keyed calls (``process(item)``), under another label.
    """

    def build(self) -> Callable[[Any], Any]:
        script: dict[str, dict[str, Any]] = self.spec["script"]
        calls: dict[str, int] = {}

        def fetch(name: Any) -> Any:
            key = name if type(name) is str else safe_repr(name)
            call = calls[key] = calls.get(key, -1) + 1
            self.record(key, call, "called", at=self.context.where.caller())
            step = script.get(key, {"delay": 0, "raise": {
                "class": "LookupError", "message": f"{self.label} has no entry {key!r}"}})
            return self.named(self.scripted(key, call, step))

        fetch.__name__ = fetch.__qualname__ = self.label
        return fetch


class StepFake(Fake):
    """``await step()``: each call waits; the script may make one call raise.

    Spec: ``{"every": {"delay": s}, "calls": {"3": {"delay": s, "raise": {...}}}}``:
    call number 3 (counting from 0) raises, every other call waits and returns None.
    """

    def build(self) -> Callable[[], Any]:
        every: dict[str, Any] = self.spec["every"]
        special: dict[str, dict[str, Any]] = self.spec.get("calls", {})
        count = [0]

        def step() -> Any:
            call = count[0]
            count[0] += 1
            self.record(self.label, call, "called", at=self.context.where.caller())
            return self.named(self.scripted(self.label, call, special.get(str(call), every)))

        step.__name__ = step.__qualname__ = self.label
        return step


class ServicesFake(Fake):
    """A dict of service factories: ``services[name]()`` starts one run of that service.

    Spec: ``{"scripts": {name: [run, run, ...]}}``, one entry per successive run
    (the last repeats).  A run is ``{"delay": s, "raise": {...}}`` (fails after s)
    or ``{"forever": true, "cleanup": s}`` (runs until cancelled, then cleans up
    for s before letting CancelledError out; cancelled again while cleaning up,
    it stops at once).  Events: started, raised, cancelled, cleaned.
    """

    def build(self) -> dict[str, Callable[[], Any]]:
        scripts: dict[str, list[dict[str, Any]]] = self.spec["scripts"]
        return {name: self._factory(name, runs) for name, runs in scripts.items()}

    def _factory(self, name: str, runs: list[dict[str, Any]]) -> Callable[[], Any]:
        count = [0]

        def start() -> Any:
            call = count[0]
            count[0] += 1
            self.record(name, call, "called", at=self.context.where.caller())
            run = runs[min(call, len(runs) - 1)]
            body = self._forever(name, call, run) if run.get("forever") else \
                self.scripted(name, call, run)
            return self.named(body, name)

        start.__name__ = start.__qualname__ = name
        return start

    async def _forever(self, name: str, call: int, run: dict[str, Any]) -> None:
        self.record(name, call, "started")
        try:
            while True:
                await _sleep(3600)
        except CancelledError:
            self.record(name, call, "cancelled")
            await self._clean_up(name, call, run.get("cleanup", 0))
            raise

    async def _clean_up(self, name: str, call: int, seconds: float) -> None:
        try:
            await _sleep(seconds)
        except CancelledError:
            self.record(name, call, "cancelled")
            raise
        self.record(name, call, "cleaned")
