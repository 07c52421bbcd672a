"""The ``kata`` command.

This is the only place where errors become exit codes: a `KataError` is
printed as one line on stderr and exits with its class's code; anything else
is a fault of the grader (exit 3), shown as one line unless ``KATA_DEBUG`` is set.
"""

from __future__ import annotations

import json
import os
import sys
import traceback
from pathlib import Path
from typing import Any

import click

from . import __version__
from .catalogue import ENV_KATAS_DIR, Catalogue, Kata
from .errors import (
    EXIT_FAILED,
    EXIT_GRADER_FAULT,
    EXIT_PASSED,
    EXIT_USAGE,
    GraderFault,
    KataError,
    SubmissionNotFoundError,
    UsageError,
)

EXIT_CODES_HELP = f"""
\b
Exit codes:
  {EXIT_PASSED}  every check passed
  {EXIT_FAILED}  graded, and some check failed (also: the file crashed, hung or did not import)
  {EXIT_USAGE}  usage error: unknown kata, missing file, bad option
  {EXIT_GRADER_FAULT}  a fault of the grader itself (please report it)
"""


class KataGroup(click.Group):
    """Turns our errors into one line and an exit code, at the edge."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KataError as exc:
            click.echo(f"kata: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except BrokenPipeError:  # `kata list | head`: the reader left, nothing is wrong
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            ctx.exit(EXIT_PASSED)
        except Exception as exc:  # noqa: BLE001 - the last line of defence
            if os.environ.get("KATA_DEBUG"):
                traceback.print_exc()
            click.echo(f"kata: internal error: {type(exc).__name__}: {exc} "
                       "(set KATA_DEBUG=1 to see the traceback)", err=True)
            ctx.exit(EXIT_GRADER_FAULT)


@click.group(cls=KataGroup, epilog=EXIT_CODES_HELP,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--katas", "katas_dir", type=click.Path(file_okay=False, path_type=Path),
              envvar=ENV_KATAS_DIR, show_envvar=True,
              help="Folder of katas to use instead of the ones shipped with kata "
                   "(an instructor's private copy, say).")
@click.version_option(__version__, prog_name="kata")
@click.pass_context
def main(ctx: click.Context, katas_dir: Path | None) -> None:
    """Practise asyncio Tasks, one kata at a time, with exact feedback.

    \b
    A typical session:
      kata list              what there is, and how far you got
      kata show 02           read the task
      kata start 02          copy the starter to solutions/02-gather-in-order.py
      kata check 02          grade your file: every check, what went wrong, a hint

    Time in the checks is virtual: sleeps take no real time and elapsed times
    are exact, so a verdict never depends on how busy your machine is.
    """
    ctx.obj = _Lazy(katas_dir)


class _Lazy:
    """Loads the catalogue only for commands that need it (not for --help)."""

    def __init__(self, katas_dir: Path | None) -> None:
        self.katas_dir = katas_dir
        self._catalogue: Catalogue | None = None

    @property
    def catalogue(self) -> Catalogue:
        if self._catalogue is None:
            self._catalogue = Catalogue(self.katas_dir)
        return self._catalogue


def _kata(ctx: click.Context, ref: str) -> Kata:
    return ctx.find_object(_Lazy).catalogue.resolve(ref)  # type: ignore[union-attr]


def _workspace() -> Any:
    from .services.workspace import Workspace

    return Workspace(Path.cwd())


# -- options shared by the commands that grade ------------------------------------
LIMIT_FIELDS = {
    "scenario_timeout": "scenario_wall_s", "total_timeout": "total_wall_s",
    "memory_mb": "memory_mb", "cpu_seconds": "cpu_s", "max_file_mb": "file_size_mb",
    "max_open_files": "open_files", "max_processes": "processes",
}
_LIMIT_OPTIONS = (
    click.option("--scenario-timeout", type=click.FloatRange(0.1, 60), metavar="SECONDS",
                 help="Real seconds one scenario may run before it is stopped [kata's own, "
                      "usually 3]."),
    click.option("--total-timeout", type=click.FloatRange(0.5, 600), metavar="SECONDS",
                 help="Real seconds a whole check may take [kata's own, usually 20]."),
    click.option("--memory-mb", type=click.IntRange(64, 65536), metavar="MIB",
                 help="Address space of the child process [1024]."),
    click.option("--cpu-seconds", type=click.IntRange(1, 3600), metavar="SECONDS",
                 help="CPU time of the child process; the hard limit is 2 s more [20]."),
    click.option("--max-file-mb", type=click.IntRange(1, 65536), metavar="MIB",
                 help="Largest file the child may write [16]."),
    click.option("--max-open-files", type=click.IntRange(32, 65536), metavar="N",
                 help="Open files of the child [256]."),
    click.option("--max-processes", type=click.IntRange(4, 65536), metavar="N",
                 help="Processes and threads of the child's own uid (as root only) [64]."),
    click.option("--isolation", type=click.Choice(["auto", "strict", "none"]), default="auto",
                 show_default=True,
                 help="auto: every sandbox layer this machine offers; strict: refuse to grade "
                      "unless all are available (PID/network namespace, Landlock, own uid); "
                      "none: resource limits only."),
)


def limit_options(command: Any) -> Any:
    """The limit and isolation options, for every command that grades."""
    for option in reversed(_LIMIT_OPTIONS):
        command = option(command)
    return command


# -- commands ---------------------------------------------------------------------
@main.command("list")
@click.pass_context
def list_katas(ctx: click.Context) -> None:
    """List the katas, with your latest result for each."""
    workspace = _workspace()
    for kata in ctx.find_object(_Lazy).catalogue.katas:  # type: ignore[union-attr]
        click.echo(f"{kata.meta.id}  {kata.meta.slug:<22} {_progress(workspace, kata):<14} "
                   f"{kata.meta.title} - {kata.meta.concept}")


def _progress(workspace: Any, kata: Kata) -> str:
    card = workspace.last_result(kata)
    if card is not None:
        word = "passed" if card.status == "passed" else "in progress"
        return f"{word} {card.score}/{card.max_score}"
    return "started" if workspace.solution(kata).exists() else "not started"


@main.command()
@click.argument("kata_id")
@click.pass_context
def show(ctx: click.Context, kata_id: str) -> None:
    """Show a kata's task (its spec)."""
    kata = _kata(ctx, kata_id)
    click.echo(kata.spec.read_text(encoding="utf-8"))
    click.echo(f"Start with: kata start {kata.meta.id}")


