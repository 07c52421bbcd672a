"""A submission's child process, seen from the parent.

The child imports the submission once and then runs scenarios on request.  The
parent owns every deadline: a scenario that does not answer within its wall
limit gets the child's whole process group killed, the check is marked
``timeout``, and the next scenario starts a fresh child (which imports the
file again).  A child that dies mid-scenario (``os._exit``, a segfault) is a
failed check with the exit described, never a crash of the grader.

Replies arrive on a private pipe and are parsed strictly; stdout and stderr
are only captured, capped, and never parsed.
"""

from __future__ import annotations

import contextlib
import os
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import weakref
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from .. import wire
from ..models.kata import Limits
from . import channel, reaper
from .exits import Ending, describe, hit_cpu_limit
from .isolation import Plan
from .isolation import plan as isolation_plan
from .output import BoundedReader, Capture
from .problems import (
    BudgetExhausted,
    ChildDied,
    ChildProblem,
    CpuLimitHit,
    Interference,
    LimitExceeded,
    ScenarioTimeout,
)

__all__ = [
    "Budget", "BudgetExhausted", "ChildDied", "ChildProblem", "ChildSession", "CpuLimitHit",
    "Interference", "LimitExceeded", "Referee", "ScenarioTimeout", "Submission",
]

MAX_SCENARIO_BYTES = 64 * 1024 * 1024
MAX_TIMEOUTS = 2
_ENV_ALLOWLIST = ("PATH", "LANG", "LC_ALL", "LC_CTYPE", "TZ")
_BOOTSTRAP = (
    "import sys; sys.path.insert(0, sys.argv.pop(1)); "
    "from grader.child.boot import main; sys.exit(main(sys.argv))"
)


@dataclass
class Submission:
    """The file under test and the functions the kata asks for."""

    path: Path
    display: str
    functions: list[str]
    driver: Path | None = None


@dataclass
class Budget:
    """A wall-clock allowance shared by every step of one check run."""

    total_s: float
    started: float = field(default_factory=time.monotonic)

    def remaining(self) -> float:
        return self.total_s - (time.monotonic() - self.started)


class Referee(Protocol):
    """Whoever keeps the clock and the record of a scenario (`grader.testing.referee`)."""

    finished: bool
    busy: wire.Location | None  # where a long step of the child's loop last was

    def receive(self, message: Any) -> Any | None:
        """Take one validated message; return the answer to send, if any."""


