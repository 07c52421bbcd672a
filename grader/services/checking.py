"""Check one submission against one kata and produce its scorecard.

The child process is started first, so that Python in the child imports the
submission while this process imports pytest: on two cores the two start-up
costs overlap.  The hidden checks then run under pytest here, in the grader's
process, playing each scenario against the child (the grader keeps the clock
and the record) and judging it; the scorecard is assembled from the outcomes
the plugin recorded, never from anything the child said about itself.
"""

from __future__ import annotations

import contextlib
import io
import os
import platform
import secrets
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from .. import __version__
from ..catalogue import Kata
from ..errors import SubmissionNotFoundError
from ..models.kata import CheckSpec, KataMeta, Limits
from ..models.outcome import CheckOutcome
from ..models.scorecard import (
    AdviceNote,
    CapturedOutput,
    CapturedStream,
    CheckResult,
    Finding,
    GraderInfo,
    IsolationLayer,
    KataRef,
    Scorecard,
    Status,
    SubmissionRef,
)
from ..runner.isolation import Mode
from ..runner.isolation import plan as isolation_plan
from ..runner.output import DEFAULT_CAP, Capture
from ..runner.session import Budget, ChildProblem, ChildSession, Submission
from .advice import PendingAdvice
from .import_report import describe_import_failure
from .store import sha256_of

if TYPE_CHECKING:
    from ..testing.harness import CheckContext

SEED_RANGE = 2**31
NOT_IMPLEMENTED = "Not implemented yet: your functions still raise NotImplementedError."
# Built-in pytest plugins the hidden checks have no use for; skipping them
# saves a good part of pytest's start-up and tear-down (unraisableexception
# alone runs the garbage collector five times as each run ends: ~90 ms here).
_UNUSED_PLUGINS = (
    "cacheprovider", "stepwise", "doctest", "junitxml", "pastebin", "legacypath", "tmpdir",
    "recwarn", "setuponly", "setupplan", "unittest", "faulthandler", "logging", "debugging",
    "warnings", "python_path", "monkeypatch", "unraisableexception", "threadexception",
)
PYTEST_ARGS = (
    "--disable-plugin-autoload", *(a for p in _UNUSED_PLUGINS for a in ("-p", f"no:{p}")),
    "--assert=plain", "--capture=no", "--import-mode=importlib", "-q",
)


@dataclass
class CheckReport:
    """A scorecard, and any fault of the grader itself met while producing it."""

    scorecard: Scorecard
    faults: list[str] = field(default_factory=list)


@dataclass
class _Graded:
    outcomes: dict[str, CheckOutcome]
    message: str | None = None
    findings: list[Finding] = field(default_factory=list)
    faults: list[str] = field(default_factory=list)


def check_submission(kata: Kata, path: Path, *, seed: int | None = None,
                     display: str | None = None, limits: Limits | None = None,
                     isolation: Mode = "auto") -> CheckReport:
    """Grade `path` against `kata`; a broken submission is data, not an exception.

    `seed` fixes every random choice of the scenarios (a fresh one is drawn and
    recorded otherwise); `limits` replaces the kata's own limits; `isolation`
    chooses how strictly the child is fenced in (strict refuses to grade, with
    a UsageError, where a layer is missing).
    """
    if not path.is_file():
        raise SubmissionNotFoundError(f"No file {path} to check.")
    seed = secrets.randbelow(SEED_RANGE) if seed is None else seed
    started_at, clock = datetime.now(UTC), time.monotonic()
    meta = kata.meta
    limits = limits or meta.limits
    plan = isolation_plan(isolation)
    submission = Submission(path, display or str(path), meta.functions, kata.driver)
    hidden = [kata.path.parent.resolve(), path.resolve().parent]
    advice = PendingAdvice(path)  # ruff reads the file while the checks run
    with ChildSession(submission, budget=Budget(limits.total_wall_s), output_cap=DEFAULT_CAP,
                      limits=limits, isolation=plan, hidden=hidden) as session:
        session.start()
        graded = _grade(kata, session, seed, limits)
    results = [_result(spec, graded.outcomes[spec.id]) for spec in meta.checks]
    scorecard = Scorecard(
        kata=KataRef(id=meta.id, slug=meta.slug, title=meta.title, version=meta.version),
        submission=SubmissionRef(path=submission.display, sha256=sha256_of(path)),
        grader=GraderInfo(version=__version__, python=platform.python_version()),
        seed=seed,
        started_at=started_at,
        duration_s=round(time.monotonic() - clock, 3),
        status=_status(results, graded.message is not None),
        message=graded.message or _not_implemented(graded.outcomes),
        score=sum(r.points for r in results),
        max_score=meta.max_score,
        checks=results,
        findings=graded.findings,
        advice=[AdviceNote(code=a.code, line=a.line, message=a.message)
                for a in advice.result()],
        output=CapturedOutput(stdout=_stream(session.stdout), stderr=_stream(session.stderr)),
        limits=limits,
        isolation=[IsolationLayer(name=layer.name, active=layer.active, note=layer.note)
                   for layer in plan.layers],
    )
    return CheckReport(scorecard, graded.faults)


