"""Helpers shared by the tests: the repository's katas and a quick way to grade a file."""

from __future__ import annotations

import os
import random
from pathlib import Path

import jsonschema

from grader.catalogue import Catalogue, Kata
from grader.models.scorecard import Scorecard
from grader.runner.isolation import UID_RANGE
from grader.services.checking import check_submission

REPO = Path(__file__).resolve().parent.parent
SCORECARD_SCHEMA = Scorecard.model_json_schema()
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


def assert_matches(card: dict, expected: dict) -> None:
    """A scorecard agrees with a golden fragment (see tests/golden/*/*/expected.json),
    and with the published schema."""
    jsonschema.validate(card, SCORECARD_SCHEMA)
    statuses = {c["id"]: c["status"] for c in card["checks"]}
    if "status" in expected:
        assert card["status"] == expected["status"]
    if "status_in" in expected:
        assert card["status"] in expected["status_in"], card["status"]
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


def leftovers(since: float) -> list[str]:
    """Processes a submission of this test started and left alive: children of this
    process, or orphans born since `since`, that run as a sandbox uid or the child's
    bootstrap.  (Other test runs on the machine own their children; they are not ours.)"""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            uid = entry.stat().st_uid
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            stat = (entry / "stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue
        if not (UID_RANGE[0] <= uid <= UID_RANGE[1] or "grader.child.boot" in cmdline):
            continue
        parent, born = int(stat[1]), int(stat[19]) / os.sysconf("SC_CLK_TCK")
        if _descends_from(int(entry.name), os.getpid()) or (parent == 1 and born >= since):
            found.append(f"{entry.name}: uid {uid}: {cmdline[:80]}")
    return found


def _descends_from(pid: int, ancestor: int) -> bool:
    while pid > 1:
        try:
            pid = int(Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[1])
        except OSError:
            return False
        if pid == ancestor:
            return True
    return False


def uptime() -> float:
    return float(Path("/proc/uptime").read_text().split()[0])
