"""JSON lines over two private pipes: requests from the parent, replies to it.

Not stdin or stdout: the student's stdin is empty and their stdout is captured
output, never parsed, so printing JSON cannot forge an observation.
"""

from __future__ import annotations

import json
import os
from typing import Any

_write = os.write


class Channel:
    def __init__(self, requests_fd: int, replies_fd: int) -> None:
        self._requests = os.fdopen(requests_fd, "rb", buffering=0)
        self._replies_fd = replies_fd
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
