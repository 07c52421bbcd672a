"""The kata catalogue: where the katas are, what each holds, and which one a user meant.

A kata is a folder ``NN-slug/`` holding ``kata.toml`` (metadata), ``spec.md``,
``starter.py``, ``reference.py``, ``checks/`` (the hidden pytest checks) and
``mutants/`` (wrong solutions, each declaring in its docstring the checks it
must fail).  The default set ships inside the installed package; ``--katas DIR``
or ``$KATA_KATAS_DIR`` points at another, such as an instructor's private copy.
"""

from __future__ import annotations

import ast
import difflib
import os
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .errors import KataDefinitionError, UnknownKataError, UsageError
from .models.kata import METADATA_FILE, KataMeta, load_metadata

ENV_KATAS_DIR = "KATA_KATAS_DIR"
_KATA_DIR = re.compile(r"^\d\d-[a-z0-9-]+$")
_FAILS_LINE = re.compile(r"^fails:\s*(?P<ids>.*)$", re.MULTILINE)


@dataclass(frozen=True)
class Mutant:
    """A wrong solution kept beside a kata, and the checks it must fail."""

    path: Path
    summary: str
    fails: frozenset[str]

    @property
    def name(self) -> str:
        return self.path.stem


@dataclass(frozen=True)
class Kata:
    meta: KataMeta
    path: Path

    @property
    def spec(self) -> Path:
        return self.path / "spec.md"

    @property
    def starter(self) -> Path:
        return self.path / "starter.py"

    @property
    def reference(self) -> Path:
        return self.path / "reference.py"

    @property
    def driver(self) -> Path | None:
        """The kata's child-side programs (``driver.py``), if it has any."""
        path = self.path / "driver.py"
        return path if path.is_file() else None

    @property
    def checks_dir(self) -> Path:
        return self.path / "checks"

    @cached_property
    def mutants(self) -> list[Mutant]:
        folder = self.path / "mutants"
        return [read_mutant(p) for p in sorted(folder.glob("*.py"))] if folder.is_dir() else []


def read_mutant(path: Path) -> Mutant:
    """Read a mutant's declaration (its docstring's ``fails:`` line) without importing it."""
    try:
        doc = ast.get_docstring(ast.parse(path.read_bytes())) or ""
    except SyntaxError as exc:
        raise KataDefinitionError(f"{path}: mutant does not parse: {exc.msg}") from exc
    match = _FAILS_LINE.search(doc)
    if match is None:
        raise KataDefinitionError(f"{path}: mutant docstring has no 'fails:' line")
    fails = frozenset(i.strip() for i in match["ids"].split(",") if i.strip())
    return Mutant(path=path, summary=doc.splitlines()[0] if doc else path.stem, fails=fails)


def default_katas_dir() -> Path:
    """$KATA_KATAS_DIR, else the katas shipped in the package, else a source checkout's."""
    configured = os.environ.get(ENV_KATAS_DIR)
    if configured:
        return Path(configured)
    package = Path(__file__).resolve().parent
    shipped = package / "katas"
    return shipped if shipped.is_dir() else package.parent / "katas"


class Catalogue:
    """All katas under one folder, in id order."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = root if root is not None else default_katas_dir()
        if not self.root.is_dir():
            raise UsageError(f"Kata folder {self.root} does not exist (set by --katas or "
                             f"${ENV_KATAS_DIR}).")
        self.katas = [self._load(d) for d in sorted(self.root.iterdir()) if _is_kata_dir(d)]

    @staticmethod
    def _load(folder: Path) -> Kata:
        meta = load_metadata(folder / METADATA_FILE)
        if folder.name != meta.name:
            raise KataDefinitionError(
                f"{folder / METADATA_FILE}: id and slug say {meta.name!r} but the folder is "
                f"{folder.name!r}")
        return Kata(meta=meta, path=folder)

    def resolve(self, ref: str) -> Kata:
        """The kata `ref` names: ``2``, ``02``, ``02-gather-in-order`` or ``gather-in-order``."""
        wanted = ref.strip().lower()
        for kata in self.katas:
            if wanted in _names_of(kata):
                return kata
        raise UnknownKataError(self._unknown_message(ref))

    def _unknown_message(self, ref: str) -> str:
        names = [k.meta.name for k in self.katas]
        candidates = {n: k.meta.name for k in self.katas for n in _names_of(k)}
        close = difflib.get_close_matches(ref.lower(), list(candidates), n=1, cutoff=0.6)
        if close:
            return f"No kata {ref!r}. Did you mean {candidates[close[0]]!r}?"
        listing = ", ".join(names) if names else f"none in {self.root}"
        return f"No kata {ref!r}. Katas: {listing}."


def _is_kata_dir(path: Path) -> bool:
    return path.is_dir() and bool(_KATA_DIR.match(path.name)) and (path / METADATA_FILE).is_file()


def _names_of(kata: Kata) -> set[str]:
    meta = kata.meta
    return {meta.id, str(int(meta.id)), meta.name, meta.slug}
