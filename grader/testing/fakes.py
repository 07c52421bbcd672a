"""The other fakes, as the parent specifies them (`Fetch` lives in `scenario`).

Each mirrors a kind in `grader.child.fakes`; its events appear in the trace
under its label, so ``run.calls(fake.label)`` gives their timelines.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .scenario import Failure, FakeSpec


@dataclass
class Steps(FakeSpec):
    """``await step()`` called repeatedly: each call waits `delay`; call `failing_call`
    (counting from 0) raises `failure` instead of returning None."""

    delay: float
    failing_call: int | None = None
    failure: Failure | None = None
    label: str = "step"

    def spec(self) -> dict[str, Any]:
        calls = {}
        if self.failing_call is not None and self.failure is not None:
            calls[str(self.failing_call)] = {"delay": self.delay, "raise": self.failure.spec()}
        return {"kind": "step", "every": {"delay": self.delay}, "calls": calls}

    def call_token(self, call: int) -> str:
        return self.token(self.label, call)


@dataclass
class Resource(FakeSpec):
    """An object whose ``await close()`` takes `close_delay`; closes are traced as key "close"."""

    close_delay: float
    label: str = "resource"

    def spec(self) -> dict[str, Any]:
        return {"kind": "resource", "close_delay": self.close_delay}


@dataclass
class Report(FakeSpec):
    """A plain function ``report(name, value)``; each call is a "reported" event."""

    label: str = "report"

    def spec(self) -> dict[str, Any]:
        return {"kind": "report"}


@dataclass
class Source(FakeSpec):
    """An async iterator over `items`, each arriving at once ("pulled" events)."""

    items: list[Any]
    label: str = "source"

    def spec(self) -> dict[str, Any]:
        return {"kind": "source", "items": list(self.items)}


@dataclass
class Event(FakeSpec):
    """An ``asyncio.Event`` the grader sets at a chosen instant (``kata.call(sets=...)``)."""

    label: str = "stop"

    def spec(self) -> dict[str, Any]:
        return {"kind": "event"}


@dataclass
class Victim(FakeSpec):
    """A task the grader starts at t=0 and passes to the student.

    It runs `run` seconds (None: until cancelled) and returns `value`; cancelled
    first, it cleans up for `cleanup` seconds, then re-raises CancelledError or,
    with `swallow`, returns normally.
    """

    run: float | None
    value: str = "done"
    cleanup: float = 0.0
    swallow: bool = False
    label: str = "task"

    def spec(self) -> dict[str, Any]:
        return {"kind": "victim", "run": self.run, "value": self.value,
                "cleanup": self.cleanup, "swallow": self.swallow}


@dataclass(frozen=True)
class ServiceRun:
    """One run of a service: fails after `delay`, or (forever) runs until cancelled."""

    delay: float | None = None
    failure: Failure | None = None
    cleanup: float = 0.0

    @classmethod
    def fails_after(cls, delay: float, failure: Failure) -> ServiceRun:
        return cls(delay=delay, failure=failure)

    @classmethod
    def forever(cls, cleanup: float = 0.0) -> ServiceRun:
        return cls(cleanup=cleanup)

    def spec(self) -> dict[str, Any]:
        if self.failure is not None and self.delay is not None:
            return {"delay": self.delay, "raise": self.failure.spec()}
        return {"forever": True, "cleanup": self.cleanup}


@dataclass
class Services(FakeSpec):
    """A dict of service factories; each name's successive runs follow its script
    (the last run repeats).  Traced under each service's name as the key."""

    scripts: dict[str, list[ServiceRun]] = field(default_factory=dict)
    label: str = "services"

    def spec(self) -> dict[str, Any]:
        return {"kind": "services",
                "scripts": {n: [r.spec() for r in runs] for n, runs in self.scripts.items()}}
