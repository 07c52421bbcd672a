"""The kata command, driven through click's CliRunner."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner, Result

from grader.cli import main
from grader.errors import EXIT_FAILED, EXIT_GRADER_FAULT, EXIT_PASSED, EXIT_USAGE

from .helpers import KATAS_DIR

GATHER = KATAS_DIR / "02-gather-in-order"


def kata(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, ["--katas", str(KATAS_DIR), *args], env=env)


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_list_shows_every_kata_and_that_none_is_started(workspace: Path) -> None:
    result = kata("list")
    assert result.exit_code == EXIT_PASSED
    assert "02  gather-in-order" in result.output
    assert "not started" in result.output


def test_show_renders_the_spec(workspace: Path) -> None:
    result = kata("show", "gather-in-order")
    assert result.exit_code == EXIT_PASSED
    assert "Time is virtual" in result.output and "kata start 02" in result.output


@pytest.mark.parametrize("ref", ["2", "02", "02-gather-in-order", "gather-in-order"])
def test_every_form_of_a_kata_id_is_understood(workspace: Path, ref: str) -> None:
    assert kata("show", ref).exit_code == EXIT_PASSED


def test_an_unknown_kata_suggests_the_nearest_in_one_line(workspace: Path) -> None:
    result = kata("show", "gather-in-ordr")
    assert result.exit_code == EXIT_USAGE
    assert "Did you mean '02-gather-in-order'?" in result.output
    assert "Traceback" not in result.output


def test_start_copies_the_starter_and_never_overwrites(workspace: Path) -> None:
    assert kata("start", "02").exit_code == EXIT_PASSED
    solution = workspace / "solutions" / "02-gather-in-order.py"
    assert solution.read_text() == (GATHER / "starter.py").read_text()
    solution.write_text("# my work\n")
    second = kata("start", "02")
    assert second.exit_code == EXIT_PASSED and "left as it is" in second.output
    assert solution.read_text() == "# my work\n"


def test_check_without_a_file_explains_how_to_start(workspace: Path) -> None:
    result = kata("check", "02")
    assert result.exit_code == EXIT_USAGE
    assert "kata start 02" in result.output


def test_check_of_a_missing_file_is_a_usage_error(workspace: Path) -> None:
    assert kata("check", "02", "nowhere.py").exit_code == EXIT_USAGE


def test_checking_the_started_solution_records_progress_for_list(workspace: Path) -> None:
    kata("start", "02")
    shutil.copyfile(GATHER / "reference.py", workspace / "solutions" / "02-gather-in-order.py")
    result = kata("check", "02")
    assert result.exit_code == EXIT_PASSED, result.output
    assert "Score: 9/9  PASSED" in result.output
    assert "passed 9/9" in kata("list").output


def test_a_failing_check_exits_1_and_shows_expected_observed_and_hint(workspace: Path) -> None:
    result = kata("check", "02", str(GATHER / "mutants" / "sequential_loop.py"))
    assert result.exit_code == EXIT_FAILED
    assert "FAIL    concurrency  fifty-at-once" in result.output
    for label in ("expected:", "observed:", "hint:"):
        assert label in result.output


def test_the_json_scorecard_follows_the_published_schema(workspace: Path) -> None:
    schema = json.loads(kata("schema").output)
    printed = kata("check", "02", str(GATHER / "reference.py"), "--format", "json",
                   "--json", "card.json")
    card = json.loads(printed.output)
    jsonschema.validate(card, schema)
    assert json.loads((workspace / "card.json").read_text()) == card
    assert card["submission"]["sha256"] and card["grader"]["python"]


def test_a_seed_replays_a_run_exactly(workspace: Path) -> None:
    mutant = str(GATHER / "mutants" / "as_completed_order.py")
    runs = [json.loads(kata("check", "02", mutant, "--seed", "42", "--format", "json").output)
            for _ in range(2)]
    assert [c["message"] for c in runs[0]["checks"]] == [c["message"] for c in runs[1]["checks"]]
    assert runs[0]["seed"] == 42


def test_another_kata_folder_can_be_chosen_by_environment(workspace: Path) -> None:
    private = workspace / "private"
    shutil.copytree(GATHER, private / "02-gather-in-order")
    result = CliRunner().invoke(main, ["list"], env={"KATA_KATAS_DIR": str(private)})
    assert result.exit_code == EXIT_PASSED
    assert result.output.count("\n") == 1


def test_a_broken_hidden_check_is_a_grader_fault_not_the_students(workspace: Path) -> None:
    private = workspace / "private" / "02-gather-in-order"
    shutil.copytree(GATHER, private)
    check_file = private / "checks" / "test_gather_in_order.py"
    check_file.write_text(check_file.read_text().replace(
        "    fetch = kata.fetch(50)\n", "    fetch = kata.fetch(50)\n    1 / 0\n"))
    result = kata("--katas", str(private.parent), "check", "02", str(GATHER / "reference.py"))
    assert result.exit_code == EXIT_GRADER_FAULT
    assert "ZeroDivisionError" in result.output and "Traceback" not in result.output


def test_help_documents_the_exit_codes() -> None:
    for args in ([], ["check"]):
        result = CliRunner().invoke(main, [*args, "--help"])
        assert "Exit codes" in result.output and "usage error" in result.output
