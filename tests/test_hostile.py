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

from .helpers import KATAS_DIR

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
    _assert_matches(card, expected)


def _assert_matches(card: dict, expected: dict) -> None:
    statuses = {c["id"]: c["status"] for c in card["checks"]}
    assert card["status"] == expected["status"]
    if "score" in expected:
        assert card["score"] == expected["score"]
    if "all_checks" in expected:
        assert set(statuses.values()) == {expected["all_checks"]}
    for check_id, status in expected.get("checks", {}).items():
        assert statuses[check_id] == status, check_id
    if "failed_checks" in expected:
        assert {i for i, s in statuses.items() if s != "passed"} == set(expected["failed_checks"])
    for words in expected.get("message_contains", []):
        assert words in (card["message"] or ""), card["message"]
    failing = [c for c in card["checks"] if c["status"] != "passed"]
    if "observed_contains" in expected:
        assert any(expected["observed_contains"] in (c["observed"] or "") for c in failing)
    if "hint_contains" in expected:
        assert any(expected["hint_contains"] in (c["hint"] or "") for c in failing)
    for finding in expected.get("findings", []):
        assert any(f["kind"] == finding["kind"] and f["line"] == finding["line"]
                   and f["file"].endswith("submission.py") for f in card["findings"]), card
    if "stdout_truncated" in expected:
        assert card["output"]["stdout"]["truncated"] is expected["stdout_truncated"]
        assert card["output"]["stdout"]["bytes_total"] == expected["stdout_bytes"]
        assert len(card["output"]["stdout"]["text"]) <= 64 * 1024