def ungraded_scorecard(kata: Kata, *, status: Status, message: str, limits: Limits,
                       submission: SubmissionRef | None = None) -> Scorecard:
    """A scorecard for a file that was never run: missing, or refused before grading."""
    meta = kata.meta
    return Scorecard(
        kata=KataRef(id=meta.id, slug=meta.slug, title=meta.title, version=meta.version),
        submission=submission,
        grader=GraderInfo(version=__version__, python=platform.python_version()),
        seed=0, started_at=datetime.now(UTC), duration_s=0.0, status=status, message=message,
        score=0, max_score=meta.max_score, checks=[], findings=[],
        output=CapturedOutput(stdout=_stream(Capture()), stderr=_stream(Capture())),
        limits=limits, isolation=[],
    )


def _grade(kata: Kata, session: ChildSession, seed: int, limits: Limits) -> _Graded:
    """Import the submission, then run the hidden checks if it imported."""
    from ..testing.harness import CheckContext  # imports pytest: overlaps the child's start

    try:
        report = session.load_report()
    except ChildProblem as problem:
        return _every_check(kata.meta, CheckOutcome.of_problem(problem))
    if report.status != "ok":
        return _every_check(kata.meta, describe_import_failure(report, session.limits))
    context = CheckContext(meta=kata.meta, limits=limits, session=session, seed=seed,
                           load=report)
    outcomes, faults = _run_checks(kata, context)
    return _Graded(outcomes, findings=_findings(context), faults=faults)


def _every_check(meta: KataMeta, outcome: CheckOutcome) -> _Graded:
    """The same outcome for all checks: the file could not be graded at all."""
    message = f"Your file could not be graded: {outcome.observed}."
    return _Graded({c.id: outcome for c in meta.checks}, message=message)


def _run_checks(kata: Kata, context: CheckContext) -> tuple[dict[str, CheckOutcome], list[str]]:
    """Run the hidden checks under pytest; return each check's outcome and any faults."""
    import pytest

    from ..testing.plugin import KataPlugin

    plugin = KataPlugin(context)
    args = [str(kata.checks_dir), "-c", os.devnull, "--rootdir", str(kata.checks_dir),
            *PYTEST_ARGS]
    chatter = io.StringIO()
    with (contextlib.redirect_stdout(chatter), contextlib.redirect_stderr(chatter),
          _forgetting_modules_under(kata.checks_dir)):
        exit_code = pytest.main(args, plugins=[plugin])
    faults = list(plugin.collection_faults)
    if exit_code not in (0, 1) and not faults:
        faults.append(f"pytest exited with {exit_code}: {chatter.getvalue()[-500:]}")
    outcomes = {}
    for spec in kata.meta.checks:
        outcome = plugin.outcomes.get(spec.id) or CheckOutcome("error", fault="it did not run")
        if outcome.fault is not None:
            faults.append(f"{kata.meta.name}/{spec.id}: {outcome.fault}")
            outcome = CheckOutcome("error", "the check to run",
                                   "the grader itself failed on this check; not your fault")
        outcomes[spec.id] = outcome
    return outcomes, faults


@contextlib.contextmanager
def _forgetting_modules_under(folder: Path) -> Iterator[None]:
    """Drop the hidden check modules from sys.modules afterwards.

    pytest's importlib mode reuses a module already in sys.modules under the same
    name, so a second kata set with a same-named check file (an instructor's
    private copy) would silently run the first one's checks.
    """
    try:
        yield
    finally:
        root = str(folder.resolve())
        stale = [name for name, module in list(sys.modules.items())
                 if str(getattr(module, "__file__", None) or "").startswith(root)]
        for name in stale:
            del sys.modules[name]


def _findings(context: CheckContext) -> list[Finding]:
    """Each distinct finding once, with the checks whose scenarios showed it."""
    merged: dict[tuple[str, str, int | None], Finding] = {}
    for check_id, seen in context.findings:
        key = (seen.kind, seen.message, seen.line)
        finding = merged.setdefault(key, Finding(kind=seen.kind, message=seen.message,
                                                 file=seen.file, line=seen.line, checks=[]))
        if check_id not in finding.checks:
            finding.checks.append(check_id)
    return list(merged.values())


# -- assembling the scorecard ------------------------------------------------------
def _result(spec: CheckSpec, outcome: CheckOutcome) -> CheckResult:
    passed = outcome.status == "passed"
    return CheckResult(
        id=spec.id, title=spec.title, category=spec.category, status=outcome.status,
        points=spec.points if passed else 0, max_points=spec.points,
        expected=None if passed else outcome.expected,
        observed=None if passed else outcome.observed,
        message=None if passed else f"Expected {outcome.expected}; observed {outcome.observed}.",
        hint=None if passed else outcome.hint, duration_s=outcome.seconds,
        hint_levels=len(spec.hints),
    )


def _status(results: list[CheckResult], not_graded: bool) -> Status:
    statuses = {r.status for r in results}
    if statuses == {"passed"}:
        return "passed"
    if "timeout" in statuses:
        return "timeout"
    if not_graded or "error" in statuses:
        return "error"
    return "failed"


def _not_implemented(outcomes: dict[str, CheckOutcome]) -> str | None:
    if outcomes and all(o.not_implemented for o in outcomes.values()):
        return NOT_IMPLEMENTED
    return None


def _stream(capture: Capture) -> CapturedStream:
    return CapturedStream(text=capture.text, bytes_total=capture.total,
                          truncated=capture.truncated)
