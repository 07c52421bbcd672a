"""The pytest plugin the grader runs the hidden checks with, in its own process.

It supplies the ``kata`` fixture, ties each test to a check of the kata's
metadata through its ``@check("id")`` mark, and records each check's outcome
straight from the exception that ended it: `CheckFailed` is a failed check, a
`ChildProblem` is a timeout or an error of the submission's process, and any
other exception is a fault of the check itself (a bug in the kata, reported as
such, never blamed on the student).
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import replace
from typing import Any

import pytest

from ..models.outcome import CheckOutcome
from ..runner.session import ChildProblem
from .expect import CheckFailed
from .harness import CheckContext, Harness, NotImplementedYet

MARK = "kata_check"


def check(check_id: str) -> pytest.MarkDecorator:
    """Mark a hidden test as the check `check_id` of the kata's metadata."""
    mark: pytest.MarkDecorator = getattr(pytest.mark, MARK)(check_id)
    return mark


class KataPlugin:
    """Registered with ``pytest.main(..., plugins=[KataPlugin(context)])``."""

    def __init__(self, context: CheckContext) -> None:
        self.context = context
        self.outcomes: dict[str, CheckOutcome] = {}
        self.collection_faults: list[str] = []

    def pytest_configure(self, config: pytest.Config) -> None:
        config.addinivalue_line("markers", f"{MARK}(id): the kata check this test implements")

    @pytest.fixture
    def kata(self, request: pytest.FixtureRequest) -> Harness:
        return Harness(self.context, _check_id(request.node))

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed:
            self.collection_faults.append(f"{report.nodeid}: {report.longreprtext.strip()[-500:]}")

    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        declared = [c.id for c in self.context.meta.checks]
        found: dict[str, pytest.Item] = {}
        for item in items:
            check_id = _check_id(item)
            if check_id in found or check_id not in declared:
                self.collection_faults.append(f"{item.nodeid}: check id {check_id!r} is "
                                              "duplicated or not in kata.toml")
            found[check_id] = item
        missing = [c for c in declared if c not in found]
        if missing:
            self.collection_faults.append(f"checks without a test: {', '.join(missing)}")
        items[:] = [found[c] for c in declared if c in found]

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(
        self, item: pytest.Item, call: pytest.CallInfo[None]
    ) -> Generator[None, Any, None]:
        yield
        if call.when == "call" or (call.when == "setup" and call.excinfo is not None):
            outcome = _outcome(call)
            self.outcomes[_check_id(item)] = replace(outcome, seconds=round(call.duration, 4))


def _check_id(item: Any) -> str:
    mark = item.get_closest_marker(MARK)
    if mark is None or not mark.args:
        return f"<unmarked {item.name}>"
    return str(mark.args[0])


def _outcome(call: pytest.CallInfo[None]) -> CheckOutcome:
    if call.excinfo is None:
        return CheckOutcome("passed")
    exc = call.excinfo.value
    if isinstance(exc, CheckFailed):
        return CheckOutcome("failed", exc.expected, exc.observed, exc.hint,
                            not_implemented=isinstance(exc, NotImplementedYet))
    if isinstance(exc, ChildProblem):
        return CheckOutcome.of_problem(exc)
    return CheckOutcome("error", fault=f"{type(exc).__name__}: {exc}")
