"""The child process as the parent sees it: deadlines, restarts, clean ends."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from grader import wire
from grader.models.observation import Observation
from grader.runner.session import (
    Budget,
    BudgetExhausted,
    ChildDied,
    ChildSession,
    ScenarioTimeout,
    Submission,
)
from grader.testing.referee import Referee
from grader.testing.scenario import Fetch, Step

SOURCE = '''
import os

print("imported")

async def work(fetch, names):
    if names == ["spin"]:
        while True:
            pass
    if names == ["die"]:
        os._exit(3)
    return [await fetch(n) for n in names]
'''


def observe(session: ChildSession, number: int, names: list[str], wall_s: float) -> Observation:
    """Play one scenario of `work(fetch, names)`; the referee keeps the record."""
    fetch = Fetch({"a": Step(0.25, "A"), "b": Step(0.5, "B")})
    referee = Referee(f"s#{number}", [fetch], limit_s=60.0)
    entry = wire.Call("work", [wire.FakeArg("fetch"), wire.ValueArg(names)])
    session.play(referee.run_message(entry), referee, wall_s)
    assert referee.observation is not None
    return referee.observation


@pytest.fixture
def session(tmp_path: Path):
    path = tmp_path / "solution.py"
    path.write_text(SOURCE)
    with ChildSession(Submission(path, "solution.py", ["work"]),
                      budget=Budget(60), output_cap=1024) as opened:
        yield opened


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_a_scenario_is_observed_on_the_virtual_clock(session: ChildSession) -> None:
    assert session.load_report().functions == {"work": "async"}
    observation = observe(session, 1, ["a", "b"], wall_s=10)
    assert observation.ended_at == 0.75
    assert [e.event for e in observation.trace if e.key == "b"] == ["called", "started",
                                                                   "returned"]


def test_a_spinning_scenario_is_killed_and_the_next_gets_a_fresh_child(
        session: ChildSession) -> None:
    session.load_report()
    first_pid = session._live_child().process.pid
    with pytest.raises(ScenarioTimeout, match=r"of real time, at line [89] \(in work\)$"):
        observe(session, 1, ["spin"], wall_s=0.5)
    assert not _alive(first_pid)
    assert observe(session, 2, ["a"], wall_s=10).ended_at == 0.25
    assert session.stdout.text.count("imported") == 2


def test_a_child_that_exits_is_described_and_replaced(session: ChildSession) -> None:
    with pytest.raises(ChildDied, match="exited with code 3"):
        observe(session, 1, ["die"], wall_s=10)
    assert observe(session, 2, ["b"], wall_s=10).ended_at == 0.5


def test_no_scenario_runs_once_the_budget_is_spent(tmp_path: Path) -> None:
    path = tmp_path / "solution.py"
    path.write_text(SOURCE)
    with ChildSession(Submission(path, "solution.py", ["work"]),
                      budget=Budget(0), output_cap=1024) as spent, \
            pytest.raises(BudgetExhausted):
        observe(spent, 1, ["a"], wall_s=10)


def test_closing_the_session_leaves_no_process_behind(tmp_path: Path) -> None:
    path = tmp_path / "solution.py"
    path.write_text(SOURCE)
    session = ChildSession(Submission(path, "solution.py", ["work"]),
                           budget=Budget(60), output_cap=1024)
    session.load_report()
    pid = session._live_child().process.pid
    session.close()
    assert not _alive(pid)
