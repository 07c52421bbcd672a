"""The ``kata`` fixture: what a hidden check uses to run scenarios in the child.

A check builds fakes with ``kata.fetch(...)`` (random but reproducible names,
delays and failures), runs ``kata.call("fetch_all", fetch, names)`` and judges
the returned `Run` with the helpers in `grader.testing.expect`.  The harness
never judges by itself except for situations that make every verdict moot: the
function does not exist, or it is still the starter's ``NotImplementedError``.
"""

from __future__ import annotations

import errno
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .. import wire
from ..models.kata import KataMeta, Limits
from ..models.observation import Finding, LoadReport
from ..runner.session import ChildSession, LimitExceeded
from .expect import CheckFailed
from .fakes import Event
from .referee import Referee
from .run import Run
from .scenario import Dice, FakeSpec, Fetch


class NotImplementedYet(CheckFailed):
    """The function still raises the starter's NotImplementedError."""


@dataclass
class CheckContext:
    """What every check of one run shares: the kata, the child session, the seed."""

    meta: KataMeta
    limits: Limits
    session: ChildSession
    seed: int
    load: LoadReport
    findings: list[tuple[str, Finding]] = field(default_factory=list)


class Harness:
    """Builds and runs the scenarios of one check."""

    def __init__(self, context: CheckContext, check_id: str) -> None:
        self.context = context
        self.check_id = check_id
        self.dice = Dice(context.seed, f"{context.meta.id}:{check_id}")
        self._runs = 0

    def fetch(self, count: int, *, failing: int = 0) -> Fetch:
        """A fetch fake over `count` fresh names; `failing` of them raise."""
        return self.dice.fetch(count, failing=failing)

    def call(self, function: str, *args: Any, cancel_at: float | None = None,
             start_at: float = 0.0, sets: Iterable[tuple[Event, float]] = ()) -> Run:
        """Call the student's `function` with `args` (fakes or plain values) and observe.

        All instants are absolute virtual times, the scenario starting at 0:
        `start_at` delays the call; `cancel_at` has the grader cancel it at that
        instant; `sets` lists events the grader sets, each at its instant.
        """
        self._require(function)
        sets = list(sets)
        fakes = [a for a in args if isinstance(a, FakeSpec)] + [event for event, _ in sets]
        actions = [(at, wire.Action("set", event.label)) for event, at in sets]
        if cancel_at is not None:
            actions.append((cancel_at, wire.Action("cancel")))
        entry = wire.Call(function, [_argument(a) for a in args])
        return self._observe(function, entry, fakes, start_at, actions)

    def program(self, name: str, *fakes: FakeSpec, **params: Any) -> Run:
        """Run the program `name` of the kata's driver.py with these fakes and parameters.

        The Run speaks of the kata's functions (``Background``), not the program.
        """
        for function in self.context.meta.functions:
            self._require(function, allow_class=True)
        entry = wire.Program(name, params)
        return self._observe(" and ".join(self.context.meta.functions), entry, list(fakes))

    def _observe(self, function: str, entry: wire.Call | wire.Program, fakes: list[FakeSpec],
                 start_at: float = 0.0, actions: list[tuple[float, wire.Action]] | None = None,
                 ) -> Run:
        """Play one scenario: the referee keeps the clock and the record, the child runs."""
        self._runs += 1
        referee = Referee(f"{self.check_id}#{self._runs}", fakes, start_at=start_at,
                          actions=actions or [], limit_s=self.context.limits.virtual_s)
        self.context.session.play(referee.run_message(entry), referee,
                                  self.context.limits.scenario_wall_s)
        observation = referee.observation
        assert observation is not None  # play() returns only once the referee has finished
        run = Run(function, observation)
        self.context.findings.extend((self.check_id, f) for f in observation.findings)
        _refuse_starter(run)
        _refuse_limit_hits(run, self.context.limits)
        return run

    def _require(self, function: str, *, allow_class: bool = False) -> None:
        kind = self.context.load.functions.get(function, "missing")
        if kind in ("missing", "not-callable") or (kind == "class" and not allow_class):
            observed = (f"your file defines no `{function}`" if kind == "missing" else
                        f"in your file, {function} is "
                        f"{'a class' if kind == 'class' else 'a value, not a function'}")
            definition = f"class {function}" if allow_class else f"async def {function}(...)"
            raise CheckFailed(
                f"your file to define `{definition}`",
                observed,
                "Keep the function name and signature exactly as in the starter file.",
            )


def _argument(value: Any) -> wire.FakeArg | wire.ValueArg:
    if isinstance(value, FakeSpec):
        return wire.FakeArg(value.label)
    return wire.ValueArg(value)


def _refuse_limit_hits(run: Run, limits: Limits) -> None:
    """A MemoryError or an over-large file is a limit hit, not a wrong answer."""
    exc = run.exception
    if exc is None or exc.module != "builtins":
        return
    if exc.class_name == "MemoryError":
        raise LimitExceeded(f"{run.function} ran out of memory (MemoryError): the memory "
                            f"limit is {limits.memory_mb} MiB")
    if exc.class_name == "OSError" and exc.message.startswith(f"[Errno {errno.EFBIG}]"):
        raise LimitExceeded(f"{run.function} wrote a file past the file size limit of "
                            f"{limits.file_size_mb} MiB")


def _refuse_starter(run: Run) -> None:
    exc = run.exception
    if exc is not None and exc.class_name == "NotImplementedError" and exc.module == "builtins":
        raise NotImplementedYet(
            f"{run.function} to be implemented",
            f"{run.function} still raises NotImplementedError (the starter's placeholder)",
            "Replace the `raise NotImplementedError` line with your solution.",
        )
