"""The ``kata`` fixture: what a hidden check uses to run scenarios in the child.

A check builds fakes with ``kata.fetch(...)`` (random but reproducible names,
delays and failures), runs ``kata.call("fetch_all", fetch, names)`` and judges
the returned `Run` with the helpers in `grader.testing.expect`.  The harness
never judges by itself except for situations that make every verdict moot: the
function does not exist, or it is still the starter's ``NotImplementedError``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..models.kata import KataMeta, Limits
from ..models.observation import Finding, LoadReport
from ..runner.session import ChildSession
from .consistency import check_consistency
from .expect import CheckFailed
from .run import Run
from .scenario import Dice, Fetch

FAKE_TYPES = (Fetch,)


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

    def call(self, function: str, *args: Any, cancel_at: float | None = None) -> Run:
        """Call the student's `function` with `args` (fakes or plain values) and observe."""
        self._require(function)
        self._runs += 1
        scenario = {
            "id": f"{self.check_id}#{self._runs}",
            "call": {"function": function, "args": [_argument(a) for a in args]},
            "fakes": {a.label: a.spec() for a in args if isinstance(a, FAKE_TYPES)},
            "limit": self.context.limits.virtual_s,
            "actions": [] if cancel_at is None else [{"do": "cancel", "at": cancel_at}],
        }
        observation = self.context.session.observe(scenario, self.context.limits.scenario_wall_s)
        run = Run(function, observation)
        check_consistency(run, [a for a in args if isinstance(a, FAKE_TYPES)])
        self.context.findings.extend((self.check_id, f) for f in observation.findings)
        _refuse_starter(run)
        return run

    def _require(self, function: str) -> None:
        kind = self.context.load.functions.get(function, "missing")
        if kind in ("missing", "not-callable", "class"):
            what = "nothing" if kind == "missing" else f"a {kind.replace('-', ' ')} object"
            raise CheckFailed(
                f"your file to define `async def {function}(...)`",
                f"the name {function} is {what} in your file",
                "Keep the function name and signature exactly as in the starter file.",
            )


def _argument(value: Any) -> dict[str, Any]:
    if isinstance(value, FAKE_TYPES):
        return {"fake": value.label}
    return {"value": value}


def _refuse_starter(run: Run) -> None:
    exc = run.exception
    if exc is not None and exc.class_name == "NotImplementedError" and exc.module == "builtins":
        raise NotImplementedYet(
            f"{run.function} to be implemented",
            f"{run.function} still raises NotImplementedError (the starter's placeholder)",
            "Replace the `raise NotImplementedError` line with your solution.",
        )
