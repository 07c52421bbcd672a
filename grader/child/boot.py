"""The child's first code: be a quiet init when alone in a PID namespace, then run.

In a fresh PID namespace the first process is pid 1, and pid 1 has init's
semantics: signals it has no handler for are ignored, and orphans are its to
reap.  The harness must not run as such a process (a student's SIGTERM to
itself, or a CPU-limit SIGXCPU, would silently do nothing), so pid 1 forks,
lets the child run the harness, reaps every orphan, and exits with the
harness's status: its exit code, or 128 + the signal that killed it.  When
pid 1 exits, the kernel kills whatever else is left in the namespace, which
is how a double-forked daemon dies with its check.
"""

from __future__ import annotations

import os
import sys

SIGNAL_BASE = 128


def main(argv: list[str]) -> int:
    if os.getpid() == 1:
        child = os.fork()
        if child != 0:
            return _reap_until(child)
    from .__main__ import main as harness

    return harness(argv)


def _reap_until(child: int) -> int:
    """Reap every process that ends here; return when `child` has, with its status."""
    while True:
        try:
            pid, status = os.wait()
        except ChildProcessError:
            return 1
        except InterruptedError:
            continue
        if pid == child:
            if os.WIFSIGNALED(status):
                return SIGNAL_BASE + os.WTERMSIG(status)
            return os.WEXITSTATUS(status)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
