"""Helpers shared by the tests: the repository's katas and a quick way to grade a file."""

from __future__ import annotations

import random
from pathlib import Path

from grader.catalogue import Catalogue, Kata
from grader.models.scorecard import Scorecard
from grader.services.checking import check_submission

REPO = Path(__file__).resolve().parent.parent
KATAS_DIR = REPO / "katas"
# Fixed seeds, plus one fresh each session (shown in the test ids): no verdict may
# depend on the seed, and a failure names the seed that replays it.
SEEDS = (1, 2, random.SystemRandom().randrange(2**31))


def catalogue() -> Catalogue:
    return Catalogue(KATAS_DIR)


def grade(kata: Kata, path: Path, seed: int = 1) -> Scorecard:
    """Grade a file; a fault of the grader fails the test that asked."""
    report = check_submission(kata, path, seed=seed)
    assert not report.faults, report.faults
    return report.scorecard


def failed_checks(card: Scorecard) -> set[str]:
    return {c.id for c in card.checks if c.status != "passed"}
