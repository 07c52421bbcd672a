"""Gradescope: ``results.json`` in its autograder format, and a ready autograder folder.

The format is Gradescope's published autograder specification: a top-level
score, execution_time (seconds), output and output_format, and ``tests[]``
with name, number, score, max_score, status (passed/failed), output and
visibility.
"""

from __future__ import annotations

from typing import Any

from ..catalogue import Kata
from ..models.scorecard import Scorecard


def results(cards: list[Scorecard], seconds: float, missing: list[Kata]) -> dict[str, Any]:
    """The results.json document: a test per check, a kata without a file scoring 0."""
    tests = []
    for card in cards:
        for number, check in enumerate(card.checks, start=1):
            tests.append({
                "name": f"{card.kata.id} {card.kata.title}: {check.title}",
                "number": f"{int(card.kata.id)}.{number}",
                "score": float(check.points),
                "max_score": float(check.max_points),
                "status": "passed" if check.status == "passed" else "failed",
                "output": _output(card, check.id),
                "visibility": "visible",
            })
    for kata in missing:
        for number, spec in enumerate(kata.meta.checks, start=1):
            tests.append({
                "name": f"{kata.meta.id} {kata.meta.title}: {spec.title}",
                "number": f"{int(kata.meta.id)}.{number}",
                "score": 0.0, "max_score": float(spec.points), "status": "failed",
                "output": f"No file for this kata was submitted (expected {kata.meta.name}.py).",
                "visibility": "visible",
            })
    return {
        "score": float(sum(c.score for c in cards)),
        "execution_time": max(0, round(seconds)),
        "output": _summary(cards, [k.meta.name for k in missing]),
        "output_format": "text",
        "tests": tests,
    }


def _output(card: Scorecard, check_id: str) -> str:
    check = next(c for c in card.checks if c.id == check_id)
    if check.status == "passed":
        return f"Passed ({check.category})."
    lines = [f"Expected {check.expected}.", f"Observed {check.observed}."]
    if check.hint:
        lines.append(f"Hint: {check.hint}")
    return "\n".join(lines)


def _summary(cards: list[Scorecard], not_started: list[str]) -> str:
    lines = [f"kata {c.kata.id} {c.kata.title}: {c.score}/{c.max_score} ({c.status})"
             + (f" - {c.message}" if c.message else "") for c in cards]
    if not_started:
        lines.append("No file for: " + ", ".join(not_started))
    if not cards:
        lines.append("No kata file was found in the submission.")
    return "\n".join(lines)


SETUP_SH = """#!/usr/bin/env bash
# Gradescope runs this once, when the autograder image is built.
set -euo pipefail
apt-get update
apt-get install -y python3 python3-pip python3-venv util-linux
python3 -m venv /autograder/venv
/autograder/venv/bin/pip install {package}
"""

RUN_AUTOGRADER = """#!/usr/bin/env bash
# Gradescope runs this for every submission; the files are in /autograder/submission.
set -uo pipefail
cd /autograder
/autograder/venv/bin/kata {katas}gradescope \\
    --submission /autograder/submission --results /autograder/results/results.json
"""
