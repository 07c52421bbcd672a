"""What can go wrong with a scenario that is the submission's doing, never the grader's."""

from __future__ import annotations


class ChildProblem(Exception):
    """A scenario produced no usable record.

    Each kind says, in a student's words, what was expected and what to look
    at; `status` becomes the check's status and ``str(problem)`` what happened.
    """

    status = "error"
    expected = "your code to return or raise"
    hint: str | None = None


class ScenarioTimeout(ChildProblem):
    status = "timeout"
    expected = "your code to finish within its share of real time"
    hint = ("Look for a loop that never awaits (`while True:` with no `await` inside), "
            "or a long blocking computation.")


class BudgetExhausted(ChildProblem):
    status = "timeout"
    expected = "every check to run"
    hint = ("Earlier checks ran out of time, so this one was not run: fix the ones that "
            "timed out first.")


class ChildDied(ChildProblem):
    hint = "Did your code call sys.exit() or os._exit(), or crash Python itself?"


class CpuLimitHit(ChildDied):
    """The child used up its CPU time: as costly as a timeout, and counted like one."""

    hint = ("Your code computed for seconds without pause: look for a loop that never "
            "ends or never awaits.")


class LimitExceeded(ChildProblem):
    expected = "your code to stay within the limits every submission runs under"
    hint = ("Look for data that grows without bound (a list appended to forever, a huge "
            "string), or work that never ends.")


class Interference(ChildProblem):
    """What the child sent broke the wire's rules: malformed, unknown, duplicated, out of
    order, or claiming what the grader never handed out.  A failed check, never a fault
    of the grader."""

    status = "failed"
    expected = "your code to leave the grader's channel alone"
    hint = ("Do not reach into the grader from your code: its pipes, its modules, its "
            "objects. Solve the kata with asyncio and the fakes you are given.")
