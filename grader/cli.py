"""The ``kata`` command.

This is the only place where errors become exit codes: a `KataError` is
printed as one line on stderr and exits with its class's code; anything else
is a fault of the grader (exit 3), shown as one line unless ``KATA_DEBUG`` is set.
"""

from __future__ import annotations

import json
import os
import shutil
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
@click.argument("kata_id")
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--seed", type=click.IntRange(0, 2**31 - 1),
              help="Replay a run: the seed printed under an earlier report.")
@click.option("--json", "json_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the scorecard (JSON) to this file.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Print a readable report, or the scorecard as JSON.")
@limit_options
@click.pass_context
def check(ctx: click.Context, /, kata_id: str, file: Path | None, seed: int | None,
          json_path: Path | None, output_format: str, isolation: str,
          **limit_overrides: float | None) -> None:
    """Grade FILE against a kata (default: your solutions/NN-slug.py).

    Every check says what was expected, what your code did (in virtual
    seconds where time matters) and a hint. Checking your own solution file
    also records the result for `kata list`.
    """
    from .services.checking import check_submission
    from .services.report import render_scorecard
    from .services.store import write_atomically

    kata = _kata(ctx, kata_id)
    workspace = _workspace()
    path = file if file is not None else workspace.solution(kata)
    if not path.is_file():
        raise SubmissionNotFoundError(_missing_file_message(kata, path, file is None))
    limits = kata.meta.limits.model_copy(
        update={LIMIT_FIELDS[k]: v for k, v in limit_overrides.items() if v is not None})
    report = check_submission(kata, path, seed=seed, display=os.path.relpath(path), limits=limits,
                              isolation=isolation)  # type: ignore[arg-type]
    card = report.scorecard
    if workspace.is_own_solution(kata, path):
        workspace.save(kata, card)
    if json_path is not None:
        write_atomically(json_path, card.model_dump_json(indent=2))
    if output_format == "json":
        click.echo(card.model_dump_json(indent=2))
    else:
        width = min(shutil.get_terminal_size().columns, 110)
        click.echo(render_scorecard(card, colour=sys.stdout.isatty(), width=width))
    if report.faults:
        raise GraderFault("the grader failed on some checks: " + "; ".join(report.faults))
    ctx.exit(EXIT_PASSED if card.status == "passed" else EXIT_FAILED)


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
