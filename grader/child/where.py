"""Find the line of the student's file behind a frame, a traceback or a stack.

Findings are only useful when they point at the student's own code, so every
probe asks this module for "the innermost frame that belongs to the submission".
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from types import FrameType, TracebackType
from typing import Any

_ORIGIN_LINE = re.compile(r'File "(?P<file>[^"]+)", line (?P<line>\d+), in (?P<func>\S+)')


class Where:
    """Locates lines in one file: the submission, compiled under `filename`."""

    def __init__(self, filename: str) -> None:
        self.filename = filename

    def in_frames(self, frames: Iterable[FrameType]) -> dict[str, Any] | None:
        """The first of `frames` (innermost first) in the student's file, as a location."""
        for frame in frames:
            if frame.f_code.co_filename == self.filename:
                return self._location(frame.f_lineno, frame.f_code.co_name)
        return None

    def caller(self, skip: int = 1) -> dict[str, Any] | None:
        """The innermost student frame on the current call stack."""
        return self.in_frames(_walk(sys._getframe(skip + 1)))

    def in_traceback(self, tb: TracebackType | None) -> dict[str, Any] | None:
        """The innermost student frame of a traceback."""
        found = None
        while tb is not None:
            if tb.tb_frame.f_code.co_filename == self.filename:
                found = self._location(tb.tb_lineno, tb.tb_frame.f_code.co_name)
            tb = tb.tb_next
        return found

    def in_origin_text(self, text: str) -> dict[str, Any] | None:
        """The innermost student line named in a "Coroutine created at" text."""
        found = None
        for match in _ORIGIN_LINE.finditer(text):
            if match["file"] == self.filename:
                found = self._location(int(match["line"]), match["func"])
        return found

    def in_origin(self, coro: Any) -> dict[str, Any] | None:
        """Where the student's code created `coro` (needs coroutine origin tracking)."""
        for filename, line, function in getattr(coro, "cr_origin", None) or ():
            if filename == self.filename:
                return self._location(line, function)
        return None

    def of_task(self, task: Any) -> dict[str, Any] | None:
        """The student's line a task is suspended at, else the line that created it."""
        return self.in_frames(task_frames(task)) or self.in_origin(_coro_of(task))

    def _location(self, line: int | None, function: str) -> dict[str, Any]:
        return {"file": self.filename, "line": line, "function": function}


def _walk(frame: FrameType | None) -> Iterable[FrameType]:
    while frame is not None:
        yield frame
        frame = frame.f_back


def task_frames(task: Any) -> list[FrameType]:
    """The frames of a suspended task, innermost first, following its awaits.

    ``Task.get_stack()`` shows only the task's own coroutine frame; the student's
    line is usually deeper, in whatever that coroutine is awaiting.
    """
    frames: list[FrameType] = []
    try:
        awaited: Any = task.get_coro()
    except Exception:  # noqa: BLE001 - a broken task is reported without a stack
        return frames
    while awaited is not None and len(frames) < 64:
        frame = _frame_of(awaited)
        if frame is None:
            break
        frames.append(frame)
        awaited = _awaited_by(awaited)
    frames.reverse()
    return frames


def _coro_of(task: Any) -> Any:
    try:
        return task.get_coro()
    except Exception:  # noqa: BLE001
        return None


def _frame_of(obj: Any) -> FrameType | None:
    for attribute in ("cr_frame", "ag_frame", "gi_frame"):
        frame = getattr(obj, attribute, None)
        if frame is not None:
            return frame  # type: ignore[no-any-return]
    return None


def _awaited_by(obj: Any) -> Any:
    for attribute in ("cr_await", "ag_await", "gi_yieldfrom"):
        inner = getattr(obj, attribute, None)
        if inner is not None:
            return inner
    return None


def describe_frames(frames: Iterable[FrameType]) -> list[dict[str, Any]]:
    """Frames as plain locations."""
    return [
        {"file": f.f_code.co_filename, "line": f.f_lineno, "function": f.f_code.co_name}
        for f in frames
    ]
