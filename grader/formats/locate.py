"""Where in a student's file a check points: the line of the function concerned."""

from __future__ import annotations

import ast
from pathlib import Path

from ..models.scorecard import CheckResult


def definition_lines(path: Path, names: list[str]) -> dict[str, int]:
    """The line each of `names` is defined at (``def``, ``async def`` or ``class``).

    Parsed, never imported: the file is untrusted.  A file that does not parse
    gives no lines (its annotations then point at line 1).
    """
    try:
        tree = ast.parse(path.read_bytes())
    except (OSError, SyntaxError, ValueError):
        return {}
    found: dict[str, int] = {}
    definitions = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
    for node in ast.walk(tree):
        if isinstance(node, definitions) and node.name in names and node.name not in found:
            found[node.name] = node.lineno
    return found


def line_for(check: CheckResult, functions: list[str], lines: dict[str, int]) -> int:
    """The line of the function a check concerns: the one its words name, else the first."""
    text = f"{check.expected or ''} {check.observed or ''}"
    named = [name for name in functions if name in text] or functions
    return next((lines[name] for name in named if name in lines), 1)
