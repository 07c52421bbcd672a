"""The code base stays ruff clean and mypy --strict clean (both are in the test extra)."""

from __future__ import annotations

import ast
import subprocess
import sys

from .helpers import REPO


def test_ruff_finds_nothing() -> None:
    result = subprocess.run([sys.executable, "-m", "ruff", "check", str(REPO)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_finds_nothing() -> None:
    result = subprocess.run([sys.executable, "-m", "mypy", "--no-incremental"],
                            cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_child_imports_only_the_standard_library_and_the_wire() -> None:
    """The child shares a process with the submission: it may not bring in pydantic, the
    kit or anything else the student could then reach (or that a sandbox hides)."""
    child = REPO / "grader" / "child"
    for path in [*child.rglob("*.py"), REPO / "grader" / "wire.py"]:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.level > 0:
                inside = (node.module or "").split(".")[0]
                assert inside not in ("testing", "models", "runner", "services", "cli"), \
                    f"{path.name} imports .{node.module}"
                continue
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                assert (name.split(".")[0] in sys.stdlib_module_names or name == "grader.wire"
                        or name.startswith("grader.child")), f"{path.name} imports {name}"
