"""The bundled example class grades as the README describes it."""

from __future__ import annotations

import pytest

from grader.services.roster import Entry, read_class

from .helpers import REPO, catalogue, grade

EXAMPLES = REPO / "submissions_example"
EXPECTED_STATUS = {
    ("ada", "01"): "passed", ("ada", "02"): "passed", ("ada", "03"): "passed",
    ("grace", "01"): "failed", ("grace", "02"): "failed", ("grace", "03"): "failed",
    ("linus", "01"): "error", ("linus", "02"): "failed",
    ("barbara liskov", "04"): "passed", ("barbara liskov", "06"): "failed",
    ("margaret", "02"): "passed", ("margaret", "05"): "failed",
}


def _entries() -> list[Entry]:
    roster = read_class(EXAMPLES, catalogue().katas)
    return [e for e in roster.entries if not e.missing]


def test_every_example_file_is_expected_and_linus_misses_kata_03() -> None:
    found = {(e.student, e.kata.meta.id) for e in _entries()}
    assert found == set(EXPECTED_STATUS)
    roster = read_class(EXAMPLES, catalogue().katas)
    assert roster.ignored == ["barbara liskov/notes.txt"]


@pytest.mark.parametrize("entry", _entries(), ids=lambda e: f"{e.student}/{e.kata.meta.id}")
def test_example_submission_gets_its_status(entry: Entry) -> None:
    assert entry.path is not None
    card = grade(entry.kata, entry.path)
    assert card.status == EXPECTED_STATUS[(entry.student, entry.kata.meta.id)]
    if card.status == "failed":
        assert 0 < card.score < card.max_score
