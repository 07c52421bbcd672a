"""Files kata writes for other platforms: a Gradescope autograder, a CI workflow."""

from __future__ import annotations

import shutil
from pathlib import Path

from ..errors import UsageError
from ..formats.gradescope import RUN_AUTOGRADER, SETUP_SH
from .store import write_atomically

WORKFLOW = """# Checks every kata you have started (solutions/NN-slug.py) on each push.
# Written by `kata ci init`; failed checks show up as annotations on your files.
name: kata
on:
  push:
  pull_request:
permissions:
  contents: read
jobs:
  check:
    runs-on: ubuntu-latest
    strategy:
      fail-fast: false
      matrix:
        python-version: ["3.11", "3.12", "3.13"]
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: ${{{{ matrix.python-version }}}}
      - name: Install kata
        run: python -m pip install "{package}"
      - name: Check the katas
        run: kata check --all --format github --junit kata-junit.xml
      - name: Keep the scorecards
        if: always()
        uses: actions/upload-artifact@v4
        with:
          name: kata-results-py${{{{ matrix.python-version }}}}
          path: |
            .kata/scorecards/
            kata-junit.xml
"""


def write_ci_workflow(path: Path, package: str, force: bool) -> None:
    """Write the student's workflow; an existing file is kept unless `force`."""
    if path.exists() and not force:
        raise UsageError(f"{path} already exists; use --force to replace it.")
    write_atomically(path, WORKFLOW.format(package=package))


def write_gradescope_autograder(folder: Path, package: str, katas: Path | None,
                                force: bool) -> list[Path]:
    """setup.sh, run_autograder and, if given, a private kata set; returns what was written."""
    setup, run = folder / "setup.sh", folder / "run_autograder"
    if not force and any(p.exists() for p in (setup, run)):
        raise UsageError(f"{folder} already holds an autograder; use --force to replace it.")
    folder.mkdir(parents=True, exist_ok=True)
    written = [setup, run]
    wheel = Path(package)
    if wheel.suffix in (".whl", ".gz") and wheel.is_file():
        shutil.copyfile(wheel, folder / wheel.name)
        package = f"/autograder/source/{wheel.name}"
        written.append(folder / wheel.name)
    katas_option = ""
    if katas is not None:
        shutil.copytree(katas, folder / "katas", dirs_exist_ok=True)
        katas_option = "--katas /autograder/source/katas "
        written.append(folder / "katas")
    write_atomically(setup, SETUP_SH.format(package=package))
    write_atomically(run, RUN_AUTOGRADER.format(katas=katas_option))
    for script in (setup, run):
        script.chmod(0o755)
    return written
