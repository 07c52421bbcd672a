"""Hostile submissions: each gets a clear verdict, and the grader survives them all.

Each case is a folder under ``golden/hostile/`` with the submission and an
``expected.json`` fragment of its scorecard (status, score, per-check
statuses, words the student must see) and the exit code of ``kata check``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader.cli import main

from .helpers import KATAS_DIR, assert_matches

CASES = sorted((Path(__file__).parent / "golden" / "hostile").iterdir())


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_submission_gets_its_expected_verdict(case: Path, tmp_path: Path) -> None:
    expected = json.loads((case / "expected.json").read_text())
    card_path = tmp_path / "scorecard.json"
    result = CliRunner().invoke(main, [
        "--katas", str(KATAS_DIR), "check", expected.get("kata", "02"),
        str(case / "submission.py"), "--seed", "7", "--json", str(card_path),
        *expected.get("options", []),
    ])
    assert result.exit_code == expected["exit_code"], result.output
    card = json.loads(card_path.read_text())
    assert_matches(card, expected)
