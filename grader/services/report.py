"""A scorecard as text for a terminal (or a CI log).

Plain ASCII status words, so the output is stable line by line and survives
any terminal encoding; colour only when the caller says the output is a
terminal.  Failures show expected, observed and the hint, wrapped to width.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from typing import Any

import click

from ..models.scorecard import CheckResult, Scorecard

STATUS_WORD = {"passed": "PASS", "failed": "FAIL", "error": "ERROR", "timeout": "TIMEOUT",
               "missing": "MISSING"}
STATUS_COLOUR = {"passed": "green", "failed": "red", "error": "magenta", "timeout": "yellow",
                 "missing": "bright_black"}
MAX_OUTPUT_LINES = 12


def render_scorecard(card: Scorecard, *, colour: bool = False, width: int = 100) -> str:
    """The whole report: header, one block per check, findings, output, score line."""
    style = _styler(colour)
    shown = card.submission.path if card.submission is not None else "(no file)"
    who = f"{card.student}: " if card.student else ""
    lines = [style(f"kata {card.kata.id} - {card.kata.title}", bold=True),
             f"file: {who}{shown}", ""]
    if card.message:
        lines += [*_wrap(card.message, width, ""), ""]
    shared = _shared_failure(card.checks)
    if shared is not None:
        lines += ["Every check below failed for this reason:"]
        lines += [*_details(shared, width), ""]
    id_width = max((len(c.id) for c in card.checks), default=0)
    for check in card.checks:
        lines += _check_block(check, id_width, width, style, details=shared is None,
                              kata_id=card.kata.id)
    lines += _findings(card, width)
    lines += _advice(card, width)
    lines += _output(card)
    lines += ["", _score_line(card, style)]
    return "\n".join(lines)


def _check_block(check: CheckResult, id_width: int, width: int,
                 style: Callable[..., str], *, details: bool, kata_id: str) -> list[str]:
    word = style(f"{STATUS_WORD[check.status]:<7}", fg=STATUS_COLOUR[check.status])
    head = (f"{word} {check.category:<12} {check.id:<{id_width}}  "
            f"{check.points}/{check.max_points}  {check.title}")
    if check.status == "passed" or not details:
        return [head]
    more = [f"        more help: kata hint {kata_id} {check.id}"] if check.hint_levels else []
    return [head, *_details(check, width), *more]


def _details(check: CheckResult, width: int) -> list[str]:
    block: list[str] = []
    for label, text in (("expected", check.expected), ("observed", check.observed),
                        ("hint", check.hint)):
        if text:
            block += _wrap(text, width, f"        {label + ':':<10}")
    return block


def _shared_failure(checks: list[CheckResult]) -> CheckResult | None:
    """The one failing check standing for all, when every check failed the same way."""
    failing = [c for c in checks if c.status != "passed"]
    if len(failing) < 2 or len(failing) != len(checks):
        return None
    first = failing[0]
    same = all((c.expected, c.observed, c.hint) == (first.expected, first.observed, first.hint)
               for c in failing)
    return first if same else None


def _findings(card: Scorecard, width: int) -> list[str]:
    if not card.findings:
        return []
    lines = ["", "Seen while checking:"]
    for finding in card.findings:
        where = f"line {finding.line}: " if finding.line is not None else ""
        lines += _wrap(f"{where}{finding.message}", width, "  - ")
    return lines


def _advice(card: Scorecard, width: int) -> list[str]:
    if not card.advice:
        return []
    lines = ["", "Advice from reading your file (not graded):"]
    for note in card.advice:
        lines += _wrap(f"line {note.line} [{note.code}]: {note.message}", width, "  - ")
    return lines


def _output(card: Scorecard) -> list[str]:
    lines = []
    for name, stream in (("stdout", card.output.stdout), ("stderr", card.output.stderr)):
        if not stream.bytes_total:
            continue
        shown = stream.text.splitlines()[:MAX_OUTPUT_LINES]
        more = stream.truncated or len(stream.text.splitlines()) > MAX_OUTPUT_LINES
        lines += ["", f"Your code printed to {name} ({stream.bytes_total} bytes"
                  f"{', cut short here' if more else ''}):"]
        lines += [f"  | {line[:200]}" for line in shown]
    return lines


def _score_line(card: Scorecard, style: Callable[..., str]) -> str:
    verdict = style(card.status.upper(), fg=STATUS_COLOUR[card.status], bold=True)
    return (f"Score: {card.score}/{card.max_score}  {verdict}   "
            f"(seed {card.seed}; replay with --seed {card.seed})")


def _wrap(text: str, width: int, prefix: str) -> list[str]:
    indent = " " * len(prefix)
    wrapped = textwrap.wrap(text, width=max(40, width), initial_indent=prefix,
                            subsequent_indent=indent, break_on_hyphens=False)
    return wrapped or [prefix.rstrip()]


def _styler(colour: bool) -> Callable[..., str]:
    if colour:
        return click.style
    return lambda text, **_: text


def render_class_summary(columns: dict[str, Any], students: int) -> str:
    """One line per kata: how many were graded, the mean, the most failed checks."""
    from .gradebook import most_failed

    header = f"{'kata':<22} {'graded':>7} {'missing':>8} {'mean':>11}  most failed checks"
    lines = [f"{students} students", header]
    for name, column in columns.items():
        cards = list(column.cards.values())
        graded = sum(1 for c in cards if c.status != "missing")
        missing = len(cards) - graded
        mean = sum(c.score for c in cards) / len(cards) if cards else 0.0
        failed = ", ".join(f"{check} {share:.0%}" for check, share in most_failed(column))
        lines.append(f"{name:<22} {graded:>7} {missing:>8} {mean:>6.1f}/{column.max_score:<4}"
                     f"  {failed or '-'}")
    lines.append("(mean: over every student, a missing file counting 0; "
                 "most failed: among the files graded)")
    return "\n".join(lines)
