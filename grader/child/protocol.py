"""JSON lines over two private pipes: requests from the parent, replies to it.

Not stdin or stdout: the student's stdin is empty and their stdout is captured
output, never parsed, so printing JSON cannot forge an observation.
"""

from __future__ import annotations

import fcntl
import json
import os
import random
from typing import Any

_write = os.write
_HIDEOUT = (200, 900)


class Channel:
    """The two pipes, moved to random high descriptors before student code runs.

    A submission that writes forged replies to the low descriptors it might
    guess (3, 4, 5...) hits nothing; finding the real ones takes a deliberate
    search, which the OS isolation layers exist to stop.
    """

    def __init__(self, requests_fd: int, replies_fd: int) -> None:
        self._requests = os.fdopen(_hide(requests_fd), "rb", buffering=0)
        self._replies_fd = _hide(replies_fd)
        self._pending = b""

    def receive(self) -> dict[str, Any] | None:
        """The next request, or None when the parent has closed the pipe."""
        while b"\n" not in self._pending:
            chunk = self._requests.read(65536)
            if not chunk:
                return None
            self._pending += chunk
        line, _, self._pending = self._pending.partition(b"\n")
        request: dict[str, Any] = json.loads(line)
        return request

    def send(self, reply: dict[str, Any]) -> None:
        data = json.dumps(reply, separators=(",", ":"), allow_nan=False).encode() + b"\n"
        view = memoryview(data)
        while view:
            written = _write(self._replies_fd, view)
            view = view[written:]


def _hide(fd: int) -> int:
    hidden = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, random.randrange(*_HIDEOUT))
    os.close(fd)
    return hidden
