"""A kata's metadata (``kata.toml``), validated with errors that name file and field."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ..errors import KataDefinitionError

Category = Literal["result", "errors", "concurrency", "cancellation", "ordering", "hygiene"]
CATEGORIES: tuple[Category, ...] = (
    "result", "errors", "concurrency", "cancellation", "ordering", "hygiene",
)
METADATA_FILE = "kata.toml"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CheckSpec(_Model):
    """One hidden check: its id (the test's `@check` argument), title, category, points,
    and up to three staged hints, from a nudge to a near-solution idea."""

    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    title: str = Field(min_length=3)
    category: Category
    points: int = Field(ge=1, le=100)
    hints: list[str] = Field(default_factory=list, max_length=3)


class Limits(_Model):
    """Every limit a check runs under, with its default: this is the one place.

    Time: per scenario (wall and virtual), for importing the file, and for the
    whole check (wall).  Resources, set in the child before the submission is
    imported: address space, CPU seconds (the hard limit is 2 s above), size of
    any file written, open files, and processes (threads count; enforced only
    when the child has a uid of its own).  A kata may override any of them in
    its ``[limits]`` table, and a run on the command line.
    """

    scenario_wall_s: float = Field(default=3.0, gt=0, le=60)
    virtual_s: float = Field(default=60.0, gt=0)
    total_wall_s: float = Field(default=20.0, gt=0, le=600)
    import_wall_s: float = Field(default=5.0, gt=0, le=60)
    memory_mb: int = Field(default=1024, ge=64, le=65536)
    cpu_s: int = Field(default=20, ge=1, le=3600)
    file_size_mb: int = Field(default=16, ge=1, le=65536)
    open_files: int = Field(default=256, ge=32, le=65536)
    processes: int = Field(default=64, ge=4, le=65536)


class KataMeta(_Model):
    """The contents of a kata's ``kata.toml``."""

    id: str = Field(pattern=r"^\d\d$")
    slug: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    title: str
    concept: str
    refresher: str = Field(default="", description="A short reminder of the lesson topic")
    version: int = Field(default=1, ge=1)
    functions: list[str] = Field(min_length=1)
    limits: Limits = Limits()
    checks: list[CheckSpec] = Field(min_length=1)

    @field_validator("functions")
    @classmethod
    def _identifiers(cls, names: list[str]) -> list[str]:
        bad = [n for n in names if not n.isidentifier()]
        if bad:
            raise ValueError(f"not Python identifiers: {', '.join(bad)}")
        return names

    @model_validator(mode="after")
    def _unique_check_ids(self) -> KataMeta:
        ids = [c.id for c in self.checks]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"duplicate check ids: {', '.join(duplicates)}")
        return self

    @property
    def name(self) -> str:
        return f"{self.id}-{self.slug}"

    @property
    def max_score(self) -> int:
        return sum(c.points for c in self.checks)

    def check(self, check_id: str) -> CheckSpec:
        return next(c for c in self.checks if c.id == check_id)


def load_metadata(path: Path) -> KataMeta:
    """Read and validate a ``kata.toml``; errors name the file and the field."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise KataDefinitionError(f"{path}: {exc}") from exc
    try:
        return KataMeta.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or '(top level)'}: {err['msg']}"
            for err in exc.errors()
        )
        raise KataDefinitionError(f"{path}: {problems}") from exc