@main.command()
@click.argument("kata_id")
@click.pass_context
def start(ctx: click.Context, kata_id: str) -> None:
    """Copy a kata's starter file to solutions/ (never overwrites your work)."""
    kata = _kata(ctx, kata_id)
    workspace = _workspace()
    target = workspace.solution(kata)
    shown = os.path.relpath(target)
    if workspace.start(kata):
        click.echo(f"Created {shown}. Edit it, then run: kata check {kata.meta.id}")
    else:
        click.echo(f"{shown} already exists; left as it is. Check it with: "
                   f"kata check {kata.meta.id}")


@main.command(epilog=EXIT_CODES_HELP)
@click.argument("kata_id", required=False)
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--all", "all_katas", is_flag=True,
              help="Grade every kata that has a file in solutions/ (and say which have none).")
@click.option("--fail-under", type=click.FloatRange(0, 100), metavar="PERCENT",
              help="Pass (exit 0) when the score reaches this share of the points, instead of "
                   "requiring every check to pass.")
@click.option("--seed", type=click.IntRange(0, 2**31 - 1),
              help="Replay a run: the seed printed under an earlier report.")
@click.option("--json", "json_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the scorecard (a list of them with --all) to this file.")
@click.option("--format", "output_format", type=click.Choice(["text", "json", "github"]),
              default="text", show_default=True,
              help="A readable report; the scorecard as JSON; or GitHub Actions annotations "
                   "(one ::error per failed check) plus a job summary.")