class ChildProcess:
    """One live child: its pipes, its process group, its deadlines."""

    def __init__(self, scratch: Path, stdout: Capture, stderr: Capture, isolation: Plan,
                 limits: Limits) -> None:
        requests_r, self._requests_w = os.pipe()
        self._replies_r, replies_w = os.pipe()
        self.isolation = isolation
        self.limits = limits
        package_parent = str(Path(__file__).resolve().parents[2])
        self.process = subprocess.Popen(
            [*isolation.prefix, sys.executable, "-I", "-c", _BOOTSTRAP, package_parent,
             str(requests_r), str(replies_w)],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            pass_fds=(requests_r, replies_w), cwd=scratch, env=_child_env(scratch),
            start_new_session=True,
        )
        reaper.register(self.process)
        os.close(requests_r)
        os.close(replies_w)
        assert self.process.stdout is not None and self.process.stderr is not None
        self._readers = [BoundedReader(self.process.stdout, stdout),
                         BoundedReader(self.process.stderr, stderr)]
        self._buffer = bytearray()
        self._read_at = 0
        self._selector = selectors.DefaultSelector()
        self._selector.register(self._replies_r, selectors.EVENT_READ)
        self._ending: Ending | None = None

    def send(self, message: Any) -> None:
        """Send one message of the wire (a `grader.wire` parent message)."""
        data = wire.dump(message)
        with contextlib.suppress(BrokenPipeError):  # the child is gone; receive() says how
            while data:
                data = data[os.write(self._requests_w, data):]

    def receive(self, deadline: float, timeout: float) -> bytes:
        """The next line from the child, by `deadline` (monotonic; `timeout` is what it
        allowed, for the words); raises ScenarioTimeout, ChildDied or Interference."""
        while (end := self._buffer.find(b"\n", self._read_at)) < 0:
            if len(self._buffer) - self._read_at > wire.MAX_LINE_BYTES:
                raise Interference("a message on the grader's channel was far too large")
            left = deadline - time.monotonic()
            if left <= 0 or not self._selector.select(left):
                raise ScenarioTimeout(f"it was still running after {timeout:g} s of real time")
            chunk = os.read(self._replies_r, 1 << 16)
            if not chunk:
                died = CpuLimitHit if self._ended_by_cpu_limit() else ChildDied
                if self._ending is not None and self._ending.code == wire.OUT_OF_STEP:
                    raise Interference("the grader's exchange with your code went out of step: "
                                       "something wrote to its pipes behind its back")
                raise died(f"the process running your code ended: {self.describe_exit()}")
            self._buffer += chunk
        line = bytes(self._buffer[self._read_at:end])
        self._read_at = end + 1
        if self._read_at > 1 << 16:  # forget what was read, now and then, not at every line
            del self._buffer[:self._read_at]
            self._read_at = 0
        return line

    def _ended_by_cpu_limit(self) -> bool:
        self.describe_exit()
        return self.hit_cpu_limit()

    def describe_exit(self) -> str:
        """How the child ended, naming the limit it hit, if any (waits up to 2 s)."""
        deadline = time.monotonic() + 2
        while self._ending is None and time.monotonic() < deadline:
            self._collect(os.WNOHANG)
            time.sleep(0.005)
        if self._ending is None:
            return "it stopped answering"
        return describe(self._ending, self.limits)

    def hit_cpu_limit(self) -> bool:
        return self._ending is not None and hit_cpu_limit(self._ending, self.limits)

    def _collect(self, flags: int) -> None:
        """Reap the child with wait4, keeping its CPU time (Popen.wait would lose it)."""
        if self._ending is not None:
            return
        try:
            pid, status, usage = os.wait4(self.process.pid, flags)
        except ChildProcessError:
            code = self.process.returncode if self.process.returncode is not None else 0
            self._ending = Ending.of(code, 0.0, self.isolation.pid_namespace)
            return
        if pid == 0:
            return
        self.process.returncode = os.waitstatus_to_exitcode(status)
        self._ending = Ending.of(self.process.returncode, usage.ru_utime + usage.ru_stime,
                                 self.isolation.pid_namespace)

    def kill(self) -> None:
        """Kill the child's whole process group, reap it, and sweep whatever escaped."""
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self._collect(0)
        self._close_pipes()
        reaper.sweep()

    def close(self) -> None:
        """Let the child exit by closing its requests, then kill what is left."""
        os.close(self._requests_w)
        self._requests_w = -1
        deadline = time.monotonic() + 1
        while self._ending is None and time.monotonic() < deadline:
            self._collect(os.WNOHANG)
            time.sleep(0.005)
        self.kill()

    def _close_pipes(self) -> None:
        self._selector.close()
        for fd in (self._requests_w, self._replies_r):
            if fd >= 0:
                with contextlib.suppress(OSError):
                    os.close(fd)
        self._requests_w = self._replies_r = -1
        for reader in self._readers:
            reader.join()


