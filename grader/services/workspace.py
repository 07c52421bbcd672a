"""The student's working folder: their solution files and their latest scorecards.

``kata start 02`` copies the starter to ``solutions/02-gather-in-order.py``;
``kata check 02`` grades that file and keeps the scorecard in
``.kata/scorecards/`` so ``kata list`` can show progress.
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

from pydantic import ValidationError

from ..catalogue import Kata
from ..models.scorecard import Scorecard
from .store import write_atomically

SOLUTIONS = "solutions"
SCORECARDS = Path(".kata") / "scorecards"
HINTS = Path(".kata") / "hints.json"
BACKUPS = Path(SOLUTIONS) / ".backup"


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

    # -- staged hints -------------------------------------------------------------
    def hints_seen(self, kata: Kata) -> dict[str, int]:
        """How many hint levels the student has revealed, by check."""
        return dict(self._hints().get(kata.meta.name, {}))

    def reveal_hint(self, kata: Kata, check_id: str) -> int:
        """Reveal the next level for a check; return the level now shown (0: none exist)."""
        spec = kata.meta.check(check_id)
        state = self._hints()
        seen = state.setdefault(kata.meta.name, {})
        seen[check_id] = min(seen.get(check_id, 0) + 1, len(spec.hints))
        write_atomically(self.root / HINTS, json.dumps(state, indent=2) + "\n")
        return seen[check_id]

    def _hints(self) -> dict[str, dict[str, int]]:
        try:
            state = json.loads((self.root / HINTS).read_text())
        except (OSError, ValueError):
            return {}
        return state if isinstance(state, dict) else {}

    # -- starting over -------------------------------------------------------------
    def reset(self, kata: Kata) -> Path | None:
        """Put the starter back, keeping the student's file in solutions/.backup/."""
        target = self.solution(kata)
        backup = None
        if target.exists():
            backup = self.root / BACKUPS / f"{kata.meta.name}-{time.strftime('%Y%m%d-%H%M%S')}.py"
            backup.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(target, backup)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(kata.starter, target)
        return backup

    def next_unfinished(self, katas: list[Kata]) -> Kata | None:
        """The first kata, in order, whose latest result is not a pass."""
        for kata in katas:
            card = self.last_result(kata)
            if card is None or card.status != "passed":
                return kata
        return None