@click.option("--junit", "junit_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write JUnit XML (a testsuite per kata, a testcase per check).")
@limit_options
@click.pass_context
def check(ctx: click.Context, /, kata_id: str | None, file: Path | None, all_katas: bool,
          fail_under: float | None, seed: int | None, json_path: Path | None,
          output_format: str, junit_path: Path | None, isolation: str,
          **limit_overrides: float | None) -> None:
    """Grade FILE against a kata (default: your solutions/NN-slug.py), or --all of them.

    Every check says what was expected, what your code did (in virtual
    seconds where time matters) and a hint. Checking your own solution files
    also records the results for `kata list`.
    """
    from .services.checking import check_submission
    from .services.outputs import emit

    targets, not_started = _check_targets(ctx, kata_id, file, all_katas)
    workspace = _workspace()
    results, faults = [], []
    for kata, path in targets:
        limits = kata.meta.limits.model_copy(
            update={LIMIT_FIELDS[k]: v for k, v in limit_overrides.items() if v is not None})
        report = check_submission(kata, path, seed=seed, display=os.path.relpath(path),
                                  limits=limits, isolation=isolation)  # type: ignore[arg-type]
        card = report.scorecard
        if workspace.is_own_solution(kata, path):
            card = card.model_copy(update={"hints_shown": workspace.hints_seen(kata)})
            workspace.save(kata, card)
        results.append((kata, path, card))
        faults += report.faults
    emit(results, not_started, output_format=output_format, many=all_katas,
         json_path=json_path, junit_path=junit_path)
    if faults:
        raise GraderFault("the grader failed on some checks: " + "; ".join(faults))
    ctx.exit(EXIT_PASSED if _passed([card for _, _, card in results], fail_under)
             else EXIT_FAILED)


def _check_targets(ctx: click.Context, kata_id: str | None, file: Path | None,
                   all_katas: bool) -> tuple[list[tuple[Kata, Path]], list[str]]:
    """The (kata, file) pairs to grade, and the katas --all found no file for."""
    workspace = _workspace()
    if all_katas:
        if kata_id is not None or file is not None:
            raise UsageError("--all grades every kata in solutions/; give no kata or file.")
        katas = ctx.find_object(_Lazy).catalogue.katas  # type: ignore[union-attr]
        targets = [(k, workspace.solution(k)) for k in katas if workspace.solution(k).is_file()]
        if not targets:
            raise SubmissionNotFoundError(
                f"No kata started yet in {os.path.relpath(workspace.root / 'solutions')}/: "
                "begin with `kata start 01`.")
        started = {k.meta.id for k, _ in targets}
        return targets, [k.meta.name for k in katas if k.meta.id not in started]
    if kata_id is None:
        raise UsageError("Which kata? Give its id (kata check 02), or --all.")
    kata = _kata(ctx, kata_id)
    path = file if file is not None else workspace.solution(kata)
    if not path.is_file():
        raise SubmissionNotFoundError(_missing_file_message(kata, path, file is None))
    return [(kata, path)], []


def _passed(cards: list[Any], fail_under: float | None) -> bool:
    if fail_under is None:
        return all(card.status == "passed" for card in cards)
    most: int = sum(card.max_score for card in cards)
    score: int = sum(card.score for card in cards)
    return most > 0 and 100 * score / most >= fail_under


def _missing_file_message(kata: Kata, path: Path, default: bool) -> str:
    if default:
        return (f"No file {os.path.relpath(path)} yet. Run `kata start {kata.meta.id}` to create "
                "it, or give the file to check: kata check "
                f"{kata.meta.id} path/to/file.py")
    return f"No file {path} to check."


