"""Lines over two private pipes: messages from the parent, messages to it.

Not stdin or stdout: the student's stdin is empty and their stdout is captured
output, never parsed, so printing cannot forge a message.  What goes over the
pipes is defined in `grader.wire`; this module only moves lines.  The pipes sit
at random high descriptors: a guess at 3, 4, 5 hits nothing.  That is a
nuisance, not a defence (a submission can search its descriptors): the parent
builds its record from the order and timing of messages and releases answers
only when they happen, so a forged line can at worst claim what the next
issue's screen must refuse (see SECURITY.md).
"""

from __future__ import annotations

import fcntl
import os
import random
from typing import Any

from .. import wire

_write = os.write
_read = os.read
_HIDEOUT = (200, 900)


class Channel:
    """The two pipes, moved to random high descriptors before student code runs.

    Outgoing messages are buffered and written together when the child next
    waits for the parent (`flush`), one write per exchange instead of one per
    message.
    """

    def __init__(self, requests_fd: int, replies_fd: int) -> None:
        self._requests_fd = _hide(requests_fd)
        self._replies_fd = _hide(replies_fd)
        self._pending = b""
        self._outgoing: list[bytes] = []
        self._flushing = False

    def receive(self) -> Any:
        """The next message from the parent, or None when it has closed the pipe."""
        self.flush()
        while b"\n" not in self._pending:
            chunk = _read(self._requests_fd, 65536)
            if not chunk:
                return None
            self._pending += chunk
        line, _, self._pending = self._pending.partition(b"\n")
        return wire.load_parent_message(line)

    def send(self, message: Any) -> None:
        """Queue a message; it leaves with the next flush."""
        self._outgoing.append(wire.dump(message))

    def flush(self) -> None:
        if not self._outgoing:
            return
        # Swap first: a finalizer run by the garbage collector mid-flush may queue more.
        outgoing, self._outgoing = self._outgoing, []
        data = memoryview(b"".join(outgoing))
        self._flushing = True
        try:
            while data:
                written = _write(self._replies_fd, data)
                data = data[written:]
        finally:
            self._flushing = False

    def flush_now(self) -> None:
        """Flush from a signal handler: never in the middle of another flush's line
        (what is queued then leaves with the next flush)."""
        if not self._flushing:
            self.flush()


def _hide(fd: int) -> int:
    hidden = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, random.randrange(*_HIDEOUT))
    os.close(fd)
    return hidden