class ChildSession:
    """A submission's children for one check run: import once, restart after trouble."""

    def __init__(self, submission: Submission, *, budget: Budget, output_cap: int,
                 limits: Limits | None = None, isolation: Plan | None = None,
                 hidden: list[Path] | None = None) -> None:
        self.submission = submission
        self.limits = limits or Limits()
        self.import_wall_s = self.limits.import_wall_s
        self.budget = budget
        self.isolation = isolation or isolation_plan("auto")
        self.stdout = Capture(output_cap)
        self.stderr = Capture(output_cap)
        reaper.guard_grader()
        self._scratch = Path(tempfile.mkdtemp(prefix="kata-"))
        self._copy = self._scratch / "submission.py"
        shutil.copyfile(submission.path, self._copy)
        self.isolation.prepare(self._scratch)
        self._sandbox = self.isolation.sandbox(self._scratch, self.limits, hidden or [])
        self._child: ChildProcess | None = None
        self._report: wire.Loaded | None = None
        self._timeouts = 0
        self._stuck_at = ""  # where the first scenario that ran out of time was stuck
        _open_sessions.add(self)

    # -- lifecycle ------------------------------------------------------------
    def start(self) -> None:
        """Spawn the child and ask it to import the file (returns at once)."""
        if self._child is None:
            self._child = ChildProcess(self._scratch, self.stdout, self.stderr, self.isolation,
                                       self.limits)
            driver = self.submission.driver
            self._child.send(wire.Hello(
                path=str(self._copy), display=self.submission.display,
                functions=self.submission.functions,
                driver=str(driver.resolve()) if driver is not None else None,
                sandbox=self._sandbox))

    def close(self) -> None:
        if self._child is not None:
            self._child.close()
            self._child = None
        self.isolation.release()
        shutil.rmtree(self._scratch, ignore_errors=True)
        _open_sessions.discard(self)

    def abandon(self) -> None:
        """Kill the child at once and free everything (for a grader told to stop)."""
        if self._child is not None:
            self._child.kill()
            self._child = None
        self.close()

    def __enter__(self) -> ChildSession:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- import -----------------------------------------------------------------
    def load_report(self) -> wire.Loaded:
        """How importing the submission went (waits for the first child)."""
        if self._report is None:
            self._report = self._await_load()
        return self._report

    def _await_load(self) -> wire.Loaded:
        self.start()
        child = self._live_child()
        timeout = min(self.import_wall_s, max(self.budget.remaining(), 0.01))
        return channel.parse_loaded(child.receive(time.monotonic() + timeout, timeout))

    # -- scenarios ----------------------------------------------------------------
    def play(self, run: wire.Run, referee: Referee, wall_s: float) -> None:
        """Run one scenario in the child, feeding every message to `referee` (which keeps
        the clock, plays the fakes and writes the record) and sending back its answers.

        After `MAX_TIMEOUTS` scenarios have run out of wall time, the rest are not
        run: a file that hangs everywhere is decided in seconds, not minutes.
        """
        remaining = self.budget.remaining()
        if remaining <= 0:
            raise BudgetExhausted("not run: the time allowed for this kata was used up")
        if self._timeouts >= MAX_TIMEOUTS:
            raise BudgetExhausted(f"not run: your code already ran out of time (wall-clock or "
                                  f"CPU) in {self._timeouts} scenarios{self._stuck_at}")
        try:
            self._ensure_loaded()
            self._exchange(self._live_child(), run, referee, min(wall_s, remaining))
        except (ScenarioTimeout, CpuLimitHit) as stuck:
            self._timeouts += 1
            self._discard_child()
            where = _where(referee.busy)
            self._stuck_at = self._stuck_at or where
            raise type(stuck)(f"{stuck}{where}") from None
        except ChildProblem:
            self._discard_child()
            raise

    @staticmethod
    def _exchange(child: ChildProcess, run: wire.Run, referee: Referee, wall_s: float) -> None:
        child.send(run)
        deadline = time.monotonic() + wall_s
        received = 0
        while not referee.finished:
            line = child.receive(deadline, wall_s)
            received += len(line)
            if received > MAX_SCENARIO_BYTES:
                raise Interference("your code flooded the grader's channel with messages")
            answer = referee.receive(channel.parse(line))
            if answer is not None:
                child.send(answer)

    def _ensure_loaded(self) -> None:
        if self._child is None:
            self.start()
            report = self._await_load()
            if report.status != "ok":
                raise ChildDied("your file no longer imports in a fresh process")
        elif self._report is None:
            self.load_report()

    def _live_child(self) -> ChildProcess:
        assert self._child is not None
        return self._child

    def _discard_child(self) -> None:
        if self._child is not None:
            self._child.kill()
            self._child = None


_open_sessions: weakref.WeakSet[ChildSession] = weakref.WeakSet()


def abandon_all_sessions() -> None:
    """Kill every open session's child and free its folders: for SIGTERM handlers."""
    for session in list(_open_sessions):
        session.abandon()


def _child_env(scratch: Path) -> dict[str, str]:
    env = {k: os.environ[k] for k in _ENV_ALLOWLIST if k in os.environ}
    env.update(HOME=str(scratch), TMPDIR=str(scratch), PYTHONDONTWRITEBYTECODE="1",
               MALLOC_ARENA_MAX="2")
    return env


def _where(location: wire.Location | None) -> str:
    """", at line 7 (in fetch_all)": where the child said a long step was, if it said."""
    if location is None or location.line is None:
        return ""
    function = f" (in {location.function[:60]})" if location.function else ""
    return f", at line {location.line}{function}"