@main.command()
def schema() -> None:
    """Print the JSON Schema of the scorecard (the contract for other tools)."""
    from .models.scorecard import Scorecard

    click.echo(json.dumps(Scorecard.model_json_schema(), indent=2))


GRADE_EXIT_HELP = f"""
\b
Exit codes:
  {EXIT_PASSED}  every pair was graded (whatever the scores)
  {EXIT_USAGE}  usage error: no such class folder, unknown kata, bad option
  {EXIT_GRADER_FAULT}  the grader failed on some pair (its scorecard says so)
  130  interrupted (Ctrl-C): run the same command again to resume
"""


def _parse_shard(ctx: click.Context, param: click.Parameter,
                 value: str | None) -> tuple[int, int] | None:
    if value is None:
        return None
    try:
        k, n = (int(part) for part in value.split("/"))
    except ValueError:
        raise click.BadParameter(f"{value!r}: write K/N, such as 2/4") from None
    if not 1 <= k <= n:
        raise click.BadParameter(f"{value!r}: K must be between 1 and N")
    return k, n


@main.command(epilog=GRADE_EXIT_HELP)
@click.argument("class_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--katas", "kata_refs", metavar="IDS",
              help="Katas to grade: '01,03', or 'all' [the katas any student has a file for].")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("grades"),
              show_default=True, help="Where scorecards, gradebook.csv and summary.json go.")
@click.option("-j", "--jobs", type=click.IntRange(1, 256), default=os.cpu_count() or 1,
              show_default="the number of CPUs", help="Files graded at once.")
@click.option("--force", is_flag=True, help="Regrade pairs whose scorecard is up to date.")
@click.option("--shard", metavar="K/N", callback=_parse_shard,
              help="Grade only the K-th of N slices of the students (for CI matrices and "
                   "job arrays); combine the slices with `kata merge`.")
@click.option("--seed", type=click.IntRange(0, 2**31 - 1),
              help="Mix this into every file's seed (the same inputs always give the same "
                   "scorecards; a seed changes all scenarios at once).")
@limit_options
@click.pass_context
def grade(ctx: click.Context, /, class_dir: Path, kata_refs: str | None, out: Path, jobs: int,
          force: bool, shard: tuple[int, int] | None, seed: int | None, isolation: str,
          **limit_overrides: float | None) -> None:
    """Grade a whole class: CLASS_DIR holds one folder per student.

    \b
    A student's file for kata NN is NN-slug.py (also NN.py, NN_anything.py or
    NN-anything/solution.py). Writes OUT/<student>/<NN>.json for every pair,
    then OUT/gradebook.csv (a row per student, a column per kata, a total)
    and OUT/summary.json (score distributions, each check's pass rate).
    Scorecards are written as soon as known: an interrupted run resumes where
    it stopped, skipping pairs already graded from the same file.
    """
    from .services.batch import Settings, grade_class, in_shard, plan
    from .services.gradebook import write_class_files
    from .services.report import render_class_summary
    from .services.roster import read_class
    from .services.store import remove_stale_temporaries

    catalogue = ctx.find_object(_Lazy).catalogue  # type: ignore[union-attr]
    roster = read_class(class_dir, _selected_katas(catalogue, class_dir, kata_refs))
    roster.entries = [e for e in roster.entries if in_shard(e.student, shard)]
    for line in roster.ignored:
        click.echo(f"ignored: {line}", err=True)
    for entry in roster.entries:
        if entry.problem:
            click.echo(f"refused: {entry.student}: {entry.problem}", err=True)
    remove_stale_temporaries(out)
    todo, kept = plan(roster, out, force)
    if kept:
        click.echo(f"{len(kept)} of {len(roster.entries)} pairs already graded from the same "
                   "files (--force regrades them).")
    settings = Settings(katas_dir=str(catalogue.root), isolation=isolation,  # type: ignore[arg-type]
                        seed=seed, limits={LIMIT_FIELDS[k]: v for k, v in limit_overrides.items()
                                           if v is not None})
    faults = _run_with_progress(todo, jobs, settings, grade_class)
    columns = write_class_files(out)
    students = len({e.student for e in roster.entries})
    click.echo(render_class_summary(columns, students))
    click.echo(f"Scorecards, {out / 'gradebook.csv'} and {out / 'summary.json'} are in {out}/.")
    if faults:
        raise GraderFault(f"the grader failed on {len(faults)} pair(s): " + "; ".join(faults[:3]))


