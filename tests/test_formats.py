"""The formats other tools read, each checked the way its consumer reads it."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner
from junitparser import Error, Failure, JUnitXml

from grader.cli import main
from grader.formats.github import command, escape_data, escape_property
from grader.models.scorecard import Scorecard

from .helpers import KATAS_DIR

GOLDEN = Path(__file__).parent / "golden" / "scorecards"
GATHER = KATAS_DIR / "02-gather-in-order"
ANNOTATION = re.compile(r"^::(?P<kind>error|warning) file=(?P<file>[^,]+),line=(?P<line>\d+),"
                        r"title=(?P<title>[^:]+)::(?P<message>.+)$")

# Gradescope's published autograder specification (results.json), as a JSON Schema:
# https://gradescope-autograders.readthedocs.io/en/latest/specs/
GRADESCOPE_RESULTS = {
    "type": "object",
    "properties": {
        "score": {"type": "number"},
        "execution_time": {"type": "number"},
        "output": {"type": "string"},
        "output_format": {"enum": ["text", "html", "simple_format", "md", "ansi"]},
        "visibility": {"enum": ["hidden", "after_due_date", "after_published", "visible"]},
        "stdout_visibility": {"enum": ["hidden", "after_due_date", "after_published", "visible"]},
        "extra_data": {"type": "object"},
        "tests": {"type": "array", "items": {
            "type": "object",
            "properties": {
                "score": {"type": "number"},
                "max_score": {"type": "number"},
                "status": {"enum": ["passed", "failed"]},
                "name": {"type": "string"},
                "number": {"type": "string"},
                "output": {"type": "string"},
                "output_format": {"enum": ["text", "html", "simple_format", "md", "ansi"]},
                "tags": {"type": "array", "items": {"type": "string"}},
                "visibility": {"enum": ["hidden", "after_due_date", "after_published",
                                        "visible"]},
                "extra_data": {"type": "object"},
            },
            "additionalProperties": False,
        }},
        "leaderboard": {"type": "array"},
    },
    "additionalProperties": False,
}


def kata(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--katas", str(KATAS_DIR), *args], env=env)
    return result.exit_code, result.output


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A student's folder: 02 partly right, 03 right, the rest not started."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "solutions").mkdir()
    shutil.copyfile(GATHER / "mutants" / "as_completed_order.py",
                    tmp_path / "solutions" / "02-gather-in-order.py")
    shutil.copyfile(KATAS_DIR / "03-settle-all" / "reference.py",
                    tmp_path / "solutions" / "03-settle-all.py")
    return tmp_path


# -- the scorecard's own schema ------------------------------------------------------------
@pytest.mark.parametrize("path", sorted(GOLDEN.glob("*.json")), ids=lambda p: p.stem)
def test_every_golden_scorecard_follows_the_published_schema(path: Path) -> None:
    schema = json.loads(kata("schema")[1])
    card = json.loads(path.read_text())
    jsonschema.validate(card, schema)
    Scorecard.model_validate(card)


# -- kata check --all ------------------------------------------------------------------------
def test_all_grades_every_started_kata_and_names_the_rest(workspace: Path) -> None:
    code, output = kata("check", "--all")
    assert code == 1
    assert re.search(r"02-gather-in-order\s+failed\s+7/9", output)
    assert re.search(r"03-settle-all\s+passed\s+9/9", output)
    assert "Not started: 01-two-at-once, 04-all-or-nothing" in output
    assert "\x1b[" not in output, "no colours without a terminal"


def test_fail_under_sets_the_bar_as_a_share_of_the_points(workspace: Path) -> None:
    assert kata("check", "--all", "--fail-under", "88")[0] == 0  # 16/18 = 88.9%
    assert kata("check", "--all", "--fail-under", "90")[0] == 1


def test_all_with_nothing_started_explains_how_to_begin(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, output = kata("check", "--all")
    assert code == 2 and "kata start 01" in output


# -- GitHub --------------------------------------------------------------------------------
def test_github_escaping_follows_the_workflow_command_rules() -> None:
    assert escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert escape_property("a:b,c%") == "a%3Ab%2Cc%25"
    assert command("error", "x\ny", file="a,b.py", line=3) == "::error file=a%2Cb.py,line=3::x%0Ay"


def test_github_format_annotates_each_failed_check_at_its_function(workspace: Path) -> None:
    summary = workspace / "summary.md"
    code, output = kata("check", "--all", "--format", "github",
                        env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert code == 1
    annotations = [m for line in output.splitlines() if (m := ANNOTATION.match(line))]
    assert [(m["kind"], m["file"], m["line"]) for m in annotations] == [
        ("error", "solutions/02-gather-in-order.py", "9")]
    assert "Hint: " in annotations[0]["message"] and "\n" not in annotations[0]["message"]
    text = summary.read_text()
    assert "| 02 Gather in order | failed | 7/9 | `values-in-input-order` |" in text


def test_github_format_turns_hygiene_findings_into_warnings(tmp_path: Path) -> None:
    sleepy = tmp_path / "02.py"
    shutil.copyfile(GATHER / "mutants" / "blocking_sleep.py", sleepy)
    _, output = kata("check", "02", str(sleepy), "--format", "github")
    warnings = [m for line in output.splitlines() if (m := ANNOTATION.match(line))
                and m["kind"] == "warning"]
    assert warnings and warnings[0]["line"] == "12"
    assert "time.sleep blocked the event loop" in warnings[0]["message"]


# -- JUnit ---------------------------------------------------------------------------------
def test_junit_is_one_suite_per_kata_and_one_case_per_check(workspace: Path) -> None:
    kata("check", "--all", "--junit", "results.xml")
    suites = {suite.name: suite for suite in JUnitXml.fromfile(str(workspace / "results.xml"))}
    assert set(suites) == {"02-gather-in-order", "03-settle-all"}
    gather = suites["02-gather-in-order"]
    cases = {case.name: case for case in gather}
    assert len(cases) == 6 and gather.tests == 6 and gather.failures == 1
    failure = cases["values-in-input-order"].result[0]
    assert isinstance(failure, Failure) and "Hint:" in (failure.text or "")
    assert not cases["fifty-at-once"].result and cases["fifty-at-once"].time >= 0
    assert all(not isinstance(r, Error) for case in suites["03-settle-all"] for r in case.result)


# -- Gradescope -----------------------------------------------------------------------------
def test_gradescope_results_follow_gradescopes_specification(tmp_path: Path) -> None:
    submission = tmp_path / "submission"
    submission.mkdir()
    shutil.copyfile(GATHER / "mutants" / "sequential_loop.py", submission / "02.py")
    results = tmp_path / "results" / "results.json"
    code, _ = kata("gradescope", "--submission", str(submission), "--results", str(results),
                   "--katas", "01,02")
    assert code == 0
    document = json.loads(results.read_text())
    jsonschema.validate(document, GRADESCOPE_RESULTS)
    assert document["score"] == 7.0
    numbers = [test["number"] for test in document["tests"]]
    assert numbers[:5] == ["2.1", "2.2", "2.3", "2.4", "2.5"] and "1.1" in numbers
    assert sum(test["max_score"] for test in document["tests"]) == 17.0


def test_export_writes_a_ready_autograder_folder(tmp_path: Path) -> None:
    folder = tmp_path / "autograder"
    code, _ = kata("export", "gradescope", str(folder))
    assert code == 0
    run = folder / "run_autograder"
    assert run.stat().st_mode & 0o111 and (folder / "setup.sh").stat().st_mode & 0o111
    assert "kata --katas /autograder/source/katas gradescope" in run.read_text()
    assert (folder / "katas" / "02-gather-in-order" / "kata.toml").is_file()
    assert kata("export", "gradescope", str(folder))[0] == 2


# -- the student's workflow ----------------------------------------------------------------------
def test_ci_init_writes_a_valid_workflow_and_never_overwrites(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch
                                                              ) -> None:
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["ci", "init"]).exit_code == 0
    path = tmp_path / ".github" / "workflows" / "kata.yml"
    text = path.read_text()
    workflow = yaml.safe_load(text)
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as True
    assert set(triggers) == {"push", "pull_request"}
    assert "pull_request_target" not in text
    job = workflow["jobs"]["check"]
    assert job["strategy"]["matrix"]["python-version"] == ["3.11", "3.12", "3.13"]
    runs = [step.get("run", "") for step in job["steps"]]
    assert any("kata check --all --format github --junit" in run for run in runs)
    assert any(step.get("uses", "").startswith("actions/upload-artifact") for step in job["steps"])
    path.write_text("# mine\n")
    assert CliRunner().invoke(main, ["ci", "init"]).exit_code == 2
    assert path.read_text() == "# mine\n"
    assert CliRunner().invoke(main, ["ci", "init", "--force"]).exit_code == 0
