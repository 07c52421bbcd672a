"""The other fakes, as the parent knows and plays them (`Fetch` lives in `scenario`).

Each has a stub of the same kind in `grader.child.fakes`; its events appear in
the trace under its label, so ``run.calls(fake.label)`` gives their timelines.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .. import wire
from .scenario import Failure, FakeSpec, Script


@dataclass
class Steps(FakeSpec):
    """``await step()`` called repeatedly: each call waits `delay`; call `failing_call`
    (counting from 0) raises `failure` instead of returning None."""

    delay: float
    failing_call: int | None = None
    failure: Failure | None = None
    label: str = "step"
    kind = "step"

    def script(self, key: str, call: int) -> Script:
        failing = call == self.failing_call and self.failure is not None
        return Script(self.delay, failure=self.failure if failing else None)

    def call_token(self, call: int) -> str:
        return self.token(self.label, call)


@dataclass
class Resource(FakeSpec):
    """An object whose ``await close()`` takes `close_delay`; closes are traced as key "close"."""

    close_delay: float
    label: str = "resource"
    kind = "resource"

    def script(self, key: str, call: int) -> Script:
        return Script(self.close_delay)


@dataclass
class Report(FakeSpec):
    """A plain function ``report(name, value)``; each call is a "reported" event."""

    label: str = "report"
    kind = "report"


@dataclass
class Source(FakeSpec):
    """An async iterator over `items`, each handed out when asked for ("pulled" events)."""

    items: list[Any]
    label: str = "source"
    kind = "source"


@dataclass
class Event(FakeSpec):
    """An ``asyncio.Event`` the grader sets at a chosen instant (``kata.call(sets=...)``)."""

    label: str = "stop"
    kind = "event"


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
    kind = "victim"

    def script(self, key: str, call: int) -> Script:
        return Script(self.run, self.value, cleanup=self.cleanup, swallow=self.swallow)

    def releasable(self) -> set[str]:
        return {self.value}


@dataclass
class Hold(FakeSpec):
    """``await hold()`` waits until cancelled, and the grader keeps no reference to the
    waiting task: it lives only as long as the student's code keeps it.  A task
    destroyed while waiting shows as a "closed" call."""

    label: str = "hold"
    kind = "hold"

    def script(self, key: str, call: int) -> Script:
        return Script(None)


@dataclass
class Tickets(FakeSpec):
    """``await ticket()`` waits (call k: ``delays[k % len(delays)]``), then returns a
    ticket object; when that object is garbage-collected the call gets a "freed"
    event: who still holds a result."""

    delays: list[float]
    label: str = "ticket"
    kind = "ticket"

    def script(self, key: str, call: int) -> Script:
        return Script(self.delays[call % len(self.delays)])


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

    def script(self) -> Script:
        if self.failure is not None and self.delay is not None:
            return Script(self.delay, failure=self.failure)
        return Script(None, cleanup=self.cleanup)


@dataclass
class Services(FakeSpec):
    """A dict of service factories; each name's successive runs follow its script
    (the last run repeats).  Traced under each service's name as the key."""

    scripts: dict[str, list[ServiceRun]] = field(default_factory=dict)
    label: str = "services"
    kind = "services"

    def stub(self) -> wire.Stub:
        return wire.Stub(self.kind, list(self.scripts))

    def script(self, key: str, call: int) -> Script | None:
        runs = self.scripts.get(key)
        return runs[min(call, len(runs) - 1)].script() if runs else None
