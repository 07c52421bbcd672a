"""GitHub Actions: workflow-command annotations and the job summary.

Each failed check becomes one ``::error`` on the student's file, at the line of
the function concerned; each hygiene finding a ``::warning`` at its own line.
Messages are escaped as GitHub requires: ``%``, CR and LF in the message, and
also ``:`` and ``,`` in the properties.
"""

from __future__ import annotations

from ..models.scorecard import Scorecard


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(kind: str, message: str, **properties: str | int) -> str:
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    return f"::{kind} {props}::{escape_data(message)}"


def workflow_commands(card: Scorecard, check_lines: dict[str, int]) -> list[str]:
    """The workflow commands for one scorecard (`check_lines`: check id -> line)."""
    if card.submission is None:
        return []
    path = card.submission.path
    found = []
    for check in card.checks:
        if check.status == "passed":
            continue
        message = f"{check.title}\nExpected {check.expected}.\nObserved {check.observed}."
        if check.hint:
            message += f"\nHint: {check.hint}"
        found.append(command("error", message, file=path, line=check_lines.get(check.id, 1),
                             title=f"kata {card.kata.id} {check.id} ({check.category})"))
    if card.message and not card.checks:
        found.append(command("error", card.message, file=path, line=1,
                             title=f"kata {card.kata.id}"))
    for finding in card.findings:
        found.append(command("warning", finding.message, file=path, line=finding.line or 1,
                             title=f"kata {card.kata.id} hygiene: {finding.kind}"))
    return found


def step_summary(cards: list[Scorecard], not_started: list[str]) -> str:
    """A Markdown table of katas, checks and scores for ``$GITHUB_STEP_SUMMARY``."""
    total = sum(c.score for c in cards)
    most = sum(c.max_score for c in cards)
    lines = ["## kata", "", f"**{total}/{most} points** over {len(cards)} katas", "",
             "| kata | status | score | failed checks |", "|---|---|---|---|"]
    for card in cards:
        failed = ", ".join(f"`{c.id}`" for c in card.checks if c.status != "passed") or "-"
        lines.append(f"| {card.kata.id} {card.kata.title} | {card.status} | "
                     f"{card.score}/{card.max_score} | {failed} |")
    if not_started:
        lines += ["", "Not started: " + ", ".join(not_started)]
    return "\n".join(lines) + "\n"
