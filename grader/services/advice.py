"""Advice from reading the student's file: shown apart from the checks, never graded.

Most of it comes from ruff's async rules, run on the file (never imported):

* ``ASYNC210/212/220/221/222/230/240/250/251`` - blocking calls inside ``async def``
  (HTTP clients, subprocesses, ``open``, ``input``, ``time.sleep``...);
* ``RUF006`` - a ``create_task`` result not kept (the task may vanish mid-run);
* ``RUF029`` - an ``async def`` that never awaits (a preview rule).

Ruff has no rule for a swallowed cancellation, so we add our own: an ``except``
that catches ``CancelledError`` (by name, ``BaseException``, or bare) inside an
``async def`` and never re-raises.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

RUFF_RULES = ("ASYNC210", "ASYNC212", "ASYNC220", "ASYNC221", "ASYNC222", "ASYNC230",
              "ASYNC240", "ASYNC250", "ASYNC251", "RUF006", "RUF029")
_CATCHES_CANCEL = {"CancelledError", "BaseException"}


@dataclass(frozen=True)
class Advice:
    code: str
    line: int
    message: str


def advise(path: Path) -> list[Advice]:
    """Everything worth telling about `path`, by line; empty if it does not parse."""
    return PendingAdvice(path).result()


class PendingAdvice:
    """Advice being worked out: ruff reads the file in its own process from the moment
    this is made, so advice taken after grading costs no time of its own."""

    def __init__(self, path: Path) -> None:
        self.path = path
        command = [*_ruff_command(), "check", "--isolated", "--no-cache", "--preview",
                   "--select", ",".join(RUFF_RULES), "--output-format", "json", "--exit-zero",
                   str(path)]
        try:
            self._ruff: subprocess.Popen[str] | None = subprocess.Popen(
                command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        except OSError:
            self._ruff = None  # ruff missing: advice is a bonus, never a failure

    def result(self) -> list[Advice]:
        found = self._ruff_advice() + _swallowed_cancellation(self.path)
        return sorted(set(found), key=lambda a: (a.line, a.code))

    def _ruff_advice(self) -> list[Advice]:
        if self._ruff is None:
            return []
        try:
            output, _ = self._ruff.communicate(timeout=20)
            diagnostics = json.loads(output or "[]")
        except (subprocess.TimeoutExpired, ValueError):
            self._ruff.kill()
            self._ruff.communicate()
            return []  # ruff broken: advice is a bonus, never a failure
        return [Advice(d["code"], d["location"]["row"], _plain(d["code"], d["message"]))
                for d in diagnostics if d.get("code")]


def _ruff_command() -> list[str]:
    """ruff's own executable (no Python start-up), else ruff through this Python."""
    try:
        from ruff.__main__ import find_ruff_bin  # type: ignore[import-untyped]

        return [str(find_ruff_bin())]
    except (ImportError, FileNotFoundError):
        return [sys.executable, "-m", "ruff"]


_PLAIN = {
    "RUF006": "The task created here is not kept anywhere: keep a reference (or await it), "
              "or it may be garbage-collected before it finishes.",
    "RUF029": "This function is declared async but never awaits anything.",
}


_BLOCKS = " While it runs the whole event loop waits: no other task makes progress."
_AFTER = {"ASYNC251": " Use `await asyncio.sleep(...)` instead."}


def _plain(code: str, message: str) -> str:
    """Ruff's message, in the words we use elsewhere; blocking calls say why they matter."""
    if code in _PLAIN:
        return _PLAIN[code]
    if code.startswith("ASYNC2"):
        return message.rstrip(".") + "." + _BLOCKS + _AFTER.get(code, "")
    return message


def _swallowed_cancellation(path: Path) -> list[Advice]:
    try:
        tree = ast.parse(path.read_bytes())
    except (OSError, SyntaxError, ValueError):
        return []
    found = []
    for function in ast.walk(tree):
        if not isinstance(function, ast.AsyncFunctionDef):
            continue
        for node in ast.walk(function):
            if isinstance(node, ast.ExceptHandler) and _catches_cancel(node) \
                    and not any(isinstance(n, ast.Raise) for n in ast.walk(node)):
                found.append(Advice("KATA001", node.lineno, _SWALLOWED))
    return found


_SWALLOWED = ("This except catches CancelledError and never re-raises it: if it is this "
              "task's own cancellation, the task goes on as if nothing happened. Clean up, "
              "then `raise`.")


def _catches_cancel(handler: ast.ExceptHandler) -> bool:
    if handler.type is None:
        return True  # a bare except
    kinds = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    names = {k.attr if isinstance(k, ast.Attribute) else getattr(k, "id", "") for k in kinds}
    return bool(names & _CATCHES_CANCEL)
