"""Scenario building blocks, chosen in the parent and played by it.

Every name, value, delay and failure comes from `Dice`, seeded per run and per
check, so ``--seed`` replays a run exactly.  Delays are distinct multiples of
10 ms: no two events share an instant unless a check arranges it.

A fake lives here, in the grader's process: the child gets only its label and
kind (`wire.Stub`).  When the student's code starts a call, the referee asks
the fake's `script` what that call does, and releases the value or the
exception only when the call ends.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from typing import Any

from .. import wire
from .values import ObservedException, exactly_equal

WORDS = (
    "alder", "birch", "cedar", "dahlia", "elm", "fern", "ginkgo", "hazel", "iris", "juniper",
    "kelp", "larch", "maple", "nettle", "oak", "poppy", "quince", "rowan", "sorrel", "tansy",
    "umbra", "vetch", "willow", "yarrow", "zinnia", "aster", "basil", "clover", "daisy", "ember",
)
ERROR_CLASSES = ("ValueError", "ConnectionError", "RuntimeError", "LookupError")


@dataclass(frozen=True)
class Failure:
    """An exception a fake will raise: its class (one the wire allows) and (random) message."""

    class_name: str
    message: str

    def __post_init__(self) -> None:
        if self.class_name not in wire.ALLOWED_ERRORS:  # a kata's bug, not the student's
            raise ValueError(f"a fake cannot raise {self.class_name}; it may raise "
                             f"{', '.join(wire.ALLOWED_ERRORS)}")

    def __str__(self) -> str:
        return f"{self.class_name}({self.message!r})"


@dataclass(frozen=True)
class Script:
    """What one started call of a fake does, as the referee plays it.

    It runs `delay` seconds (None: until cancelled), then returns `value` or
    raises `failure`.  Cancelled first, it stops at once, or (with `cleanup`)
    cleans up for that long and then lets CancelledError out, or with `swallow`
    returns `value` instead.
    """

    delay: float | None
    value: Any = None
    failure: Failure | None = None
    cleanup: float | None = None
    swallow: bool = False


@dataclass(frozen=True)
class Step:
    """What one name does when fetched: wait `delay`, then return or raise."""

    delay: float
    value: str | None = None
    failure: Failure | None = None


class FakeSpec:
    """A fake as the parent knows it: a label (its name in the trace), a kind (which stub
    the child builds), and what each of its calls does."""

    label: str
    kind: str = ""

    def stub(self) -> wire.Stub:
        """All the child learns of this fake."""
        return wire.Stub(self.kind)

    def script(self, key: str, call: int) -> Script | None:
        """What call number `call` of `key` does once started (None: not a callable fake)."""
        return None

    def releasable(self) -> set[str]:
        """Every value this fake may hand out: none may reach the student's result
        before the fake has released it."""
        return set()

    def token(self, key: str, call: int = 0) -> str:
        """The identity of the exception call `call` of `key` raises, as checks compare it
        (the child only ever sees a random token standing for it)."""
        return f"{self.label}:{key}#{call}"


@dataclass
class Fetch(FakeSpec):
    """A scripted ``await fetch(name) -> str`` fake, known to the parent in full."""

    steps: dict[str, Step]
    label: str = "fetch"
    names: list[str] = field(init=False)
    kind = "fetch"

    def __post_init__(self) -> None:
        self.names = list(self.steps)

    def script(self, key: str, call: int) -> Script:
        step = self.steps.get(key)
        if step is None:
            return Script(0.0, failure=Failure("LookupError", f"{self.label} has no entry {key!r}"))
        return Script(step.delay, step.value, step.failure)

    def releasable(self) -> set[str]:
        return {s.value for s in self.steps.values() if s.value is not None}

    def value(self, name: str) -> str:
        value = self.steps[name].value
        assert value is not None, f"{name} fails in this scenario"
        return value

    def values(self, names: list[str] | None = None) -> list[str]:
        return [self.value(n) for n in (self.names if names is None else names)]

    def delay(self, name: str) -> float:
        return self.steps[name].delay

    def max_delay(self) -> float:
        return max(s.delay for s in self.steps.values())

    def failure(self, name: str) -> Failure | None:
        return self.steps[name].failure

    def whose(self, got: Any) -> str | None:
        """The name whose result `got` is (its value, or its very exception), if any."""
        for name in self.names:
            if self.failure(name) is None:
                if exactly_equal(got, self.value(name)):
                    return name
            elif isinstance(got, ObservedException) and got.token == self.token(name):
                return name
        return None

    def failing(self) -> list[str]:
        return [n for n, s in self.steps.items() if s.failure is not None]

    def by_delay(self) -> list[str]:
        """Names from fastest to slowest."""
        return sorted(self.names, key=self.delay)

    def not_in_finishing_order(self) -> list[str]:
        """The names in an order that differs from the order their fetches finish in."""
        return self.names if self.names != self.by_delay() else self.names[::-1]

    def with_delays_swapped(self, a: str, b: str) -> Fetch:
        """The same fetch with the delays of `a` and `b` exchanged."""
        steps = dict(self.steps)
        steps[a] = replace(self.steps[a], delay=self.delay(b))
        steps[b] = replace(self.steps[b], delay=self.delay(a))
        return Fetch(steps, label=self.label)

    def failing_early(self) -> Fetch:
        """The same fetch, arranged so that no failure is the slowest call.

        A failure then happens while other fetches are still running.
        """
        slowest = self.by_delay()[-1]
        if self.failure(slowest) is None:
            return self
        fastest_success = next(n for n in self.by_delay() if self.failure(n) is None)
        return self.with_delays_swapped(slowest, fastest_success)


class Dice:
    """Random scenario parameters for one check, reproducible from the run's seed."""

    def __init__(self, seed: int, salt: str) -> None:
        self.random = random.Random(f"{seed}:{salt}")

    def names(self, count: int) -> list[str]:
        words = self.random.sample(WORDS, min(count, len(WORDS)))
        while len(words) < count:
            words.append(f"{self.random.choice(WORDS)}{len(words)}")
        return [f"{w}-{self.random.randrange(10, 100)}" for w in words]

    def delays(self, count: int, low: int = 5, high: int = 95) -> list[float]:
        """`count` distinct delays, in hundredths of a second between low and high."""
        high = max(high, low + count)
        return [h / 100 for h in self.random.sample(range(low, high), count)]

    def value_for(self, name: str) -> str:
        return f"{name.upper()}:{self.random.randrange(16**6):06x}"

    def failure(self, name: str) -> Failure:
        kind = self.random.choice(ERROR_CLASSES)
        return Failure(kind, f"{name} failed (#{self.random.randrange(1000, 10000)})")

    def fetch(self, count: int, *, failing: int = 0, label: str = "fetch") -> Fetch:
        """A fetch over `count` fresh names with distinct delays; `failing` of them raise."""
        names = self.names(count)
        delays = self.delays(count)
        broken = set(self.random.sample(names, failing))
        steps = {
            n: Step(d, failure=self.failure(n)) if n in broken else Step(d, value=self.value_for(n))
            for n, d in zip(names, delays, strict=True)
        }
        return Fetch(steps, label=label)

    def shuffled(self, items: list[Any]) -> list[Any]:
        copy = list(items)
        self.random.shuffle(copy)
        return copy
