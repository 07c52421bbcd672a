"""Hygiene probes: observe what a student's code does to the event loop.

A virtual clock cannot see blocking (``time.sleep(0.3)`` costs 0 virtual
seconds) and a wall clock sees machine load, so each signal is taken where a
loaded machine cannot fake it:

* **blocking calls** - ``time.sleep`` and other blocking functions are wrapped
  once, before the submission is imported; a call made on the event-loop thread
  from the student's code while a scenario runs is recorded with its line (and
  then returns at once: only the fact matters, not the wait).
* **CPU bursts** - every loop step (``Handle._run``) is timed with
  ``time.thread_time()``, which does not grow while the process is preempted.
  A step over `CPU_BURST_S` is recorded with the student's line: a profiling
  timer armed for the step samples the frame that was burning the CPU.
* **never-awaited coroutines** - the RuntimeWarning is raised when the coroutine
  is collected, so scenarios end with ``gc.collect()`` inside the recording, and
  coroutine origin tracking names the student's line that created it.
* **exceptions never retrieved** and **tasks destroyed while pending** - the
  loop's exception handler records them, again at ``gc.collect()``.

Findings are plain dicts: ``{"kind", "message", "file", "line", "function"}``.
"""

from __future__ import annotations

import asyncio
import builtins
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

from .where import Where

CPU_BURST_S = 0.1
BUSY_EVERY_S = 0.25  # while a step goes on burning CPU, where it is, again and again
ORIGIN_DEPTH = 16

_real_sleep = time.sleep
_thread_time = time.thread_time


class Findings:
    """The findings of one scenario, and the switch that arms the probes."""

    def __init__(self, where: Where) -> None:
        self.where = where
        self.items: list[dict[str, Any]] = []
        self.armed = False
        self.loop_thread: int | None = None

    def add(self, kind: str, message: str, location: dict[str, Any] | None) -> None:
        item = {"kind": kind, "message": message, "file": None, "line": None, "function": None}
        item.update(location or {})
        if item not in self.items:
            self.items.append(item)

    def on_loop_thread(self) -> bool:
        return self.armed and threading.get_ident() == self.loop_thread


class Probes:
    """Installs the process-wide probes once; `current` receives their findings."""

    def __init__(self, where: Where) -> None:
        self.where = where
        self.current: Findings | None = None
        self.burst_location: dict[str, Any] | None = None
        # Told where a long step is now, each time it is sampled: the grader names that
        # line if it has to stop the step for running too long.
        self.on_busy: Callable[[dict[str, Any] | None], None] | None = None

    def install(self) -> None:
        sys.set_coroutine_origin_tracking_depth(ORIGIN_DEPTH)
        self._wrap_blocking_calls()
        self._time_loop_steps()

    # -- blocking calls -------------------------------------------------
    def _wrap_blocking_calls(self) -> None:
        targets: list[tuple[Any, str, str]] = [
            (time, "sleep", "time.sleep"),
            (builtins, "input", "input"),
            (builtins, "open", "open (file I/O)"),
            (os, "system", "os.system"),
            (subprocess, "run", "subprocess.run"),
            (socket, "create_connection", "socket.create_connection"),
            (socket, "getaddrinfo", "socket.getaddrinfo"),
            (socket.socket, "connect", "socket.connect"),
            (socket.socket, "recv", "socket.recv"),
            (socket.socket, "sendall", "socket.sendall"),
        ]
        for owner, attribute, label in targets:
            original = getattr(owner, attribute)
            setattr(owner, attribute, self._blocking_wrapper(original, label))

    def _blocking_wrapper(self, original: Callable[..., Any], label: str) -> Callable[..., Any]:
        probes = self

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            findings = probes.current
            if findings is not None and findings.on_loop_thread():
                location = findings.where.caller()
                if location is not None:
                    findings.add("blocking-call", f"{label} blocked the event loop", location)
                    if original is _real_sleep:
                        return None
            return original(*args, **kwargs)

        wrapper.__name__ = getattr(original, "__name__", label)
        wrapper.__doc__ = getattr(original, "__doc__", None)
        return wrapper

    # -- CPU bursts ------------------------------------------------------
    def _time_loop_steps(self) -> None:
        original_run = asyncio.events.Handle._run
        probes = self
        signal.signal(signal.SIGPROF, self._sample_burst)

        def timed_run(handle: asyncio.Handle) -> None:
            findings = probes.current
            if findings is None or not findings.armed:
                original_run(handle)
                return
            probes.burst_location = None
            started = _thread_time()
            signal.setitimer(signal.ITIMER_PROF, CPU_BURST_S)
            try:
                original_run(handle)
            finally:
                signal.setitimer(signal.ITIMER_PROF, 0)
            spent = _thread_time() - started
            if spent > CPU_BURST_S:
                location = probes.burst_location or _task_location(handle, findings)
                if location is not None:  # a burst in the harness's own code is not the student's
                    message = f"one step of the event loop used {spent:.2f} s of CPU"
                    findings.add("cpu-burst", message, location)

        asyncio.events.Handle._run = timed_run  # type: ignore[method-assign,assignment]

    def _sample_burst(self, signum: int, frame: Any) -> None:
        """SIGPROF: a step has used CPU_BURST_S of CPU; note where it is now, say so, and
        sample again later in case it goes on."""
        if self.current is None:
            return
        location = self.current.where.in_frames(_frames_from(frame))
        if self.burst_location is None:
            self.burst_location = location
        if self.on_busy is not None:
            self.on_busy(location)
        signal.setitimer(signal.ITIMER_PROF, BUSY_EVERY_S)

    # -- warnings and the loop's exception handler ------------------------
    def record_warning(self, findings: Findings, message: str) -> None:
        if "was never awaited" not in message:
            return
        location = findings.where.in_origin_text(message)
        if location is not None:
            first_line = message.splitlines()[0]
            findings.add("never-awaited", first_line, location)

    def exception_handler(self, findings: Findings) -> Callable[[Any, dict[str, Any]], None]:
        def handle(loop: Any, context: dict[str, Any]) -> None:
            message = str(context.get("message", "unhandled error in the event loop"))
            exc = context.get("exception")
            location = findings.where.in_traceback(getattr(exc, "__traceback__", None))
            task = context.get("task") or context.get("future")
            if location is None and task is not None:
                location = _coro_location(task, findings.where)
            kind = "task-destroyed" if "destroyed but it is pending" in message else "unretrieved"
            if exc is not None:
                message = f"{message}: {type(exc).__name__}: {exc}"
            findings.add(kind, message, location)

        return handle


def _frames_from(frame: Any) -> list[Any]:
    frames = []
    while frame is not None:
        frames.append(frame)
        frame = frame.f_back
    return frames


def _task_location(handle: asyncio.Handle, findings: Findings) -> dict[str, Any] | None:
    task = getattr(getattr(handle, "_callback", None), "__self__", None)
    return _coro_location(task, findings.where) if task is not None else None


def _coro_location(task: Any, where: Where) -> dict[str, Any] | None:
    return where.of_task(task) if hasattr(task, "get_coro") else None
