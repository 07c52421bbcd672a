"""Schedules and counts that several katas judge by (pipelines, rate limits)."""

from __future__ import annotations

import heapq
from dataclasses import dataclass

from ..wire import CALL_ENDS
from .run import Run


def greedy_finishes(delays: list[int], slots: int) -> list[int]:
    """When each job ends if each, in order, takes the first of `slots` slots that frees.

    Delays and results are in whole ticks of the caller's choosing (hundredths, say),
    so that equal instants compare equal.
    """
    free_at = [0] * slots
    finishes = []
    for delay in delays:
        start = heapq.heappop(free_at)
        heapq.heappush(free_at, start + delay)
        finishes.append(start + delay)
    return finishes


@dataclass(frozen=True)
class Busiest:
    """The moment the most calls of a fake were running: how many, when, which."""

    count: int = 0
    t: float = 0.0
    running: tuple[str, ...] = ()


def busiest(run: Run, fake: str = "fetch") -> Busiest:
    """Started minus ended, event by event in trace order, so an end and a start at
    the same instant count in the order they happened."""
    events = sorted((e for timeline in run.calls(fake) for e in timeline.events),
                    key=lambda e: e.seq)
    running: dict[tuple[str, int], None] = {}
    worst = Busiest()
    for event in events:
        if event.event == "started":
            running[event.key, event.call] = None
        elif event.event in CALL_ENDS:
            running.pop((event.key, event.call), None)
        if len(running) > worst.count:
            worst = Busiest(len(running), event.t, tuple(key for key, _ in running))
    return worst
