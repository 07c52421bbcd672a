"""Polling for changes to one file, by content.

The fallback for `kata watch` where native file events do not arrive: WSL's
Windows drives, network file systems, some containers.  We poll rather than
use watchfiles' own polling mode because that mode (notify's PollWatcher)
compares modification times to the whole second, so a save within a second of
the previous one is missed; we measured it missing about half the saves made
half a second apart.  One small file is cheap to read, and comparing contents
also survives coarse or unchanged timestamps and editors that replace the file.
"""

from __future__ import annotations

import hashlib
import os
import platform
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

POLL_INTERVAL_S = 0.2


def fingerprint(path: Path) -> str | None:
    """The file's content digest, or None while it is missing or unreadable."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def poll_changes(current: Callable[[], Path], stop: threading.Event, *, debounce_s: float,
                 interval_s: float = POLL_INTERVAL_S) -> Iterator[Path]:
    """Yield the watched file each time its content changes and then holds still.

    `current` names the file to watch and is asked on every poll, so the caller
    may move on to another file; moving on is not itself a change.  A change
    counts once the content has stayed the same for `debounce_s`, so a burst of
    saves yields once.  Ends when `stop` is set.
    """
    path = current()
    seen = fingerprint(path)
    pending: str | None = None  # a changed content, waiting to hold still
    still_for = 0.0
    while not stop.wait(interval_s):
        if current() != path:
            path = current()
            seen, pending, still_for = fingerprint(path), None, 0.0
            continue
        now = fingerprint(path)
        if now == seen:
            pending, still_for = None, 0.0
        elif now != pending:
            pending, still_for = now, 0.0
        else:
            still_for += interval_s
            if still_for >= debounce_s and now is not None:
                seen, pending, still_for = now, None, 0.0
                yield path


def polling_preferred() -> bool:
    """Whether to poll without being asked: ``$KATA_WATCH_POLL`` is set, or
    ``$WATCHFILES_FORCE_POLLING`` is (read as watchfiles reads it), or this is WSL,
    where watchfiles also judges native events unreliable."""
    if os.environ.get("KATA_WATCH_POLL"):
        return True
    forced = os.environ.get("WATCHFILES_FORCE_POLLING")
    if forced:
        return forced.lower() not in {"false", "disable", "disabled"}
    uname = platform.uname()
    return uname.system.lower() == "linux" and "microsoft-standard" in uname.release.lower()
