"""The bundled example class grades as the README describes it."""

from __future__ import annotations

from pathlib import Path

import pytest

from .helpers import REPO, catalogue, grade

EXAMPLES = REPO / "submissions_example"
EXPECTED_STATUS = {
    ("ada", "01"): "passed", ("ada", "02"): "passed", ("ada", "03"): "passed",
    ("grace", "01"): "failed", ("grace", "02"): "failed", ("grace", "03"): "failed",
    ("linus", "01"): "error", ("linus", "02"): "failed",
}


def _files() -> list[Path]:
    return sorted(EXAMPLES.glob("*/*.py"))


def test_every_example_file_is_expected() -> None:
    found = {(p.parent.name, p.name[:2]) for p in _files()}
    assert found == set(EXPECTED_STATUS)


@pytest.mark.parametrize("path", _files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_example_submission_gets_its_status(path: Path) -> None:
    kata = catalogue().resolve(path.name[:2])
    assert path.stem == kata.meta.name
    card = grade(kata, path)
    assert card.status == EXPECTED_STATUS[(path.parent.name, path.name[:2])]
    if card.status == "failed":
        assert 0 < card.score < card.max_score
