"""Stage a scenario: build its fakes, the call to make, and the grader's timed actions.

A scenario either calls one of the student's functions (``"call"``) with
arguments that are plain values or fakes, or runs a *program* (``"program"``)
from the kata's own ``driver.py``: a short async function that drives a
student's class step by step (kata 11's ``Background``) and leaves notes.
Programs run here, in the child, so they only observe: the verdict on their
notes is the parent's.
"""

from __future__ import annotations

import asyncio
import importlib.util
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

from .fakes import FAKE_KINDS, FakeContext
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
    """What a kata driver's program gets: the student's module, the fakes, a notebook."""

    def __init__(self, module: ModuleType, objects: dict[str, Any], fake: FakeContext) -> None:
        self.module = module
        self.objects = objects
        self.loop = fake.loop
        self.encode = fake.encode
        self.record = fake.trace.record
        self.now = fake.trace.clock  # the harness's clock, whatever the student patched
        self.notes: dict[str, Any] = {}

    def note(self, key: str, value: Any) -> None:
        """Keep a plain JSON value for the parent to judge."""
        self.notes[key] = value


class Staging:
    """The fakes of one scenario and the zero-argument call that starts it."""

    def __init__(self, spec: dict[str, Any], module: ModuleType, driver: ModuleType | None,
                 context: FakeContext) -> None:
        self.spec = spec
        self.module = module
        self.driver = driver
        self.context = context
        self.fakes = {label: FAKE_KINDS[f["kind"]](label, f, context)
                      for label, f in spec.get("fakes", {}).items()}
        self.objects = {label: fake.build() for label, fake in self.fakes.items()}
        self.program: ProgramContext | None = None

    def entry(self) -> Callable[[], Any]:
        """What the entry task calls: the student's function, or a driver program."""
        if "program" in self.spec:
            return self._program()
        call = self.spec["call"]
        function = getattr(self.module, call["function"])
        args = [self._argument(a) for a in call["args"]]
        return lambda: function(*args)

    def _argument(self, argument: dict[str, Any]) -> Any:
        return self.objects[argument["fake"]] if "fake" in argument else argument["value"]

    def _program(self) -> Callable[[], Any]:
        program = self.spec["program"]
        if self.driver is None:
            raise RuntimeError("this kata has no driver.py for programs")
        function = getattr(self.driver, program["name"])
        self.program = ProgramContext(self.module, self.objects, self.context)
        context = self.program
        return lambda: function(context, **program.get("params", {}))

    def grader_tasks(self) -> list[asyncio.Task[Any]]:
        """Tasks the fakes started themselves (victims): the grader cleans them up too."""
        return [fake.task for fake in self.fakes.values() if isinstance(fake, VictimFake)]

    def schedule(self, loop: asyncio.AbstractEventLoop, cancel_entry: Callable[[], None]) -> None:
        """Put the grader's timed actions on the virtual clock."""
        for action in self.spec.get("actions", []):
            if action["do"] == "cancel":
                loop.call_at(action["at"], cancel_entry)
            elif action["do"] == "set":
                fake = self.fakes[action["fake"]]
                assert isinstance(fake, EventFake)
                loop.call_at(action["at"], fake.fire)
