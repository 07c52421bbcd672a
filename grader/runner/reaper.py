"""Nothing a submission starts may outlive its check.

The grader marks itself a *child subreaper*: a process that a submission
double-forks and detaches (``setsid``) is reparented to the grader instead of
to init, where `sweep` finds and kills it.  The grader also makes itself
non-dumpable, so a child running as the same user cannot read its memory
through /proc or ptrace.  (In a PID namespace the kernel does the sweeping:
every process in it dies with the namespace's first process.)
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import time
import weakref
from pathlib import Path

_PR_SET_DUMPABLE = 4
_PR_SET_CHILD_SUBREAPER = 36
_SWEEP_ROUNDS = 5
_guarded = False
_live: weakref.WeakSet[object] = weakref.WeakSet()


def guard_grader() -> None:
    """Become a subreaper and non-dumpable (once per process; a no-op where unsupported)."""
    global _guarded
    if _guarded:
        return
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
        libc.prctl(_PR_SET_DUMPABLE, 0, 0, 0, 0)
    _guarded = True


def register(child: object) -> None:
    """A live child of some session: the sweep must leave it (and its tree) alone."""
    _live.add(child)


def sweep() -> int:
    """Kill every process reparented to the grader that no live session owns; return how many.

    Only those processes are reaped: a live session's children are left to it.
    """
    killed: list[int] = []
    for _ in range(_SWEEP_ROUNDS):
        strays = _strays()
        if not strays:
            break
        for pid in strays:
            killed += _kill_tree(pid)
        time.sleep(0.01)
        _reap(killed)
    return len(set(killed))


def _strays() -> list[int]:
    """Children of the grader that a submission left: not a live session's child, and
    not in the grader's own session (its own helpers, such as multiprocessing's
    resource tracker or grading workers, are; every child runs in a session of its
    own, and whatever it starts stays there or makes a new one)."""
    owned = {getattr(child, "pid", None) for child in list(_live)}
    mine = os.getsid(0)
    return [pid for pid in children_of(os.getpid())
            if pid not in owned and _session(pid) not in (mine, None)]


def children_of(parent: int) -> list[int]:
    """The pids whose parent is `parent`, from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and _parent(int(entry.name)) == parent:
            found.append(int(entry.name))
    return found


def _parent(pid: int) -> int | None:
    return _stat_field(pid, 1)


def _session(pid: int) -> int | None:
    return _stat_field(pid, 3)


def _stat_field(pid: int, index: int) -> int | None:
    """A numeric field of /proc/PID/stat, counted after the command name (state is 0)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat.rpartition(")")[2].split()[index])


def _kill_tree(pid: int) -> list[int]:
    """SIGSTOP the tree top-down (so nothing forks meanwhile), then SIGKILL it all."""
    tree = _tree(pid)
    for each in tree:
        _signal(each, signal.SIGSTOP)
    for each in tree:
        _signal(each, signal.SIGKILL)
    return tree


def _tree(pid: int) -> list[int]:
    tree, frontier = [pid], [pid]
    while frontier:
        frontier = [c for p in frontier for c in children_of(p)]
        tree += frontier
    return tree


def _signal(pid: int, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.kill(pid, signum)


def _reap(pids: list[int]) -> None:
    """Collect the zombies among `pids` that became the grader's children."""
    for pid in pids:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)
