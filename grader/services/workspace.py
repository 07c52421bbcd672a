"""The student's working folder: their solution files and their latest scorecards.

``kata start 02`` copies the starter to ``solutions/02-gather-in-order.py``;
``kata check 02`` grades that file and keeps the scorecard in
``.kata/scorecards/`` so ``kata list`` can show progress.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from pydantic import ValidationError

from ..catalogue import Kata
from ..models.scorecard import Scorecard
from .store import write_atomically

SOLUTIONS = "solutions"
SCORECARDS = Path(".kata") / "scorecards"


class Workspace:
    """A folder (normally the current one) where a student works through katas."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def solution(self, kata: Kata) -> Path:
        return self.root / SOLUTIONS / f"{kata.meta.name}.py"

    def start(self, kata: Kata) -> bool:
        """Copy the starter into place; False if a solution is already there (kept as is)."""
        target = self.solution(kata)
        if target.exists():
            return False
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(kata.starter, target)
        return True

    def scorecard_path(self, kata: Kata) -> Path:
        return self.root / SCORECARDS / f"{kata.meta.name}.json"

    def save(self, kata: Kata, scorecard: Scorecard) -> Path:
        path = self.scorecard_path(kata)
        write_atomically(path, scorecard.model_dump_json(indent=2))
        return path

    def last_result(self, kata: Kata) -> Scorecard | None:
        """The latest saved scorecard, or None if there is none (or it is unreadable)."""
        path = self.scorecard_path(kata)
        try:
            return Scorecard.model_validate_json(path.read_bytes())
        except (OSError, ValidationError):
            return None

    def is_own_solution(self, kata: Kata, path: Path) -> bool:
        try:
            return path.resolve() == self.solution(kata).resolve()
        except OSError:
            return False