def _selected_katas(catalogue: Catalogue, class_dir: Path, refs: str | None) -> list[Kata]:
    from .services.roster import read_class

    if refs is not None and refs.strip().lower() != "all":
        return [catalogue.resolve(ref) for ref in refs.split(",") if ref.strip()]
    if refs is not None:
        return list(catalogue.katas)
    present = {e.kata.meta.id for e in read_class(class_dir, catalogue.katas).entries
               if not e.missing}
    return [k for k in catalogue.katas if k.meta.id in present] or list(catalogue.katas)


def _run_with_progress(todo: list[Any], jobs: int, settings: Any, grade_class: Any) -> list[str]:
    """Grade `todo`, with a progress bar on a terminal and plain lines otherwise."""
    faults: list[str] = []
    total = len(todo)
    count = 0
    bar = click.progressbar(length=total, label="Grading", show_eta=True, show_pos=True,
                            file=sys.stderr) if sys.stderr.isatty() and total else None

    def on_done(done: Any) -> None:
        nonlocal count
        count += 1
        if done.fault:
            faults.append(f"{done.student}/{done.kata}: {done.fault}")
        if bar is not None:
            bar.update(1)
        else:
            click.echo(f"[{count:>{len(str(total))}}/{total}] {done.student} {done.kata}: "
                       f"{done.status} {done.score}/{done.max_score} ({done.seconds:.2f} s)",
                       err=True)

    try:
        grade_class(todo, jobs, settings, on_done)
    except KeyboardInterrupt:
        click.echo(f"\nInterrupted after {count} of {total} pairs. The scorecards written so "
                   "far are kept: run the same command again to resume.", err=True)
        sys.exit(130)
    finally:
        if bar is not None:
            bar.render_finish()
    return faults


@main.command()
@click.argument("outputs", nargs=-1, required=True,
                type=click.Path(file_okay=False, exists=True, path_type=Path))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder to gather the scorecards into.")
def merge(outputs: tuple[Path, ...], out: Path) -> None:
    """Combine the output folders of several shards into one gradebook and summary."""
    from .services.gradebook import write_class_files
    from .services.merging import merge_outputs
    from .services.report import render_class_summary

    conflicts = merge_outputs(list(outputs), out)
    for line in conflicts:
        click.echo(f"conflict: {line}", err=True)
    columns = write_class_files(out)
    students = len({s for column in columns.values() for s in column.cards})
    click.echo(render_class_summary(columns, students))


@main.command()
@click.option("--submission", type=click.Path(file_okay=False, path_type=Path),
              default=Path("/autograder/submission"), show_default=True,
              help="The folder holding the student's files.")
@click.option("--results", "results_path", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("/autograder/results/results.json"), show_default=True,
              help="Where to write Gradescope's results.json.")
@click.option("--katas", "kata_refs", metavar="IDS",
              help="The katas of this assignment, '01,03' [those the submission has files for]; "
                   "a kata with no file then scores 0 on every check.")
