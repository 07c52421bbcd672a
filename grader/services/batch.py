"""Grade a whole class: every (student, kata) pair, in parallel, resumable.

Each pair is a *job*.  Jobs run in worker processes (pytest, which runs the
hidden checks, is not thread-safe), each with its own children and sandbox, so
one student's crash, timeout or hostile file touches no other.  A worker writes
each scorecard atomically the moment it is known, so a run killed at any
instant loses at most the pairs in progress; rerunning skips every pair whose
scorecard already matches the submission's hash, the kata's version and the
grader's version.  Seeds are derived from the submission and the kata, so the
same inputs give the same scorecards (apart from times) however often, in
whatever order, and on however many workers or shards they are graded.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import queue
import signal
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .. import __version__
from ..catalogue import Catalogue, Kata
from ..models.kata import Limits
from ..models.scorecard import Scorecard, SubmissionRef
from ..runner import reaper
from ..runner.isolation import Mode
from ..runner.session import abandon_all_sessions
from .checking import check_submission, ungraded_scorecard
from .roster import Entry, Roster
from .store import sha256_of, write_atomically

SEED_RANGE = 2**31
_POLL_S = 0.2


@dataclass(frozen=True)
class Job:
    """One pair to grade, as sent to a worker (picklable)."""

    student: str
    kata: str  # the kata's id
    path: str | None
    problem: str | None
    display: str
    sha256: str | None
    out: str

    @property
    def key(self) -> tuple[str, str]:
        return self.student, self.kata


@dataclass(frozen=True)
class Done:
    """What became of one pair."""

    student: str
    kata: str
    status: str
    score: int
    max_score: int
    seconds: float
    reused: bool = False
    fault: str | None = None


@dataclass(frozen=True)
class Settings:
    """Everything a worker needs besides its jobs (picklable)."""

    katas_dir: str
    limits: dict[str, Any]
    isolation: Mode
    seed: int | None


def scorecard_path(out: Path, student: str, kata_id: str) -> Path:
    return out / student / f"{kata_id}.json"


def plan(roster: Roster, out: Path, force: bool) -> tuple[list[Job], list[Done]]:
    """Split the class into jobs to run and pairs whose scorecard is already up to date."""
    jobs: list[Job] = []
    kept: list[Done] = []
    for entry in roster.entries:
        job = job_for(entry, roster.root, out)
        existing = None if force else _up_to_date(job, entry.kata)
        if existing is not None:
            kept.append(_done(job, existing, 0.0, reused=True))
        else:
            jobs.append(job)
    return jobs, kept


def job_for(entry: Entry, root: Path, out: Path) -> Job:
    path = entry.path
    shown = str(path.relative_to(root)) if path is not None else (
        str(entry.candidates[0].relative_to(root)) if entry.candidates else "")
    return Job(student=entry.student, kata=entry.kata.meta.id,
               path=str(path) if path is not None else None, problem=entry.problem,
               display=shown, sha256=sha256_of(path) if path is not None else None,
               out=str(out))


def _up_to_date(job: Job, kata: Kata) -> Scorecard | None:
    """The existing scorecard, if it was made from this very file, kata and grader."""
    if job.sha256 is None:
        return None  # missing or refused: cheap to decide again, and always the same
    try:
        card = Scorecard.model_validate_json(
            scorecard_path(Path(job.out), job.student, job.kata).read_bytes())
    except (OSError, ValidationError):
        return None
    same = (card.submission is not None and card.submission.sha256 == job.sha256
            and card.kata.version == kata.meta.version and card.grader.version == __version__
            and card.student == job.student)
    return card if same else None


def _done(job: Job, card: Scorecard, seconds: float, reused: bool = False,
          fault: str | None = None) -> Done:
    return Done(job.student, job.kata, card.status, card.score, card.max_score, seconds,
                reused, fault)


# -- the worker side ----------------------------------------------------------------
def grade_job(job: Job, catalogue: Catalogue, settings: Settings) -> Done:
    """Grade one pair and write its scorecard (atomically); runs in a worker."""
    started = time.monotonic()
    card, fault = grade_pair(job, catalogue, settings)
    write_atomically(scorecard_path(Path(job.out), job.student, job.kata),
                     card.model_dump_json(indent=2))
    return _done(job, card, time.monotonic() - started, fault=fault)


def grade_pair(job: Job, catalogue: Catalogue, settings: Settings) -> tuple[Scorecard, str | None]:
    """The scorecard of one pair (with the student's name), and any fault of the grader."""
    kata = catalogue.resolve(job.kata)
    limits = kata.meta.limits.model_copy(update=settings.limits)
    fault = None
    if job.path is None:
        card = _ungraded(job, kata, limits)
    else:
        report = check_submission(kata, Path(job.path), seed=job_seed(job, settings.seed),
                                  display=job.display, limits=limits,
                                  isolation=settings.isolation)
        card = report.scorecard
        fault = "; ".join(report.faults) or None
    return card.model_copy(update={"student": job.student}), fault


def _ungraded(job: Job, kata: Kata, limits: Limits) -> Scorecard:
    if job.problem is not None:
        submission = SubmissionRef(path=job.display, sha256="") if job.display else None
        return ungraded_scorecard(kata, status="error", message=job.problem, limits=limits,
                                  submission=submission)
    return ungraded_scorecard(kata, status="missing", limits=limits,
                              message=f"{job.student} has no file for kata {kata.meta.name}.")


def job_seed(job: Job, base: int | None) -> int:
    """The same seed for the same file and kata, on any worker, shard or rerun."""
    text = f"{base}:{job.kata}:{job.sha256}"
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "big") % SEED_RANGE


