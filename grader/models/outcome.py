"""The outcome of one check, as recorded while the hidden checks run."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

OutcomeStatus = Literal["passed", "failed", "error", "timeout"]


@dataclass(frozen=True)
class CheckOutcome:
    """A check's verdict with the words for the student.

    `fault` is set only when the check itself broke (a bug in the kata, not
    the submission): the grader then reports a fault of its own.
    """

    status: OutcomeStatus
    expected: str | None = None
    observed: str | None = None
    hint: str | None = None
    not_implemented: bool = False
    fault: str | None = None
    seconds: float = 0.0  # wall time the check took, scenarios included

    @classmethod
    def of_problem(cls, problem: object) -> CheckOutcome:
        """The outcome for a `grader.runner.session.ChildProblem`."""
        return cls(getattr(problem, "status", "error"), getattr(problem, "expected", None),
                   str(problem), getattr(problem, "hint", None))