@limit_options
@click.pass_context
def gradescope(ctx: click.Context, /, submission: Path, results_path: Path,
               kata_refs: str | None, isolation: str, **limit_overrides: float | None) -> None:
    """Grade a Gradescope submission and write results.json (run by run_autograder)."""
    import time as clock

    from .formats.gradescope import results
    from .services.batch import Settings, grade_pair, job_for
    from .services.outputs import summary_table
    from .services.roster import read_student
    from .services.store import write_atomically

    catalogue = ctx.find_object(_Lazy).catalogue  # type: ignore[union-attr]
    katas = ([catalogue.resolve(r) for r in kata_refs.split(",") if r.strip()] if kata_refs
             else list(catalogue.katas))
    entries, ignored = read_student(submission, katas)
    for name in ignored:
        click.echo(f"ignored: {name}", err=True)
    settings = Settings(katas_dir=str(catalogue.root), isolation=isolation,  # type: ignore[arg-type]
                        seed=None, limits={LIMIT_FIELDS[k]: v for k, v in limit_overrides.items()
                                           if v is not None})
    started, cards, missing = clock.monotonic(), [], []
    for entry in entries:
        if entry.missing:
            missing += [entry.kata] if kata_refs else []
            continue
        card, _ = grade_pair(job_for(entry, submission, results_path.parent), catalogue, settings)
        cards.append(card)
    document = results(cards, clock.monotonic() - started, missing)
    write_atomically(results_path, json.dumps(document, indent=2) + "\n")
    click.echo(summary_table(cards, [k.meta.name for k in missing]))


@main.group()
def export() -> None:
    """Write ready-made setups for other platforms."""


@export.command("gradescope")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--package", default=f"kata-grader=={__version__}", show_default=True,
              help="What setup.sh installs: a requirement, a git URL, or a wheel file (copied "
                   "into the folder).")
@click.option("--force", is_flag=True, help="Overwrite files already in FOLDER.")
@click.pass_context
def export_gradescope(ctx: click.Context, folder: Path, package: str, force: bool) -> None:
    """Write a Gradescope autograder folder: setup.sh and run_autograder.

    Zip the folder's contents (not the folder itself) and upload the zip as the
    assignment's autograder. Katas given with --katas travel inside it.
    """
    from .services.exports import write_gradescope_autograder

    lazy = ctx.find_object(_Lazy)
    private = lazy.katas_dir if lazy is not None else None
    for path in write_gradescope_autograder(folder, package, private, force):
        click.echo(f"wrote {path}")
    click.echo(f"Now zip the contents of {folder}/ and upload the zip to Gradescope.")


@main.group()
def ci() -> None:
    """Continuous integration for a student's fork."""


@ci.command("init")
@click.option("--path", type=click.Path(dir_okay=False, path_type=Path),
              default=Path(".github/workflows/kata.yml"), show_default=True)
@click.option("--package", default=f"kata-grader=={__version__}", show_default=True,
              help="What the workflow installs: a requirement or a git URL.")
@click.option("--force", is_flag=True, help="Overwrite an existing workflow file.")
def ci_init(path: Path, package: str, force: bool) -> None:
    """Write a GitHub Actions workflow that checks every started kata on each push."""
    from .services.exports import write_ci_workflow

    write_ci_workflow(path, package, force)
    click.echo(f"wrote {path}: commit it, and each push runs `kata check --all` on "
               "Python 3.11, 3.12 and 3.13.")


@main.command()
@click.argument("kata_id")
@click.argument("check_id", required=False)
@click.pass_context
def hint(ctx: click.Context, kata_id: str, check_id: str | None) -> None:
    """Reveal the next hint for a check (default: the first one your file fails).

    Hints come in up to three levels, from a nudge to a near-solution idea; each
    call reveals one more. The scorecard records how many you revealed.
    """
    kata = _kata(ctx, kata_id)
    workspace = _workspace()
    check_id = check_id or _first_failing(workspace, kata)
    try:
        spec = kata.meta.check(check_id)
    except StopIteration:
        known = ", ".join(c.id for c in kata.meta.checks)
        raise UsageError(f"Kata {kata.meta.id} has no check {check_id!r}. Checks: {known}.") \
            from None
    if kata.meta.refresher:
        click.echo(f"{kata.meta.title} - {kata.meta.refresher}\n")
    if not spec.hints:
        click.echo(f"No staged hints for {spec.id}; the hint in its failure message is the one.")
        return
    level = workspace.reveal_hint(kata, spec.id)
    for number, text in enumerate(spec.hints[:level], start=1):
        click.echo(f"Hint {number} of {len(spec.hints)} for {spec.id} ({spec.title}):")
        click.echo(f"  {text}")
    if level == len(spec.hints):
        click.echo("That was the last hint for this check.")


