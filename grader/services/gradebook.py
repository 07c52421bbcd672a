"""The class view: a gradebook for the LMS and a summary of what the class got wrong.

Both are built from the scorecards in an output folder alone, so a resumed run,
a run split in shards and merged, and an uninterrupted run give the same files.

``gradebook.csv``: one row per student, in name order; a column per kata, named
``NN-slug``, holding the score (0 for a kata with no file); then ``total``.  The
first column is ``student``, the folder name.  UTF-8, comma-separated, quoted where
needed; the maximum of each kata is in ``summary.json``.

``summary.json``: per kata, its maximum, how many students were graded, missing or
in error, the mean and median score, the distribution of scores, and for each check
its title, category and pass rate among the students who had a file.
"""

from __future__ import annotations

import csv
import io
import json
import statistics
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from .. import __version__
from ..models.scorecard import Scorecard
from .store import write_atomically

GRADEBOOK = "gradebook.csv"
SUMMARY = "summary.json"


@dataclass
class KataColumn:
    name: str
    title: str
    max_score: int
    cards: dict[str, Scorecard] = field(default_factory=dict)


def read_scorecards(out: Path) -> dict[str, KataColumn]:
    """Every scorecard under `out` (``<student>/<NN>.json``), by kata."""
    columns: dict[str, KataColumn] = {}
    for path in sorted(out.glob("*/*.json")):
        try:
            card = Scorecard.model_validate_json(path.read_bytes())
        except (OSError, ValidationError):
            continue
        name = f"{card.kata.id}-{card.kata.slug}"
        column = columns.setdefault(name, KataColumn(name, card.kata.title, card.max_score))
        column.cards[card.student or path.parent.name] = card
    return dict(sorted(columns.items()))


def write_class_files(out: Path) -> dict[str, KataColumn]:
    """Write gradebook.csv and summary.json from the scorecards in `out`."""
    columns = read_scorecards(out)
    students = sorted({s for column in columns.values() for s in column.cards})
    write_atomically(out / GRADEBOOK, gradebook_csv(columns, students))
    write_atomically(out / SUMMARY, json.dumps(summary(columns, students), indent=2) + "\n")
    return columns


def gradebook_csv(columns: dict[str, KataColumn], students: list[str]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["student", *columns, "total"])
    for student in students:
        scores = [c.cards[student].score if student in c.cards else 0 for c in columns.values()]
        writer.writerow([student, *scores, sum(scores)])
    return buffer.getvalue()


def summary(columns: dict[str, KataColumn], students: list[str]) -> dict[str, object]:
    return {
        "grader": __version__,
        "students": len(students),
        "katas": {name: _kata_summary(column) for name, column in columns.items()},
    }


def _kata_summary(column: KataColumn) -> dict[str, object]:
    cards = list(column.cards.values())
    statuses = Counter(card.status for card in cards)
    scores = [card.score for card in cards]
    with_file = [card for card in cards if card.checks]
    return {
        "title": column.title,
        "max_score": column.max_score,
        "students": len(cards),
        "statuses": dict(sorted(statuses.items())),
        "mean": round(statistics.fmean(scores), 2) if scores else 0,
        "median": statistics.median(scores) if scores else 0,
        "distribution": {str(s): n for s, n in sorted(Counter(scores).items())},
        "checks": {check_id: rate.as_json() for check_id, rate in check_rates(with_file).items()},
    }


@dataclass
class CheckRate:
    """How one check fared across the class."""

    title: str
    category: str
    passed: int = 0
    graded: int = 0

    @property
    def pass_rate(self) -> float:
        return round(self.passed / self.graded, 3) if self.graded else 0.0

    def as_json(self) -> dict[str, object]:
        return {"title": self.title, "category": self.category, "passed": self.passed,
                "graded": self.graded, "pass_rate": self.pass_rate}


def check_rates(cards: list[Scorecard]) -> dict[str, CheckRate]:
    """Each check's pass count among `cards`, in the kata's check order."""
    rates: dict[str, CheckRate] = {}
    for card in cards:
        for check in card.checks:
            rate = rates.setdefault(check.id, CheckRate(check.title, check.category))
            rate.graded += 1
            rate.passed += check.status == "passed"
    return rates


def most_failed(column: KataColumn, count: int = 3) -> list[tuple[str, float]]:
    """The checks most often failed, with the share of students who failed each."""
    rates = check_rates([card for card in column.cards.values() if card.checks])
    failing = [(check_id, 1 - rate.pass_rate) for check_id, rate in rates.items()
               if rate.pass_rate < 1]
    return sorted(failing, key=lambda pair: (-pair[1], pair[0]))[:count]
