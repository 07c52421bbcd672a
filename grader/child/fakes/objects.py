"""Fakes that are objects or control: a resource, a report function, a source, an
event the grader sets, and a task the grader starts."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from ... import wire
from ..encode import encode_value, safe_repr
from .base import Fake


class ResourceFake(Fake):
    """An object with ``async close()``; each close() is a call with key ``"close"``."""

    def build(self) -> Any:
        fake = self

        class Resource:
            def close(self) -> Any:
                return fake.call("close", "close")

            def __repr__(self) -> str:
                return f"<resource {fake.label}>"

        return Resource()


class ReportFake(Fake):
    """A plain function ``report(name, value)``: each call is reported with its value."""

    def build(self) -> Callable[[Any, Any], None]:
        def report(name: Any, value: Any) -> None:
            key = (name if type(name) is str else safe_repr(name))[:wire.MAX_TEXT]
            self.conductor.reported(self.label, key,
                                    encode_value(value, self.context.tokens.token_of),
                                    self.context.where.caller())

        report.__name__ = report.__qualname__ = self.label
        return report


class SourceFake(Fake):
    """An async iterator whose items the parent hands out one at a time, when asked."""

    def build(self) -> Any:
        fake = self

        class Source:
            def __aiter__(self) -> Source:
                return self

            async def __anext__(self) -> Any:
                reply = fake.conductor.pull(fake.label)
                if reply.exhausted:
                    raise StopAsyncIteration
                return reply.item

            def __repr__(self) -> str:
                return f"<source {fake.label}>"

        return Source()


class EventFake(Fake):
    """An ``asyncio.Event`` the grader sets at a chosen instant (action ``set``)."""

    def build(self) -> asyncio.Event:
        self.event = asyncio.Event()
        return self.event

    def fire(self) -> None:
        self.event.set()


class VictimFake(Fake):
    """A task the grader starts at t=0 and hands to the student.  The parent decides
    how long it runs, its cleanup when cancelled, and whether it swallows the
    cancellation."""

    def build(self) -> asyncio.Task[Any]:
        call = self.conductor.called(self.label, self.label, None)
        self.task = self.context.loop.create_task(self.play(call), name=self.label)
        return self.task
