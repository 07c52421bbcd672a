"""Fakes that are objects or control: a resource, a report function, a source, an
event the grader sets, and a task the grader starts."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from ..encode import safe_repr
from .base import CancelledError, Fake, _sleep


class ResourceFake(Fake):
    """An object with ``async close()`` that takes ``close_delay`` virtual seconds.

    Each close() call is traced under the label with key ``"close"``.
    """

    def build(self) -> Any:
        fake = self
        delay = float(self.spec["close_delay"])
        count = [0]

        class Resource:
            def close(self) -> Any:
                call = count[0]
                count[0] += 1
                fake.record("close", call, "called", at=fake.context.where.caller())
                return fake.named(fake.scripted("close", call, {"delay": delay}), "close")

            def __repr__(self) -> str:
                return f"<resource {fake.label}>"

        return Resource()


class ReportFake(Fake):
    """A plain function ``report(name, value)`` that records each call and its value."""

    def build(self) -> Callable[[Any, Any], None]:
        count: dict[str, int] = {}

        def report(name: Any, value: Any) -> None:
            key = name if type(name) is str else safe_repr(name)
            call = count[key] = count.get(key, -1) + 1
            self.record(key, call, "reported", at=self.context.where.caller(),
                        value=self.context.encode(value))

        report.__name__ = report.__qualname__ = self.label
        return report


class SourceFake(Fake):
    """An async iterator over ``items``; each item arrives at once when asked for.

    Events: ``pulled`` (key: the item, call: its index) and ``exhausted``.
    """

    def build(self) -> Any:
        fake = self
        items: list[Any] = list(self.spec["items"])

        class Source:
            def __init__(self) -> None:
                self.index = 0

            def __aiter__(self) -> Source:
                return self

            async def __anext__(self) -> Any:
                if self.index >= len(items):
                    fake.record("", self.index, "exhausted")
                    raise StopAsyncIteration
                item = items[self.index]
                fake.record(str(item), self.index, "pulled")
                self.index += 1
                return item

            def __repr__(self) -> str:
                return f"<source {fake.label}>"

        return Source()


class EventFake(Fake):
    """An ``asyncio.Event`` the grader sets at a chosen instant (action ``set``)."""

    def build(self) -> asyncio.Event:
        self.event = asyncio.Event()
        return self.event

    def fire(self) -> None:
        self.record(self.label, 0, "set")
        self.event.set()


class VictimFake(Fake):
    """A task the grader starts at t=0 and hands to the student.

    Spec: ``{"run": s or null (forever), "value": str, "cleanup": s, "swallow": bool}``.
    It runs for ``run`` seconds and returns ``value``; if cancelled first, it
    records ``cancelled``, cleans up for ``cleanup`` seconds (``cleaned``), then
    re-raises, or, with ``swallow``, returns normally (``swallowed``).
    """

    def build(self) -> asyncio.Task[Any]:
        self.task = self.context.loop.create_task(self._body(), name=self.label)
        return self.task

    async def _body(self) -> Any:
        spec = self.spec
        self.record(self.label, 0, "started")
        try:
            await _sleep(spec["run"] if spec.get("run") is not None else 10**6)
        except CancelledError:
            self.record(self.label, 0, "cancelled")
            await _sleep(spec.get("cleanup", 0))
            self.record(self.label, 0, "cleaned")
            if spec.get("swallow"):
                self.record(self.label, 0, "swallowed")
                return spec.get("value")
            raise
        self.record(self.label, 0, "returned")
        return spec.get("value")
