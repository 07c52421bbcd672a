"""Stage a scenario: build its stubs, the call to make, and the grader's actions.

A scenario either calls one of the student's functions (`wire.Call`) with
arguments that are plain values or stubs, or runs a *program*
(`wire.Program`) from the kata's own ``driver.py``: a short async function that
drives a student's class step by step (kata 11's ``Background``).  Programs run
here, in the child, beside the student's code: their notes are claims, and the
instants they mark are stamped by the parent's clock, not theirs.
"""

from __future__ import annotations

import asyncio
import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

from .. import wire
from .encode import encode_value
from .fakes import FakeContext, build_fake
from .fakes.objects import EventFake, VictimFake

DRIVER_MODULE = "kata_driver"


def load_driver(path: str | None) -> ModuleType | None:
    """The kata's driver module (programs), imported before the submission."""
    if not path or not Path(path).is_file():
        return None
    spec = importlib.util.spec_from_file_location(DRIVER_MODULE, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class ProgramContext:
    """What a kata driver's program gets: the student's module, the stubs, a notebook."""

    def __init__(self, module: ModuleType, objects: dict[str, Any], fake: FakeContext) -> None:
        self.module = module
        self.objects = objects
        self.loop = fake.loop
        self._tokens = fake.tokens
        self._conductor = fake.conductor
        self.notes: dict[str, Any] = {}
        self.values: dict[str, wire.Encoded] = {}

    def note(self, key: str, value: Any) -> None:
        """Keep a plain JSON value for the parent to judge: a claim."""
        self.notes[key] = value

    def note_value(self, key: str, value: object) -> None:
        """Keep any value, encoded as a returned value is: a claim, screened like one."""
        self.values[key] = encode_value(value, self._tokens.token_of)

    def mark(self, key: str) -> None:
        """Mark this instant under `key`: the parent stamps it with its own clock."""
        self._conductor.mark(key)


class Staging:
    """The stubs of one scenario and the zero-argument call that starts it."""

    def __init__(self, run: wire.Run, module: ModuleType, driver: ModuleType | None,
                 context: FakeContext) -> None:
        self.run = run
        self.module = module
        self.driver = driver
        self.context = context
        self.fakes = {label: build_fake(label, stub, context) for label, stub in run.fakes.items()}
        self.objects = {label: fake.build() for label, fake in self.fakes.items()}
        self.program: ProgramContext | None = None

    def call(self) -> Any:
        """Call the entry: the student's function, or a driver program."""
        entry = self.run.entry
        if isinstance(entry, wire.Program):
            if self.driver is None:
                raise RuntimeError("this kata has no driver.py for programs")
            self.program = ProgramContext(self.module, self.objects, self.context)
            return getattr(self.driver, entry.name)(self.program, **entry.params)
        function = getattr(self.module, entry.function)
        return function(*[self.objects[a.fake] if isinstance(a, wire.FakeArg) else a.value
                          for a in entry.args])

    def notes(self) -> tuple[dict[str, Any] | None, dict[str, wire.Encoded] | None]:
        """A program's notes and noted values (None for a plain call)."""
        if self.program is None:
            return None, None
        return dict(self.program.notes), dict(self.program.values)

    def grader_tasks(self) -> list[asyncio.Task[Any]]:
        """Tasks the stubs started themselves (victims): the grader cleans them up too."""
        return [fake.task for fake in self.fakes.values() if isinstance(fake, VictimFake)]

    def fire(self, label: str | None) -> None:
        """The grader sets an event."""
        fake = self.fakes.get(label or "")
        if isinstance(fake, EventFake):
            fake.fire()

