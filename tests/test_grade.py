"""Grading a whole class: discovery, outputs, determinism, resuming, shards."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader.cli import main
from grader.services.roster import SIZE_CAP, read_class

from .helpers import KATAS_DIR, REPO, catalogue, leftovers, uptime

TIMES = ("started_at", "duration_s")


def make_class(root: Path) -> Path:
    """Four students over katas 01 and 02: right, partly right, broken, and absent."""
    files = {
        "ada/01-two-at-once.py": "01-two-at-once/reference.py",
        "ada/02.py": "02-gather-in-order/reference.py",
        "bo jiang/01_first_try.py": "01-two-at-once/mutants/sequential_awaits.py",
        "bo jiang/02-gather/solution.py": "02-gather-in-order/mutants/returns_tuple.py",
        "chloé/02-gather-in-order.py": "02-gather-in-order/mutants/sequential_loop.py",
        "dmitri/01-two-at-once.py": "01-two-at-once/starter.py",
    }
    for target, source in files.items():
        path = root / target
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(KATAS_DIR / source, path)
    return root


def grade(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--katas", str(KATAS_DIR), "grade", *args])
    return result.exit_code, result.output


def cards(out: Path) -> dict[str, dict]:
    """Every scorecard under `out`, without its timestamps and durations."""
    found = {}
    for path in sorted(out.glob("*/*.json")):
        card = json.loads(path.read_text())
        for key in TIMES:
            card.pop(key)
        for check in card["checks"]:
            check.pop("duration_s")
        found[str(path.relative_to(out))] = card
    return found


def outputs(out: Path) -> tuple[dict[str, dict], str, str]:
    return (cards(out), (out / "gradebook.csv").read_text(),
            (out / "summary.json").read_text())


# -- reading a class folder ------------------------------------------------------------
def test_every_accepted_naming_is_found_and_the_rest_is_listed(tmp_path: Path) -> None:
    make_class(tmp_path)
    (tmp_path / "ada" / "notes.md").write_text("todo")
    (tmp_path / "README.txt").write_text("class of 2026")
    roster = read_class(tmp_path, catalogue().katas[:2])
    found = {(e.student, e.kata.meta.id): e for e in roster.entries}
    assert sorted(roster.students) == ["ada", "bo jiang", "chloé", "dmitri"]
    assert all(found[s, k].path is not None for s, k in [
        ("ada", "01"), ("ada", "02"), ("bo jiang", "01"), ("bo jiang", "02"), ("chloé", "02"),
        ("dmitri", "01")])
    assert found["chloé", "01"].missing and found["dmitri", "02"].missing
    assert sorted(roster.ignored) == ["README.txt: not a student folder", "ada/notes.md"]


def test_bad_files_are_refused_with_their_reason(tmp_path: Path) -> None:
    make_class(tmp_path)
    (tmp_path / "ada" / "01.py").write_text("# a second candidate\n")
    outside = tmp_path.parent / f"{tmp_path.name}-elsewhere.py"
    outside.write_text("async def fetch_all(fetch, names): return []\n")
    (tmp_path / "chloé" / "01-two-at-once.py").symlink_to(outside)
    (tmp_path / "eve").mkdir()
    (tmp_path / "eve" / "01.py").write_text("x = 1\n" * (SIZE_CAP // 6 + 10))
    (tmp_path / "eve" / "02.py").write_bytes(b"\x00\x01binary")
    roster = read_class(tmp_path, catalogue().katas[:2])
    problems = {(e.student, e.kata.meta.id): e.problem for e in roster.entries if e.problem}
    assert "two candidate files" in problems["ada", "01"]
    assert "outside the class folder: refused" in problems["chloé", "01"]
    assert "over the 256 KiB cap" in problems["eve", "01"]
    assert "binary file" in problems["eve", "02"]


def test_an_empty_class_folder_is_a_clear_usage_error(tmp_path: Path) -> None:
    code, output = grade(str(tmp_path))
    assert code == 2 and "holds no student folders" in output


# -- grading -------------------------------------------------------------------------------
def test_a_class_gets_scorecards_a_gradebook_and_a_summary(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, output = grade(str(make_class(tmp_path / "class")), "--out", str(out), "-j", "2")
    assert code == 0, output
    assert (json.loads((out / "bo jiang" / "02.json").read_text())["student"] == "bo jiang")
    assert json.loads((out / "chloé" / "01.json").read_text())["status"] == "missing"
    rows = (out / "gradebook.csv").read_text().splitlines()
    assert rows[0] == "student,01-two-at-once,02-gather-in-order,total"
    assert rows[1] == "ada,8,9,17" and rows[4] == "dmitri,0,0,0"
    summary = json.loads((out / "summary.json").read_text())
    gather = summary["katas"]["02-gather-in-order"]
    assert gather["statuses"] == {"failed": 2, "missing": 1, "passed": 1}
    assert gather["checks"]["fifty-at-once"]["pass_rate"] == pytest.approx(2 / 3, abs=1e-3)
    assert "fifty-at-once 33%" in output


def test_the_same_inputs_give_the_same_scorecards(tmp_path: Path) -> None:
    school = make_class(tmp_path / "class")
    grade(str(school), "--out", str(tmp_path / "one"), "-j", "2")
    grade(str(school), "--out", str(tmp_path / "two"), "-j", "1")
    assert outputs(tmp_path / "one") == outputs(tmp_path / "two")


def test_a_rerun_grades_only_what_changed_or_is_missing(tmp_path: Path) -> None:
    school, out = make_class(tmp_path / "class"), tmp_path / "out"
    grade(str(school), "--out", str(out))
    before = outputs(out)
    (out / "ada" / "02.json").unlink()
    stale = out / "bo jiang" / ".01.json.x1y2.tmp"
    stale.write_text('{"half a scor')
    code, output = grade(str(school), "--out", str(out))
    assert code == 0
    assert "5 of 8 pairs already graded" in output  # missing pairs are decided anew
    assert not stale.exists()
    assert outputs(out) == before


def test_shards_merge_into_the_whole_class(tmp_path: Path) -> None:
    school = make_class(tmp_path / "class")
    grade(str(school), "--out", str(tmp_path / "whole"))
    for k in (1, 2):
        grade(str(school), "--out", str(tmp_path / f"shard{k}"), "--shard", f"{k}/2")
    shards = [{p.parent.name for p in (tmp_path / f"shard{k}").glob("*/*.json")} for k in (1, 2)]
    assert shards[0] and shards[1] and not shards[0] & shards[1]
    result = CliRunner().invoke(main, ["merge", str(tmp_path / "shard1"),
                                       str(tmp_path / "shard2"), "--out", str(tmp_path / "merged")])
    assert result.exit_code == 0, result.output
    assert outputs(tmp_path / "merged") == outputs(tmp_path / "whole")


# -- interruptions (a real process, killed for real) ----------------------------------------
def _start(school: Path, out: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "grader", "--katas", str(KATAS_DIR), "grade", str(school),
         "--out", str(out), "-j", "1"],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)


def _wait_for_a_scorecard(out: Path, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while not list(out.glob("*/*.json")):
        assert process.poll() is None and time.monotonic() < deadline, "no scorecard appeared"
        time.sleep(0.05)


def test_killed_at_any_moment_then_rerun_gives_the_same_outputs(tmp_path: Path) -> None:
    school = make_class(tmp_path / "class")
    grade(str(school), "--out", str(tmp_path / "whole"))
    out = tmp_path / "out"
    started = uptime()
    process = _start(school, out)
    _wait_for_a_scorecard(out, process)
    os.killpg(process.pid, signal.SIGKILL)
    process.communicate()
    assert len(list(out.glob("*/*.json"))) < 8, "the run finished before it could be killed"
    time.sleep(0.5)  # the children notice their grader is gone and end
    assert leftovers(started) == []
    code, output = grade(str(school), "--out", str(out))
    assert code == 0, output
    assert outputs(out) == outputs(tmp_path / "whole")


def test_ctrl_c_stops_cleanly_and_says_how_to_resume(tmp_path: Path) -> None:
    out = tmp_path / "out"
    started = uptime()
    school = make_class(tmp_path / "class")
    hangs = school / "zed" / "01-two-at-once.py"  # seconds of work: the run cannot end first
    hangs.parent.mkdir()
    hangs.write_text("async def fetch_two(fetch, first, second):\n    while True:\n        pass\n")
    process = _start(school, out)
    _wait_for_a_scorecard(out, process)
    os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert b"run the same command again to resume" in stderr
    assert b"Traceback" not in stderr
    assert leftovers(started) == []
