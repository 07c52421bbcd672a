"""Read a class folder: who the students are and which file is which kata.

A class folder holds one folder per student.  A student's file for kata NN is
``NN-slug.py``; ``NN.py``, ``NN_anything.py`` and ``NN-anything/solution.py``
are accepted too.  Everything else is listed as ignored, never fatal.  Bad
input gets a clear reason and the run goes on: two candidates for one kata
(both reported, neither graded), a symlink that leaves the class folder, a
file over the size cap, a binary file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..catalogue import Kata
from ..errors import UsageError

SIZE_CAP = 256 * 1024
_FILE = re.compile(r"^(?P<id>\d\d)(?:[-_].*)?\.py$")
_FOLDER = re.compile(r"^(?P<id>\d\d)-.+$")


@dataclass(frozen=True)
class Entry:
    """One student's submission for one kata, or why there is none to grade."""

    student: str
    kata: Kata
    path: Path | None = None
    problem: str | None = None  # set: graded as an error with this reason
    candidates: tuple[Path, ...] = ()

    @property
    def missing(self) -> bool:
        return self.path is None and self.problem is None


@dataclass
class Roster:
    """Every (student, kata) pair of a class, and what was ignored."""

    root: Path
    students: list[str]
    entries: list[Entry]
    ignored: list[str] = field(default_factory=list)


def read_class(root: Path, katas: list[Kata]) -> Roster:
    """Find every student's file for every kata in `katas`."""
    if not root.is_dir():
        raise UsageError(f"No class folder {root}.")
    folders = sorted((p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")),
                     key=lambda p: p.name)
    ignored = [f"{p.name}: not a student folder" for p in sorted(root.iterdir())
               if not p.is_dir() and not p.name.startswith(".")]
    if not folders:
        raise UsageError(f"The class folder {root} holds no student folders "
                         "(one folder per student, each with files like 02-gather-in-order.py).")
    entries: list[Entry] = []
    for folder in folders:
        found, skipped = _candidates(folder, root, {k.meta.id for k in katas})
        ignored += [f"{folder.name}/{name}" for name in skipped]
        entries += [_entry(folder.name, kata, found.get(kata.meta.id, []), root)
                    for kata in katas]
    return Roster(root, [f.name for f in folders], entries, ignored)


def read_student(folder: Path, katas: list[Kata]) -> tuple[list[Entry], list[str]]:
    """One student's folder alone (a Gradescope submission, say): entries and ignored names."""
    if not folder.is_dir():
        raise UsageError(f"No submission folder {folder}.")
    found, skipped = _candidates(folder, folder, {k.meta.id for k in katas})
    name = folder.name
    return [_entry(name, k, found.get(k.meta.id, []), folder) for k in katas], skipped


def _candidates(folder: Path, root: Path, ids: set[str]) -> tuple[dict[str, list[Path]],
                                                                  list[str]]:
    found: dict[str, list[Path]] = {}
    skipped: list[str] = []
    for path in sorted(folder.iterdir()):
        kata_id = _kata_id(path)
        if kata_id is None or kata_id not in ids:
            if not path.name.startswith("."):
                skipped.append(path.name + ("/" if path.is_dir() else ""))
            continue
        target = path / "solution.py" if path.is_dir() else path
        found.setdefault(kata_id, []).append(target)
    return found, skipped


def _kata_id(path: Path) -> str | None:
    pattern = _FOLDER if path.is_dir() else _FILE
    match = pattern.match(path.name)
    if match is None or (path.is_dir() and not (path / "solution.py").exists()):
        return None
    return match["id"]


def _entry(student: str, kata: Kata, candidates: list[Path], root: Path) -> Entry:
    if not candidates:
        return Entry(student, kata)
    if len(candidates) > 1:
        names = " and ".join(str(c.relative_to(root)) for c in candidates)
        return Entry(student, kata, problem=f"two candidate files for kata {kata.meta.id}: "
                     f"{names}; none was graded (keep just one)", candidates=tuple(candidates))
    path = candidates[0]
    problem = _unfit(path, root)
    return Entry(student, kata, path=None if problem else path, problem=problem,
                 candidates=(path,))


def _unfit(path: Path, root: Path) -> str | None:
    """Why a file cannot be graded, or None if it can."""
    shown = path.relative_to(root)
    resolved = path.resolve()
    if root.resolve() not in resolved.parents:
        return f"{shown} is a link to {resolved}, outside the class folder: refused"
    if not path.is_file():
        return f"{shown} is not a regular file"
    size = path.stat().st_size
    if size > SIZE_CAP:
        return f"{shown} is {size // 1024} KiB, over the {SIZE_CAP // 1024} KiB cap"
    data = path.read_bytes()
    if b"\0" in data:
        return f"{shown} is a binary file, not Python source"
    return None