def _worker(settings: Settings, jobs: Any, results: Any) -> None:
    """A worker process: grade jobs until told to stop (a None job, or SIGTERM)."""
    signal.signal(signal.SIGTERM, lambda *_: _exit_cleanly())
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the orchestrator decides on Ctrl-C
    catalogue = Catalogue(Path(settings.katas_dir))
    while (job := jobs.get()) is not None:
        results.put(("start", os.getpid(), job))
        try:
            done = grade_job(job, catalogue, settings)
        except Exception as exc:  # noqa: BLE001 - a fault is reported, the run goes on
            done = Done(job.student, job.kata, "error", 0, 0, 0.0,
                        fault=f"{type(exc).__name__}: {exc}")
        results.put(("done", os.getpid(), done))


def _exit_cleanly() -> None:
    """SIGTERM: kill the session in progress, free its folders and cgroup, and go.

    (Raising SystemExit would not do: pytest, running the checks, catches it.)"""
    abandon_all_sessions()
    os._exit(143)


# -- the orchestrator -----------------------------------------------------------------
class Pool:
    """`size` worker processes fed from one queue; a dead worker is replaced."""

    def __init__(self, size: int, settings: Settings) -> None:
        self.context = multiprocessing.get_context("spawn")
        self.settings = settings
        self.jobs: Any = self.context.Queue()
        self.results: Any = self.context.Queue()
        self.workers: dict[int, Any] = {}
        self.in_flight: dict[int, Job] = {}
        reaper.guard_grader()
        for _ in range(size):
            self._spawn()

    def _spawn(self) -> None:
        process = self.context.Process(target=_worker, daemon=True,
                                       args=(self.settings, self.jobs, self.results))
        process.start()
        assert process.pid is not None
        self.workers[process.pid] = process

    def run(self, jobs: list[Job]) -> Iterator[Done]:
        """Grade `jobs`, yielding each outcome as it arrives."""
        for job in jobs:
            self.jobs.put(job)
        remaining = len(jobs)
        while remaining:
            try:
                kind, pid, payload = self.results.get(timeout=_POLL_S)
            except queue.Empty:
                for done in self._replace_dead_workers():
                    remaining -= 1
                    yield done
                continue
            if kind == "start":
                self.in_flight[pid] = payload
            else:
                self.in_flight.pop(pid, None)
                remaining -= 1
                yield payload

    def _replace_dead_workers(self) -> Iterator[Done]:
        for pid, process in list(self.workers.items()):
            if process.is_alive():
                continue
            del self.workers[pid]
            job = self.in_flight.pop(pid, None)
            if job is not None:
                yield Done(job.student, job.kata, "error", 0, 0, 0.0,
                           fault=f"a grading worker died (exit {process.exitcode}) on this file")
            self._spawn()

    def close(self, interrupted: bool = False) -> None:
        """Stop the workers (at once if interrupted), then sweep what they leave."""
        for _ in self.workers:
            self.jobs.put(None)
        for process in self.workers.values():
            if interrupted:
                process.terminate()
        for process in self.workers.values():
            process.join(timeout=10)
            if process.is_alive():
                process.kill()
                process.join()
        reaper.sweep()


def grade_class(jobs: list[Job], workers: int, settings: Settings,
                on_done: Callable[[Done], None]) -> None:
    """Run every job on `workers` processes, reporting each outcome to `on_done`.

    KeyboardInterrupt stops the workers and their children cleanly and propagates.
    """
    if not jobs:
        return
    pool = Pool(min(workers, len(jobs)), settings)
    try:
        for done in pool.run(jobs):
            on_done(done)
    except KeyboardInterrupt:
        pool.close(interrupted=True)
        raise
    pool.close()


def in_shard(student: str, shard: tuple[int, int] | None) -> bool:
    """Whether `student` belongs to shard K of N (a stable hash of the name)."""
    if shard is None:
        return True
    k, n = shard
    digest = int.from_bytes(hashlib.sha256(student.encode()).digest()[:8], "big")
    return digest % n == k - 1
