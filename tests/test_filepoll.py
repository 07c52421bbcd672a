"""The polling fallback of `kata watch`, stepped poll by poll (no real time passes)."""

from __future__ import annotations

import os
import platform
from collections.abc import Callable
from pathlib import Path

import pytest

from grader.services.filepoll import poll_changes, polling_preferred

Step = Callable[[], object]


class Polls:
    """Stands in for the stop event: each wait is one poll, after running a scripted step."""

    def __init__(self, *steps: Step | None) -> None:
        self.steps = list(steps)
        self.done = 0

    def wait(self, timeout: float) -> bool:
        if not self.steps:
            return True  # stop: the script is over
        step = self.steps.pop(0)
        if step is not None:
            step()
        self.done += 1
        return False

    def is_set(self) -> bool:
        return not self.steps


def changes(path: Path | Callable[[], Path], polls: Polls, debounce_polls: int = 1) -> list[int]:
    """The poll numbers at which a change was reported."""
    current = path if callable(path) else (lambda: path)
    return [polls.done for _ in poll_changes(current, polls,  # type: ignore[arg-type]
                                             debounce_s=debounce_polls * 0.2, interval_s=0.2)]


def write(path: Path, text: str, *, keep_mtime: bool = False) -> Step:
    def step() -> None:
        before = path.stat()
        temporary = path.with_name(path.name + ".tmp")
        temporary.write_text(text)
        os.replace(temporary, path)  # as editors save: a new file renamed over the old
        if keep_mtime:
            os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    return step


def test_a_change_is_seen_even_with_the_same_size_and_timestamp(tmp_path: Path) -> None:
    # The case watchfiles' own polling misses: a save within the same second.
    file = tmp_path / "kata.py"
    file.write_text("return 1")
    polls = Polls(write(file, "return 2", keep_mtime=True), None, None, None)
    assert changes(file, polls) == [2]


def test_a_burst_of_saves_counts_once_it_holds_still(tmp_path: Path) -> None:
    file = tmp_path / "kata.py"
    file.write_text("a")
    polls = Polls(write(file, "b"), write(file, "c"), write(file, "d"), None, None, None, None)
    assert changes(file, polls, debounce_polls=2) == [5]


def test_saving_the_same_content_again_is_no_change(tmp_path: Path) -> None:
    file = tmp_path / "kata.py"
    file.write_text("same")
    assert changes(file, Polls(write(file, "same"), None, None)) == []


def test_a_file_that_vanishes_is_no_change_until_it_is_back(tmp_path: Path) -> None:
    file = tmp_path / "kata.py"
    file.write_text("a")
    polls = Polls(file.unlink, None, None, lambda: file.write_text("b"), None, None)
    assert changes(file, polls) == [5]


def test_moving_on_to_another_file_is_not_a_change_but_its_saves_are(tmp_path: Path) -> None:
    first, second = tmp_path / "01.py", tmp_path / "02.py"
    first.write_text("one")
    second.write_text("two")
    watched = [first]
    polls = Polls(lambda: watched.append(second), None, None, write(second, "two!"), None, None)
    assert changes(lambda: watched[-1], polls) == [5]


@pytest.mark.parametrize(("env", "release", "expected"), [
    ({}, "6.8.0-generic", False),
    ({}, "5.15.153.1-microsoft-standard-WSL2", True),
    ({"KATA_WATCH_POLL": "1"}, "6.8.0-generic", True),
    ({"WATCHFILES_FORCE_POLLING": "1"}, "6.8.0-generic", True),
    ({"WATCHFILES_FORCE_POLLING": "false"}, "5.15.153.1-microsoft-standard-WSL2", False),
])
def test_polling_is_chosen_by_environment_and_on_wsl(env: dict[str, str], release: str,
                                                     expected: bool,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("KATA_WATCH_POLL", "WATCHFILES_FORCE_POLLING"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    real = platform.uname()
    monkeypatch.setattr(platform, "uname", lambda: real._replace(system="Linux", release=release))
    assert polling_preferred() is expected
