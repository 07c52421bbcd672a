"""The scorecard: the one result model every output format is derived from.

`kata schema` prints its JSON Schema; bump `SCHEMA_VERSION` on any change a
consumer could notice.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .kata import Category, Limits

SCHEMA_VERSION = 1

Status = Literal["passed", "failed", "error", "timeout", "missing"]
CheckStatus = Literal["passed", "failed", "error", "timeout"]
FindingKind = Literal[
    "blocking-call", "cpu-burst", "never-awaited", "unretrieved", "task-destroyed",
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class KataRef(_Model):
    id: str
    slug: str
    title: str
    version: int


class SubmissionRef(_Model):
    path: str
    sha256: str = Field(description="SHA-256 of the submitted file's bytes, hex")


class GraderInfo(_Model):
    version: str
    python: str = Field(description="Python version the submission ran under")


class CheckResult(_Model):
    id: str
    title: str
    category: Category
    status: CheckStatus
    points: int
    max_points: int
    expected: str | None = Field(default=None, description="What the contract asks for")
    observed: str | None = Field(
        default=None, description="What the submission did (virtual seconds where time matters)")
    message: str | None = Field(
        default=None, description="For a check that did not pass: expected vs observed, one line")
    hint: str | None = Field(default=None, description="A nudge towards the likely mistake")
    hint_levels: int = Field(default=0, description="Staged hints available (`kata hint`)")
    duration_s: float = Field(default=0.0, description="Wall time the check took")


class Finding(_Model):
    """A hygiene diagnostic seen while the checks ran (where in the student's file)."""

    kind: FindingKind
    message: str
    file: str | None
    line: int | None
    checks: list[str] = Field(description="Ids of the checks whose scenarios showed it")


class AdviceNote(_Model):
    """Advice from reading the file (ruff's async rules and ours): never graded."""

    code: str
    line: int
    message: str


class CapturedStream(_Model):
    text: str
    bytes_total: int
    truncated: bool


class CapturedOutput(_Model):
    """What the submission printed, capped; never parsed."""

    stdout: CapturedStream
    stderr: CapturedStream


LayerName = Literal[
    "resource-limits", "pid-net-namespace", "landlock", "unprivileged-uid", "process-cap",
]


class IsolationLayer(_Model):
    """One layer of the child's sandbox, and whether it was in force for this check."""

    name: LayerName
    active: bool
    note: str


class Scorecard(_Model):
    schema_version: Literal[1] = 1
    kata: KataRef
    student: str | None = Field(default=None, description="Set when graded as part of a class")
    submission: SubmissionRef | None = Field(
        description="None when the student has no file for this kata (status missing)")
    grader: GraderInfo
    seed: int = Field(description="Reproduce this run with `kata check --seed`")
    started_at: datetime
    duration_s: float
    status: Status
    message: str | None = Field(
        default=None, description="Why the submission as a whole could not be graded")
    score: int
    max_score: int
    checks: list[CheckResult]
    findings: list[Finding]
    advice: list[AdviceNote] = Field(default_factory=list,
                                     description="Static advice on the file; costs no points")
    hints_shown: dict[str, int] = Field(
        default_factory=dict, description="Staged hints the student had revealed, by check")
    output: CapturedOutput
    limits: Limits = Field(description="The limits in force: time, memory, CPU, files, processes")
    isolation: list[IsolationLayer] = Field(
        description="The sandbox layers, in force or skipped (with why)")
