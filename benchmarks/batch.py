"""Benchmark: grading a synthetic class at -j 1 and -j 2, beside plain pytest per submission.

Run from the repository root after `pip install -e '.[test]'`:

    python benchmarks/batch.py [--students 40] [--katas all]

The synthetic class gives each student, for every kata, either the reference or
one of its mutants (a fixed random choice).  It is graded with `kata grade` at
-j 1 and at -j 2; the baseline runs plain pytest once per kata-02 submission on
the equivalent real-time test file (benchmarks/equivalent).  Prints checks per
second and the ratios.  A benchmark, not a test: nothing here asserts.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from grader.catalogue import Catalogue  # noqa: E402

EQUIVALENT = ROOT / "benchmarks" / "equivalent" / "test_gather_equivalent.py"


def make_class(folder: Path, students: int, katas: list) -> int:
    chooser = random.Random(2026)
    for index in range(students):
        student = folder / f"student-{index:03d}"
        student.mkdir(parents=True)
        for kata in katas:
            source = chooser.choice([kata.reference, *(m.path for m in kata.mutants)])
            shutil.copyfile(source, student / f"{kata.meta.name}.py")
    return students * len(katas)


def timed(command: list[str], env: dict[str, str] | None = None) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=env, check=False, capture_output=True)
    return time.perf_counter() - started


def checks_in(out: Path) -> int:
    return sum(len(json.loads(p.read_text())["checks"]) for p in out.glob("*/*.json"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=40)
    parser.add_argument("--katas", default="all", help="'all', or ids such as 01,02")
    options = parser.parse_args()
    catalogue = Catalogue(ROOT / "katas")
    katas = catalogue.katas if options.katas == "all" else [
        catalogue.resolve(ref) for ref in options.katas.split(",")]
    work = Path(tempfile.mkdtemp(prefix="kata-bench-"))
    pairs = make_class(work / "class", options.students, katas)
    print(f"synthetic class: {options.students} students x {len(katas)} katas = {pairs} files")
    rates = {}
    per_file = {}
    for jobs in (1, 2):
        out = work / f"out-j{jobs}"
        seconds = timed([sys.executable, "-m", "grader", "--katas", str(ROOT / "katas"), "grade",
                         str(work / "class"), "--out", str(out), "-j", str(jobs)])
        checks = checks_in(out)
        rates[jobs] = checks / seconds
        per_file[jobs] = seconds / pairs
        print(f"kata grade -j {jobs}: {seconds:7.1f} s, {checks} checks, "
              f"{rates[jobs]:6.1f} checks/s, {seconds / pairs * 1000:6.0f} ms per file")
    print(f"speed-up -j 2 / -j 1: {rates[2] / rates[1]:.2f}x")
    gather = sorted((work / "class").glob("*/02-gather-in-order.py"))
    if gather:
        env = {**os.environ}
        started = time.perf_counter()
        for path in gather:
            env["KATA_BENCH_SOLUTION"] = str(path)
            subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                            "-o", "asyncio_mode=strict", "--rootdir", str(EQUIVALENT.parent),
                            "-c", os.devnull, str(EQUIVALENT)], cwd=ROOT, env=env,
                           capture_output=True, check=False)
        baseline = (time.perf_counter() - started) / len(gather)
        print(f"plain pytest per kata-02 submission (real time, 6 tests): "
              f"{baseline * 1000:.0f} ms; kata grade -j 1: {per_file[1] * 1000:.0f} ms per file")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
