"""Where the results of `kata check` go: the terminal, JSON, GitHub, JUnit.

Every output is derived from the scorecards alone.  On a terminal the report
has colours; anywhere else (CI logs) it is plain and stable line by line.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import click

from ..catalogue import Kata
from ..formats import github, junit
from ..formats.locate import definition_lines, line_for
from ..models.scorecard import Scorecard
from .report import render_scorecard
from .store import write_atomically


def emit(results: list[tuple[Kata, Path, Scorecard]], not_started: list[str], *,
         output_format: str, many: bool, json_path: Path | None,
         junit_path: Path | None) -> None:
    """Print the results in `output_format` and write the files asked for."""
    cards = [card for _, _, card in results]
    if json_path is not None:
        write_atomically(json_path, _json(cards, many))
    if junit_path is not None:
        write_atomically(junit_path, junit.to_junit(cards))
    if output_format == "json":
        click.echo(_json(cards, many), nl=False)
    elif output_format == "github":
        _github(results, not_started)
    else:
        _text(cards, not_started, many)


def _json(cards: list[Scorecard], many: bool) -> str:
    if many:
        return json.dumps([card.model_dump(mode="json") for card in cards], indent=2) + "\n"
    return cards[0].model_dump_json(indent=2) + "\n"


def _text(cards: list[Scorecard], not_started: list[str], many: bool) -> None:
    width = min(shutil.get_terminal_size().columns, 110)
    for card in cards:
        click.echo(render_scorecard(card, colour=sys.stdout.isatty(), width=width))
        if many:
            click.echo()
    if many:
        click.echo(summary_table(cards, not_started))


def summary_table(cards: list[Scorecard], not_started: list[str]) -> str:
    lines = [f"{'kata':<22} {'status':<8} {'score':>7}"]
    lines += [f"{c.kata.id + '-' + c.kata.slug:<22} {c.status:<8} {c.score:>3}/{c.max_score:<3}"
              for c in cards]
    total, most = sum(c.score for c in cards), sum(c.max_score for c in cards)
    lines.append(f"{'total':<22} {'':<8} {total:>3}/{most:<3}")
    if not_started:
        lines.append("Not started: " + ", ".join(not_started))
    return "\n".join(lines)


def _github(results: list[tuple[Kata, Path, Scorecard]], not_started: list[str]) -> None:
    cards = [card for _, _, card in results]
    for kata, path, card in results:
        functions = kata.meta.functions
        lines = definition_lines(path, functions)
        check_lines = {c.id: line_for(c, functions, lines) for c in card.checks}
        for command in github.workflow_commands(card, check_lines):
            click.echo(command)
    click.echo(summary_table(cards, not_started))
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_file:
        with open(summary_file, "a", encoding="utf-8") as handle:
            handle.write(github.step_summary(cards, not_started))
