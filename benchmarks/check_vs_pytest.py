"""Benchmark: `kata check 02` on the reference beside plain pytest on an equivalent file.

Run from the repository root after `pip install -e '.[test]'`:

    python benchmarks/check_vs_pytest.py [--runs 5]

Prints the median wall time of each, and the ratio.  A benchmark, not a test:
nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "katas" / "02-gather-in-order" / "reference.py"
EQUIVALENT = ROOT / "benchmarks" / "equivalent" / "test_gather_equivalent.py"


def wall(command: list[str], env: dict[str, str] | None = None) -> float:
    started = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({result.returncode}):\n{result.stdout}"
                 f"{result.stderr}")
    return elapsed


def median_of(runs: int, command: list[str], env: dict[str, str] | None = None) -> float:
    wall(command, env)  # warm the file-system cache
    return statistics.median(wall(command, env) for _ in range(runs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    kata = median_of(runs, [sys.executable, "-m", "grader", "check", "02", str(REFERENCE),
                            "--seed", "1"])
    env = {**os.environ, "KATA_BENCH_SOLUTION": str(REFERENCE)}
    plain = median_of(runs, [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                             "-o", "asyncio_mode=strict", "--rootdir", str(EQUIVALENT.parent),
                             "-c", os.devnull, str(EQUIVALENT)], env)
    print(f"kata check 02 (reference, isolated child, virtual time): {kata:.3f} s median "
          f"of {runs}")
    print(f"plain pytest, equivalent async file (real time, no isolation): {plain:.3f} s "
          f"median of {runs}")
    print(f"ratio pytest / kata check: {plain / kata:.1f}x")


if __name__ == "__main__":
    main()
