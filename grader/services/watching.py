"""`kata watch`: check a kata on start and each time its file is saved.

The screen shows the latest verdict only.  Single keys act at once: ``h`` reveals
the next hint for the first failing check, ``n`` moves to the next kata once this
one passes, ``l`` lists the katas, ``q`` quits.

File changes come from watchfiles' native events.  ``--poll``,
``$KATA_WATCH_POLL``, ``$WATCHFILES_FORCE_POLLING`` or running on WSL switch to
polling the file's content instead (see `filepoll`), which works on WSL,
network drives and with editors that replace files on save; so does a native
watcher that fails to start.  A burst of saves is debounced into one check.
The watcher thread only signals; checking, drawing and keys all happen in the
main thread, woken by a pipe or a key.
"""

from __future__ import annotations

import contextlib
import os
import select
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TextIO

from ..catalogue import Kata
from ..models.scorecard import Scorecard
from .filepoll import poll_changes, polling_preferred
from .report import render_scorecard
from .workspace import Workspace

DEBOUNCE_MS = 300
KEYS = "h: next hint   n: next kata (once this one passes)   l: list   q: quit"

Checker = Callable[[Kata, Path], Scorecard]


class Watch:
    """One watch session over a workspace, starting at `kata`."""

    def __init__(self, workspace: Workspace, katas: list[Kata], kata: Kata, check: Checker,
                 *, poll: bool = False, out: TextIO | None = None) -> None:
        self.workspace = workspace
        self.katas = katas
        self.kata = kata
        self.check = check
        self.poll = poll or polling_preferred()
        self.out = out or sys.stdout
        self.card: Scorecard | None = None
        self.notice = ""
        self._wake_r, self._wake_w = os.pipe()
        self._stop = threading.Event()

    # -- the loop -------------------------------------------------------------------
    def run(self, keys: TextIO) -> None:
        self.workspace.start(self.kata)
        thread = threading.Thread(target=self._watch_files, daemon=True)
        thread.start()  # before the first check, so no save after its verdict is missed
        try:
            with _single_keys(keys):  # before the first screen: a key typed then counts
                self._recheck()
                self._loop(keys)
        finally:
            self._stop.set()
            os.write(self._wake_w, b"x")
            thread.join(timeout=2)

    def _loop(self, keys: TextIO) -> None:
        key_fd = keys.fileno()
        while True:
            ready, _, _ = select.select([key_fd, self._wake_r], [], [])
            if self._wake_r in ready:
                os.read(self._wake_r, 1024)
                self._recheck()
            if key_fd in ready:
                key = os.read(key_fd, 1).decode(errors="replace").lower()
                if key in ("q", "") or not self._on_key(key):
                    return

    def _on_key(self, key: str) -> bool:
        """Act on one key; False to quit."""
        if key == "h":
            self._show_hint()
        elif key == "n":
            self._next()
        elif key == "l":
            self._draw(extra=self._listing())
        return True

    # -- what the keys do -------------------------------------------------------------
    def _show_hint(self) -> None:
        failing = [c for c in (self.card.checks if self.card else []) if c.status != "passed"]
        spec = self.kata.meta.check(failing[0].id) if failing else None
        if spec is None or not spec.hints:
            self.notice = "No hint to show: every check passes." if not failing else \
                f"No staged hints for {failing[0].id}."
        else:
            level = self.workspace.reveal_hint(self.kata, spec.id)
            text = spec.hints[level - 1]
            self.notice = f"Hint {level} of {len(spec.hints)} for {spec.id}: {text}"
        self._draw()

    def _next(self) -> None:
        if self.card is None or self.card.status != "passed":
            self.notice = "Pass every check of this kata first, then n moves on."
            self._draw()
            return
        following = self._following()
        if following is None:
            self.notice = "That was the last kata you had left. Well done!"
            self._draw()
            return
        self.kata = following
        created = self.workspace.start(following)
        self.notice = (f"Started kata {following.meta.id}: "
                       f"{'created' if created else 'your file is'} "
                       f"{os.path.relpath(self.workspace.solution(following))}.")
        self._recheck()

    def _following(self) -> Kata | None:
        index = self.katas.index(self.kata)
        later = self.katas[index + 1:] + self.katas[:index]
        return self.workspace.next_unfinished(later)

    def _listing(self) -> str:
        lines = ["", "Katas:"]
        for kata in self.katas:
            card = self.workspace.last_result(kata)
            state = ("passed" if card.status == "passed" else f"{card.score}/{card.max_score}"
                     ) if card else ("started" if self.workspace.solution(kata).exists()
                                     else "not started")
            marker = ">" if kata is self.kata else " "
            lines.append(f" {marker} {kata.meta.id}  {kata.meta.slug:<20} {state}")
        return "\n".join(lines)

    # -- checking and drawing ----------------------------------------------------------
    def _recheck(self) -> None:
        path = self.workspace.solution(self.kata)
        self.card = self.check(self.kata, path)
        self._draw()

    def _draw(self, extra: str = "") -> None:
        self.out.write("\x1b[2J\x1b[H" if self.out.isatty() else "\n" + "=" * 60 + "\n")
        if self.card is not None:
            self.out.write(render_scorecard(self.card, colour=self.out.isatty()) + "\n")
        if self.notice:
            self.out.write(f"\n{self.notice}\n")
            self.notice = ""
        if extra:
            self.out.write(extra + "\n")
        path = os.path.relpath(self.workspace.solution(self.kata))
        self.out.write(f"\nWatching {path}  ({KEYS})\n")
        self.out.flush()

    # -- the file watcher (its own thread) -------------------------------------------------
    def _watch_files(self) -> None:
        if not self.poll:
            try:
                self._watch_events()
                return
            except (OSError, RuntimeError) as error:  # e.g. out of inotify watches
                if self._stop.is_set():
                    return
                self.notice = f"File events unavailable ({error}); polling instead."
                os.write(self._wake_w, b"!")  # show the notice
        self._watch_polling()

    def _watch_events(self) -> None:
        from watchfiles import watch

        folder = self.workspace.solution(self.kata).parent
        for changes in watch(folder, stop_event=self._stop, debounce=DEBOUNCE_MS, step=50,
                             force_polling=False, recursive=False, raise_interrupt=False,
                             rust_timeout=500):
            names = {Path(path).name for _, path in changes}
            if self.workspace.solution(self.kata).name in names:
                os.write(self._wake_w, b"!")

    def _watch_polling(self) -> None:
        """Poll the current kata's file; follows the kata when `n` moves on."""
        for _ in poll_changes(lambda: self.workspace.solution(self.kata), self._stop,
                              debounce_s=DEBOUNCE_MS / 1000):
            os.write(self._wake_w, b"!")


@contextlib.contextmanager
def _single_keys(keys: TextIO) -> Iterator[None]:
    """Read keys one by one, unechoed, when the input is a terminal."""
    if not keys.isatty():
        yield
        return
    import termios
    import tty

    fd = keys.fileno()
    saved = termios.tcgetattr(fd)
    try:
        tty.setcbreak(fd)
        yield
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)

