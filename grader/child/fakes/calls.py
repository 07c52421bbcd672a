"""Fakes the student calls and awaits: fetch(name), step(), service factories,
and two that exist to watch references: hold() and ticket()."""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any

from ... import wire
from ..encode import safe_repr
from .base import Fake


class FetchFake(Fake):
    """``await fetch(key)``: the parent decides the delay, the value or the exception.
    Also used for other keyed calls (``process(item)``), under another label."""

    def build(self) -> Callable[[Any], Any]:
        def fetch(name: Any) -> Any:
            return self.call(name if type(name) is str else safe_repr(name))

        fetch.__name__ = fetch.__qualname__ = self.label
        return fetch


class StepFake(Fake):
    """``await step()``: each call waits; the parent may make one of them raise."""

    def build(self) -> Callable[[], Any]:
        def step() -> Any:
            return self.call(self.label)

        step.__name__ = step.__qualname__ = self.label
        return step


class ServicesFake(Fake):
    """A dict of service factories: ``services[name]()`` starts one run of that service.
    The names are the scenario's (``Run.fakes`` gives them as ``services:a,b``)."""

    def __init__(self, label: str, context: Any, names: list[str]) -> None:
        super().__init__(label, context)
        self.names = names

    def build(self) -> dict[str, Callable[[], Any]]:
        return {name: self._factory(name) for name in self.names}

    def _factory(self, name: str) -> Callable[[], Any]:
        def start() -> Any:
            return self.call(name, name)

        start.__name__ = start.__qualname__ = name
        return start


class HoldFake(Fake):
    """``await hold()`` waits until cancelled, and the grader keeps no reference to the
    waiting task: like a future only that task knows, it lives as long as someone
    (the student's code) references the task.  Destroyed, it is traced as closed."""

    weak = True

    def build(self) -> Callable[[], Any]:
        def hold() -> Any:
            return self.call(self.label)

        hold.__name__ = hold.__qualname__ = self.label
        return hold


class Ticket:
    """What ``await ticket()`` returns: its collection is traced as freed."""

    __slots__ = ("__weakref__", "number")

    def __init__(self, number: int) -> None:
        self.number = number

    def __repr__(self) -> str:
        return f"<ticket {self.number}>"


class TicketFake(Fake):
    """``await ticket()`` waits as the parent says, then returns a `Ticket` whose
    garbage collection the parent hears of (``freed``): who still holds a result."""

    def build(self) -> Callable[[], Any]:
        def ticket() -> Any:
            return self.call(self.label)

        ticket.__name__ = ticket.__qualname__ = self.label
        return ticket

    def result(self, call: int, completion: wire.Completion) -> Any:
        super().result(call, completion)
        handed = Ticket(call)
        weakref.finalize(handed, self.conductor.freed, call)
        return handed
