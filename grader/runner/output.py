"""Bounded capture of a child's stdout and stderr.

A submission that prints a gigabyte must leave the grader's memory flat, and a
child that fills a pipe nobody reads would block forever.  So each stream gets
a thread that reads to EOF, keeps the first `cap` bytes and only counts the
rest.  One `Capture` per stream spans every child of a session, so output from
a child that was restarted is kept too.
"""

from __future__ import annotations

import threading
from typing import IO

DEFAULT_CAP = 64 * 1024
_CHUNK = 64 * 1024


class Capture:
    """The first `cap` bytes of a stream, and how many bytes there were in all."""

    def __init__(self, cap: int = DEFAULT_CAP) -> None:
        self.cap = cap
        self.total = 0
        self._kept = bytearray()
        self._lock = threading.Lock()

    def feed(self, chunk: bytes) -> None:
        with self._lock:
            self.total += len(chunk)
            room = self.cap - len(self._kept)
            if room > 0:
                self._kept += chunk[:room]

    @property
    def text(self) -> str:
        with self._lock:
            return self._kept.decode("utf-8", errors="replace")

    @property
    def truncated(self) -> bool:
        return self.total > len(self._kept)


class BoundedReader:
    """Drains one pipe into a `Capture` on a daemon thread."""

    def __init__(self, pipe: IO[bytes], capture: Capture) -> None:
        self._pipe = pipe
        self._capture = capture
        self._thread = threading.Thread(target=self._drain, daemon=True)
        self._thread.start()

    def _drain(self) -> None:
        try:
            while chunk := self._pipe.read1(_CHUNK):  # type: ignore[attr-defined]
                self._capture.feed(chunk)
        except (OSError, ValueError):
            pass
        finally:
            self._pipe.close()

    def join(self, timeout: float = 5.0) -> None:
        self._thread.join(timeout)
