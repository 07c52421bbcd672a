"""Benchmark: how long each attack takes to decide, and whether the grader's memory stays flat.

Run from the repository root after `pip install -e '.[test]'`:

    python benchmarks/attacks.py

Grades every case of tests/golden/attacks (and a correct control after each) in this
one process, as a batch would, and prints the wall time per case and the grader's
resident memory before and after.  A benchmark, not a test: nothing here asserts.
"""

from __future__ import annotations

import json
import resource
import time
from pathlib import Path

from click.testing import CliRunner

from grader.cli import main

ROOT = Path(__file__).resolve().parent.parent
CASES = sorted((ROOT / "tests" / "golden" / "attacks").iterdir())
KATAS = ROOT / "katas"
REFERENCE = KATAS / "02-gather-in-order" / "reference.py"


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def grade(path: Path, options: list[str]) -> tuple[str, float]:
    started = time.perf_counter()
    result = CliRunner().invoke(main, ["--katas", str(KATAS), "check", "02", str(path),
                                       "--seed", "7", "--format", "json", *options])
    elapsed = time.perf_counter() - started
    try:
        status = json.loads(result.output)["status"]
    except ValueError:
        status = f"exit {result.exit_code}: {result.output.strip()[:60]}"
    return status, elapsed


def main_() -> None:
    grade(REFERENCE, [])  # warm up: imports, the isolation probe
    print(f"{'case':<24} {'status':<8} {'wall s':>7} {'RSS MiB':>8} {'control':>8}")
    start_rss = rss_mib()
    slowest = 0.0
    for case in CASES:
        options = json.loads((case / "expected.json").read_text()).get("options", [])
        status, elapsed = grade(case / "submission.py", options)
        control, _ = grade(REFERENCE, [])
        slowest = max(slowest, elapsed)
        print(f"{case.name:<24} {status:<8} {elapsed:7.2f} {rss_mib():8.1f} {control:>8}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\ngrader RSS: {start_rss:.1f} MiB before, {rss_mib():.1f} MiB after, "
          f"peak {peak:.1f} MiB; slowest case {slowest:.2f} s")


if __name__ == "__main__":
    main_()
