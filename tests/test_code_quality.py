"""The code base stays ruff clean (ruff is part of the test extra)."""

from __future__ import annotations

import subprocess
import sys

from .helpers import REPO


def test_ruff_finds_nothing() -> None:
    result = subprocess.run([sys.executable, "-m", "ruff", "check", str(REPO)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
