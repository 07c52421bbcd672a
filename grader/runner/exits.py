"""How a child ended, in words that name the limit it hit.

A child stopped by a limit must not be reported as a bare signal number: the
CPU soft limit sends SIGXCPU, the file-size limit SIGXFSZ, and the hard CPU
limit SIGKILL, which the CPU time the child used tells apart from a SIGKILL
sent by anything else.  In a PID namespace the child's first process (see
`grader.child.boot`) reports a death by signal as exit code 128 + signal.
"""

from __future__ import annotations

import signal
from dataclasses import dataclass

from ..models.kata import Limits

HARD_CPU_MARGIN_S = 2  # grader.child.sandbox sets the hard CPU limit this far above the soft


@dataclass(frozen=True)
class Ending:
    """A child's exit: its exit code or the signal that killed it, and its CPU time."""

    code: int | None
    signum: int | None
    cpu_s: float

    @classmethod
    def of(cls, returncode: int, cpu_s: float, via_init: bool) -> Ending:
        if returncode < 0:
            return cls(None, -returncode, cpu_s)
        if via_init and returncode > 128:
            return cls(None, returncode - 128, cpu_s)
        return cls(returncode, None, cpu_s)


def hit_cpu_limit(ending: Ending, limits: Limits) -> bool:
    """Did the child die of its CPU-time limit (soft, or hard after ignoring SIGXCPU)?"""
    return ending.signum == signal.SIGXCPU or (
        ending.signum == signal.SIGKILL
        and ending.cpu_s >= limits.cpu_s + HARD_CPU_MARGIN_S - 0.5)


def describe(ending: Ending, limits: Limits) -> str:
    """The ending in a student's words, naming the limit where one was hit."""
    if ending.signum is None:
        return f"it exited with code {ending.code}"
    signum = ending.signum
    if signum == signal.SIGXCPU:
        return f"it exceeded the CPU time limit of {limits.cpu_s} s"
    if signum == signal.SIGXFSZ:
        return f"it exceeded the file size limit of {limits.file_size_mb} MiB"
    if signum == signal.SIGKILL and hit_cpu_limit(ending, limits):
        return (f"it exceeded the hard CPU time limit of {limits.cpu_s + HARD_CPU_MARGIN_S} s "
                "(after ignoring SIGXCPU)")
    if signum == signal.SIGSEGV:
        return "it crashed Python with a segmentation fault (SIGSEGV)"
    if signum == signal.SIGABRT:
        return (f"it aborted (SIGABRT), which often means the memory limit of "
                f"{limits.memory_mb} MiB was hit")
    return f"it was killed by signal {_name(signum)}"


def _name(signum: int) -> str:
    try:
        return signal.Signals(signum).name
    except ValueError:
        return str(signum)
