"""`kata watch`, driven for real in a pseudo-terminal: saves and keys."""

from __future__ import annotations

import os
import pty
import select
import shutil
import sys
import threading
import time
from collections.abc import Iterator
from io import StringIO
from pathlib import Path

import pytest

from grader.services.watching import Watch
from grader.services.workspace import Workspace

from .helpers import KATAS_DIR, catalogue, grade

GATHER = KATAS_DIR / "02-gather-in-order"
WAIT_S = 30  # generous: a check takes well under a second, but CI machines stall


class Terminal:
    """A `kata watch` process on a pseudo-terminal, read and typed into like a person."""

    def __init__(self, workspace: Path, *args: str) -> None:
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: become kata watch
            os.chdir(workspace)
            os.execv(sys.executable, [sys.executable, "-m", "grader", "--katas", str(KATAS_DIR),
                                      "watch", *args])
        self.seen = b""

    def expect(self, text: str) -> str:
        """Read until `text` appears in what was printed since the last expect."""
        deadline = time.monotonic() + WAIT_S
        while text.encode() not in self.seen:
            assert time.monotonic() < deadline, f"{text!r} never appeared in:\n{self.text}"
            ready, _, _ = select.select([self.fd], [], [], 0.2)
            if ready:
                try:
                    self.seen += os.read(self.fd, 65536)
                except OSError:
                    break
        shown, self.seen = self.text, b""
        return shown

    @property
    def text(self) -> str:
        return self.seen.decode(errors="replace")

    def press(self, key: str) -> None:
        os.write(self.fd, key.encode())

    def wait(self) -> int:
        _, status = os.waitpid(self.pid, 0)
        os.close(self.fd)
        return os.waitstatus_to_exitcode(status)


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    (tmp_path / "solutions").mkdir()
    shutil.copyfile(GATHER / "mutants" / "sequential_loop.py",
                    tmp_path / "solutions" / "02-gather-in-order.py")
    return tmp_path


@pytest.fixture
def terminal(workspace: Path) -> Iterator[Terminal]:
    term = Terminal(workspace, "02")
    yield term
    try:
        os.kill(term.pid, 9)
        term.wait()
    except (ProcessLookupError, ChildProcessError, OSError):
        pass


def save(path: Path, source: Path) -> None:
    """Save as many editors do: write a new file, then rename it over the old one."""
    temporary = path.with_name(f".{path.name}.swp~")
    shutil.copyfile(source, temporary)
    os.replace(temporary, path)


def test_a_verdict_on_start_and_a_new_one_on_each_save(terminal: Terminal,
                                                        workspace: Path) -> None:
    # "Watching ..." is the last line of a screen: expecting it reads the whole screen,
    # however the terminal splits it into reads.
    first = terminal.expect("Watching solutions/02-gather-in-order.py")
    assert "Score: 7/9" in first and "fifty-at-once" in first
    save(workspace / "solutions" / "02-gather-in-order.py", GATHER / "reference.py")
    assert "PASSED" in terminal.expect("Score: 9/9")
    terminal.press("q")
    assert terminal.wait() == 0


def test_each_key_does_its_job(terminal: Terminal, workspace: Path) -> None:
    terminal.expect("Watching")  # the first screen, to its last line
    terminal.press("h")
    assert "Hint 1 of 3 for fifty-at-once" in terminal.expect("Watching")
    terminal.press("n")
    assert "Pass every check of this kata first" in terminal.expect("Watching")
    terminal.press("l")
    listing = terminal.expect("Watching")
    assert "> 02  gather-in-order" in listing and "01  two-at-once" in listing
    save(workspace / "solutions" / "02-gather-in-order.py", GATHER / "reference.py")
    terminal.expect("Score: 9/9")
    terminal.press("n")
    assert "Started kata 03" in terminal.expect("Watching solutions/03-settle-all.py")
    assert (workspace / "solutions" / "03-settle-all.py").is_file()
    terminal.press("q")
    assert terminal.wait() == 0
    assert '"fifty-at-once": 1' in (workspace / ".kata" / "hints.json").read_text()


def test_a_burst_of_saves_is_checked_once(terminal: Terminal, workspace: Path) -> None:
    terminal.expect("Score: 7/9")
    target = workspace / "solutions" / "02-gather-in-order.py"
    for _ in range(5):
        save(target, GATHER / "reference.py")
    terminal.expect("Score: 9/9")
    time.sleep(1.5)  # any further check of the same burst would have printed by now
    ready, _, _ = select.select([terminal.fd], [], [], 0.1)
    later = os.read(terminal.fd, 65536).decode(errors="replace") if ready else ""
    assert "Score:" not in later
    terminal.press("q")


def test_polling_sees_saves_too(workspace: Path) -> None:
    term = Terminal(workspace, "02", "--poll")
    term.expect("Score: 7/9")
    save(workspace / "solutions" / "02-gather-in-order.py", GATHER / "reference.py")
    term.expect("Score: 9/9")
    term.press("q")
    assert term.wait() == 0


def test_without_an_id_it_follows_the_first_unfinished_kata(tmp_path: Path) -> None:
    term = Terminal(tmp_path)
    assert "kata 01 - Two at once" in term.expect("Watching solutions/01-two-at-once.py")
    term.press("q")
    assert term.wait() == 0



def test_a_native_watcher_that_cannot_start_falls_back_to_polling(
        workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import watchfiles

    def no_events(*args: object, **kwargs: object) -> Iterator[object]:
        raise OSError("inotify watch limit reached")
        yield  # a generator, as watchfiles.watch is

    monkeypatch.setattr(watchfiles, "watch", no_events)
    kata = catalogue().resolve("02")
    out = StringIO()
    keys_r, keys_w = os.pipe()
    watch = Watch(Workspace(workspace), [kata], kata, grade, out=out)
    with os.fdopen(keys_r) as keys:
        thread = threading.Thread(target=watch.run, args=(keys,))
        thread.start()
        deadline = time.monotonic() + WAIT_S
        while "polling instead" not in out.getvalue():  # the fallback announces itself
            assert time.monotonic() < deadline, out.getvalue()
            time.sleep(0.05)
        save(workspace / "solutions" / "02-gather-in-order.py", GATHER / "reference.py")
        while "Score: 9/9" not in out.getvalue():
            assert time.monotonic() < deadline, out.getvalue()
            time.sleep(0.05)
        os.write(keys_w, b"q")
        thread.join(WAIT_S)
    os.close(keys_w)
    assert not thread.is_alive()
    assert "File events unavailable (inotify watch limit reached)" in out.getvalue()