def _first_failing(workspace: Any, kata: Kata) -> str:
    card = workspace.last_result(kata)
    failing = [c.id for c in card.checks if c.status != "passed"] if card is not None else []
    return failing[0] if failing else kata.meta.checks[0].id


@main.command("next")
@click.pass_context
def next_kata(ctx: click.Context) -> None:
    """Start the first kata you have not passed yet."""
    katas = ctx.find_object(_Lazy).catalogue.katas  # type: ignore[union-attr]
    workspace = _workspace()
    kata = workspace.next_unfinished(katas)
    if kata is None:
        click.echo("Every kata passed. Well done!")
        return
    created = workspace.start(kata)
    shown = os.path.relpath(workspace.solution(kata))
    click.echo(f"Next: kata {kata.meta.id} - {kata.meta.title} ({kata.meta.concept}).")
    click.echo(f"{'Created' if created else 'Your file:'} {shown}. Read the task with "
               f"`kata show {kata.meta.id}`, then `kata check {kata.meta.id}` or "
               f"`kata watch {kata.meta.id}`.")


@main.command()
@click.argument("kata_id")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.pass_context
def reset(ctx: click.Context, kata_id: str, yes: bool) -> None:
    """Put a kata's starter file back (your file is kept in solutions/.backup/)."""
    kata = _kata(ctx, kata_id)
    workspace = _workspace()
    shown = os.path.relpath(workspace.solution(kata))
    if workspace.solution(kata).exists() and not yes:
        click.confirm(f"Replace {shown} with the starter? (A copy of yours is kept.)",
                      abort=True)
    backup = workspace.reset(kata)
    kept = f"; your file is kept as {os.path.relpath(backup)}" if backup is not None else ""
    click.echo(f"{shown} is the starter again{kept}.")


@main.command()
@click.argument("kata_id", required=False)
@click.option("--poll", is_flag=True,
              help="Poll the file's content instead of using file-system events (for network "
                   "drives and containers where saves go unseen); also on when $KATA_WATCH_POLL "
                   "is set, and on WSL.")
@limit_options
@click.pass_context
def watch(ctx: click.Context, /, kata_id: str | None, poll: bool, isolation: str,
          **limit_overrides: float | None) -> None:
    """Check a kata now and each time you save its file (default: your first unfinished).

    \b
    Keys: h  reveal the next hint for the first failing check
          n  start the next kata, once this one passes
          l  list the katas and your progress
          q  quit
    """
    from .services.checking import check_submission
    from .services.watching import Watch

    katas = ctx.find_object(_Lazy).catalogue.katas  # type: ignore[union-attr]
    workspace = _workspace()
    kata = _kata(ctx, kata_id) if kata_id else workspace.next_unfinished(katas)
    if kata is None:
        click.echo("Every kata passed. Well done!")
        return

    def check_and_save(kata: Kata, path: Path) -> Any:
        limits = kata.meta.limits.model_copy(
            update={LIMIT_FIELDS[k]: v for k, v in limit_overrides.items() if v is not None})
        card = check_submission(kata, path, display=os.path.relpath(path), limits=limits,
                                isolation=isolation).scorecard  # type: ignore[arg-type]
        card = card.model_copy(update={"hints_shown": workspace.hints_seen(kata)})
        workspace.save(kata, card)
        return card

    Watch(workspace, list(katas), kata, check_and_save, poll=poll).run(sys.stdin)
