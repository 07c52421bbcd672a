"""The student's loop besides watching: hints, next, reset, advice."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from grader.cli import main
from grader.services.advice import advise

from .helpers import KATAS_DIR, catalogue

GATHER = KATAS_DIR / "02-gather-in-order"


def kata(*args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(main, ["--katas", str(KATAS_DIR), *args], input=stdin)


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("each", catalogue().katas, ids=lambda k: k.meta.name)
def test_every_check_has_three_staged_hints_and_every_kata_a_refresher(each) -> None:
    assert len(each.meta.refresher) > 40
    for check in each.meta.checks:
        assert len(check.hints) == 3, check.id
        assert len(set(check.hints)) == 3 and all(len(h) < 300 for h in check.hints)


def test_hints_are_revealed_one_level_at_a_time_and_recorded(workspace: Path) -> None:
    kata("start", "02")
    shutil.copyfile(GATHER / "mutants" / "sequential_loop.py",
                    workspace / "solutions" / "02-gather-in-order.py")
    kata("check", "02")
    first = kata("hint", "02").output  # the first failing check: fifty-at-once
    assert "Hint 1 of 3 for fifty-at-once" in first and "Hint 2" not in first
    assert catalogue().resolve("02").meta.refresher[:30] in first
    second = kata("hint", "02", "fifty-at-once").output
    assert "Hint 2 of 3" in second
    kata("hint", "02", "fifty-at-once")
    assert "That was the last hint" in kata("hint", "02", "fifty-at-once").output
    kata("check", "02")
    card = json.loads((workspace / ".kata" / "scorecards" / "02-gather-in-order.json")
                      .read_text())
    assert card["hints_shown"] == {"fifty-at-once": 3}


def test_a_failed_check_points_at_its_staged_hints(workspace: Path) -> None:
    output = kata("check", "02", str(GATHER / "mutants" / "sequential_loop.py")).output
    assert "more help: kata hint 02 fifty-at-once" in output


def test_an_unknown_check_lists_the_real_ones(workspace: Path) -> None:
    result = kata("hint", "02", "speed")
    assert result.exit_code == 2 and "fifty-at-once" in result.output


def test_next_starts_the_first_kata_not_passed(workspace: Path) -> None:
    kata("start", "01")
    shutil.copyfile(KATAS_DIR / "01-two-at-once" / "reference.py",
                    workspace / "solutions" / "01-two-at-once.py")
    kata("check", "01")
    result = kata("next")
    assert "Next: kata 02" in result.output
    assert (workspace / "solutions" / "02-gather-in-order.py").is_file()


def test_reset_asks_first_and_keeps_a_backup(workspace: Path) -> None:
    kata("start", "02")
    mine = workspace / "solutions" / "02-gather-in-order.py"
    mine.write_text("# my attempt\n")
    refused = kata("reset", "02", stdin="n\n")
    assert refused.exit_code == 1 and mine.read_text() == "# my attempt\n"
    done = kata("reset", "02", stdin="y\n")
    assert done.exit_code == 0
    assert mine.read_text() == (GATHER / "starter.py").read_text()
    (backup,) = (workspace / "solutions" / ".backup").glob("02-gather-in-order-*.py")
    assert backup.read_text() == "# my attempt\n"


@pytest.mark.parametrize(("mutant", "code"), [
    ("02-gather-in-order/mutants/blocking_sleep.py", "ASYNC251"),
    ("02-gather-in-order/mutants/forgotten_ticker.py", "RUF006"),
    ("05-graceful-stop/mutants/cancelled_not_reraised.py", "KATA001"),
])
def test_static_advice_names_the_mistake_and_costs_nothing(mutant: str, code: str,
                                                          workspace: Path) -> None:
    path = KATAS_DIR / mutant
    assert code in {a.code for a in advise(path)}
    result = kata("check", mutant[:2], str(path), "--format", "json")
    card = json.loads(result.output)
    assert code in {note["code"] for note in card["advice"]}


def test_the_references_get_no_advice() -> None:
    for each in catalogue().katas:
        assert advise(each.reference) == [], each.meta.name


def test_advice_on_a_full_marks_file_leaves_it_full_marks(workspace: Path) -> None:
    # The reference, plus helpers it never calls: one blocking HTTP call inside an
    # async def, one async def that never awaits.  Advice names both; the score is whole.
    path = workspace / "02.py"
    path.write_text((GATHER / "reference.py").read_text() + (
        "\n\nasync def download(url):\n"
        "    import requests\n"
        "    return requests.get(url).text\n"
        "\n\nasync def double(x):\n"
        "    return 2 * x\n"))
    card = json.loads(kata("check", "02", str(path), "--format", "json").output)
    assert {note["code"] for note in card["advice"]} >= {"ASYNC210", "RUF029"}
    assert card["score"] == card["max_score"] and card["status"] == "passed"
