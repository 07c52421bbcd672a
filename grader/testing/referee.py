"""The grader's side of a scenario: it keeps the clock, plays the fakes, writes the record.

The child runs the student's code on its own event loop, but its time moves
only when this referee moves it.  The exchange (`grader.wire`):

* the child's stubs announce calls (``Called``, ``Started``) and what befalls
  them (``Cancelled``, ``Closed``, ``Freed``); each is stamped here, with this
  clock, in the order received: that is the trace every check judges;
* when nothing in the child is ready it says ``Idle`` with the distance to its
  own next timer; the referee moves its clock to the earliest of that, the
  fakes' pending events and the grader's own actions, and answers ``Advance``:
  the new time, the calls that complete now (their values and exceptions are
  released only then) and the actions (start or cancel the entry, set an
  event).  Equal instants resolve in one order: completions, in the order the
  calls were made; then the grader's actions, in the order the check gave them;
  then the child's own timers;
* nothing ready, no timer, no pending event and nothing running forever is a
  deadlock; the next event beyond the virtual limit is an alarm.  Either way the
  child is told to stop the entry, and given a grace period to clean up;
* ``Ended`` and ``Finished`` carry what stays a claim (how the entry ended,
  tasks left pending, findings, a program's notes).  Those are screened: a
  value no fake has released yet, or an exception token never issued, cannot
  have come from honest code.

Anything out of turn (an unknown call, a call started twice, a second
``Ended``, going on after being told to stop) raises `Interference`.
A call completes at the instant its answer is released; a cancellation that
reaches the child's stub after that is too late to change how it ended.
"""

from __future__ import annotations

import heapq
import itertools
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any

from .. import wire
from ..models.observation import InFlight, Mark, Observation, Stopped, TraceEvent
from ..runner.problems import Interference
from .scenario import Failure, FakeSpec, Script

GRACE_S = 5.0  # virtual seconds a stopped or finished entry's leftovers get to clean up
MAX_FINDINGS = 100
_NOT_CALLED_BY_THE_STUDENT = ("victim",)  # started by the grader: no "called" event
_LEGITIMATELY_RUNNING = ("victim", "hold")  # may still run when the entry ends
_COMPLETION, _ACTION = 0, 1


def ticks(seconds: float) -> int:
    return round(seconds * wire.TICKS_PER_SECOND)


def seconds_of(tick: int) -> float:
    return round(tick / wire.TICKS_PER_SECOND, 6)


@dataclass
class _Call:
    """One call of a fake, as the referee plays it."""

    fake: FakeSpec
    key: str
    index: int  # counting calls of this fake with this key
    state: str = "called"  # -> running -> (cleanup) -> ended
    script: Script | None = None
    since: int = 0
    due: tuple[int, int] | None = None  # the queued completion still valid, by its order
    returned: bool = False
    freed: bool = False


class Referee:
    """One scenario's clock, fakes and record."""

    def __init__(self, scenario_id: str, fakes: Iterable[FakeSpec], *, limit_s: float,
                 start_at: float = 0.0, actions: Iterable[tuple[float, wire.Action]] = ()) -> None:
        self.id = scenario_id
        self.fakes = {fake.label: fake for fake in fakes}
        self.finished = False
        self.observation: Observation | None = None
        self.busy: wire.Location | None = None  # where a long step last was (a claim)
        self.now = 0
        self._alarm = ticks(limit_s)
        self._queue: list[tuple[int, int, int, Any]] = []
        self._order = itertools.count()
        self._trace: list[TraceEvent] = []
        self._calls: list[_Call] = []
        self._counts: dict[tuple[str, str], int] = {}
        self._pulls: dict[str, int] = {}
        self._values = set().union(*(fake.releasable() for fake in self.fakes.values()))
        self._released: set[str] = set()
        self._tokens: dict[str, tuple[str, str]] = {}  # wire token -> (check token, class)
        self._marks: dict[str, Mark] = {}
        self._called_at: int | None = None
        self._stopped: tuple[str, int] | None = None
        self._told_to_abandon = False
        self._ended: wire.Ended | None = None
        self._ended_at = 0
        self._return_seq = 0
        self._in_flight: list[InFlight] = []
        self._schedule(ticks(start_at), _ACTION, wire.Action("start"))
        for at, action in actions:
            self._schedule(ticks(at), _ACTION, action)
        self._handlers: dict[type, Callable[[Any], Any]] = {
            wire.Called: self._called, wire.Started: self._started,
            wire.CancelledCall: self._cancelled, wire.Closed: self._closed,
            wire.Freed: self._freed, wire.Pull: self._pull, wire.Reported: self._reported,
            wire.Mark: self._mark, wire.Busy: self._busy, wire.Idle: self._idle,
            wire.Ended: self._end,
            wire.Finished: self._finish,
        }

    def run_message(self, entry: wire.Call | wire.Program) -> wire.Run:
        """What the child is told of this scenario: labels, kinds and the entry's call."""
        return wire.Run(self.id, entry, {label: f.stub() for label, f in self.fakes.items()})

    # -- the exchange ---------------------------------------------------------------
    def receive(self, message: Any) -> Any | None:
        """Take one validated message from the child; return the answer, if one is due."""
        if self.finished:
            raise Interference("your code sent messages after the scenario was over")
        return self._handlers[type(message)](message)

    # -- calls ------------------------------------------------------------------------
    def _called(self, message: wire.Called) -> None:
        if message.call != len(self._calls):
            raise Interference(f"call number {message.call} arrived out of order")
        fake = self.fakes.get(message.fake)
        key = message.key
        if fake is None or len(key) > wire.MAX_TEXT + 1:
            raise Interference(f"a call of an unknown fake {message.fake[:40]!r}")
        index = self._next_index(fake.label, key)
        script = fake.script(key, index)
        if script is None or (fake.kind in _NOT_CALLED_BY_THE_STUDENT and index > 0):
            raise Interference(f"{fake.label} cannot be called that way")
        self._calls.append(_Call(fake, key, index, script=script))
        if fake.kind not in _NOT_CALLED_BY_THE_STUDENT:
            self._record(fake.label, key, index, "called", at=message.at)

    def _next_index(self, label: str, key: str) -> int:
        """Calls of a fake count from 0 per key: fetch('a') #0, #1..."""
        index = self._counts[label, key] = self._counts.get((label, key), -1) + 1
        return index

    def _call(self, number: int, *states: str) -> _Call:
        if not 0 <= number < len(self._calls) or self._calls[number].state not in states:
            raise Interference(f"a message about call {number} that cannot be in that state")
        return self._calls[number]

    def _started(self, message: wire.Started) -> None:
        call = self._call(message.call, "called")
        call.state, call.since = "running", self.now
        self._record_call(call, "started")
        assert call.script is not None
        if call.script.delay is not None:
            self._complete_later(message.call, call, call.script.delay)

    def _cancelled(self, message: wire.CancelledCall) -> wire.Reply:
        call = self._call(message.call, "running", "cleanup", "ended")
        if call.state == "ended":  # its answer was already released: too late to matter
            return wire.Reply(then="reraise")
        self._record_call(call, "cancelled")
        call.due = None
        assert call.script is not None
        if call.state == "cleanup" or call.script.cleanup is None:
            call.state = "ended"
            return wire.Reply(then="reraise")
        call.state = "cleanup"
        self._complete_later(message.call, call, call.script.cleanup)
        return wire.Reply(then="cleanup")

    def _closed(self, message: wire.Closed) -> None:
        call = self._call(message.call, "running", "cleanup", "ended")
        if call.state != "ended":
            self._record_call(call, "closed")
            call.state, call.due = "ended", None

    def _freed(self, message: wire.Freed) -> None:
        call = self._call(message.call, "ended")
        if call.fake.kind != "ticket" or not call.returned or call.freed:
            raise Interference(f"call {message.call} cannot have been freed")
        call.freed = True
        self._record_call(call, "freed")

    def _complete_later(self, number: int, call: _Call, after_s: float) -> None:
        order = next(self._order)
        call.due = (self.now + ticks(after_s), order)
        heapq.heappush(self._queue, (call.due[0], _COMPLETION, order, number))

    def _completion(self, number: int) -> wire.Completion:
        """Call `number` ends now: record how, and release its answer."""
        call = self._calls[number]
        script = call.script
        assert script is not None
        cleaned = call.state == "cleanup"
        call.state, call.due = "ended", None
        if cleaned:
            self._record_call(call, "cleaned")
            if script.swallow:
                self._record_call(call, "swallowed")
            return wire.Completion(number, self._release(script.value), cleaned=True,
                                   swallow=script.swallow)
        if script.failure is not None:
            self._record_call(call, "raised")
            return wire.Completion(number, failure=self._issue(call, script.failure))
        self._record_call(call, "returned")
        call.returned = True
        return wire.Completion(number, self._release(script.value))

    def _release(self, value: Any) -> Any:
        if isinstance(value, str):
            self._released.add(value)
        return value

    def _issue(self, call: _Call, failure: Failure) -> wire.Failure:
        """The exception's token: random, so that nothing can claim it before it exists."""
        token = secrets.token_hex(8)
        self._tokens[token] = (call.fake.token(call.key, call.index), failure.class_name)
        return wire.Failure(failure.class_name, failure.message, token)

    # -- other fakes ------------------------------------------------------------------
    def _pull(self, message: wire.Pull) -> wire.Reply:
        fake = self.fakes.get(message.fake)
        items = getattr(fake, "items", None)
        if fake is None or fake.kind != "source" or items is None:
            raise Interference("a pull from something that is not a source")
        index = self._pulls.get(fake.label, 0)
        if index >= len(items):
            self._record(fake.label, "", index, "exhausted")
            return wire.Reply(exhausted=True)
        self._pulls[fake.label] = index + 1
        self._record(fake.label, str(items[index]), index, "pulled")
        return wire.Reply(item=items[index])

    def _reported(self, message: wire.Reported) -> None:
        fake = self.fakes.get(message.fake)
        if fake is None or fake.kind != "report" or len(message.key) > wire.MAX_TEXT + 1:
            raise Interference("a report to something that is not a report function")
        index = self._next_index(fake.label, message.key)
        self._record(fake.label, message.key, index, "reported", at=message.at,
                     value=self._screen(message.value))

    def _mark(self, message: wire.Mark) -> None:
        if self._called_at is None or self._ended is not None or message.key in self._marks \
                or len(message.key) > 100:
            raise Interference(f"the mark {message.key[:40]!r} came out of turn")
        self._marks[message.key] = Mark(seconds_of(self.now), len(self._trace))

    def _busy(self, message: wire.Busy) -> None:
        self.busy = message.at

    # -- time ---------------------------------------------------------------------------
    def _idle(self, message: wire.Idle) -> wire.Advance:
        if self._told_to_abandon or (message.timer is not None and message.timer < 1):
            raise Interference("the event loop went on after it was told to stop")
        due = self._next_event()
        if message.timer is not None:
            due = self.now + message.timer if due is None else min(due, self.now + message.timer)
        if due is None and not self._anything_runs_forever():
            return self._stall("deadlock", self.now)
        if due is None or due > self._alarm:
            return self._stall("alarm", max(self.now, self._alarm))
        self.now = due
        completions, actions = [], []
        while self._queue and self._queue[0][0] == due:
            _, kind, order, item = heapq.heappop(self._queue)
            if kind == _ACTION:
                actions.append(self._act(item))
            elif self._calls[item].due == (due, order):
                completions.append(self._completion(item))
        return wire.Advance(due, completions, actions)

    def _next_event(self) -> int | None:
        while self._queue:
            tick, kind, order, item = self._queue[0]
            if kind == _ACTION or self._calls[item].due == (tick, order):
                return tick
            heapq.heappop(self._queue)  # a completion that will not happen any more
        return None

    def _anything_runs_forever(self) -> bool:
        return any(c.state == "running" and c.script is not None and c.script.delay is None
                   for c in self._calls)

    def _act(self, action: wire.Action) -> wire.Action:
        if action.do == "start":
            self._called_at = self.now
        elif action.do == "set" and action.fake is not None:
            self._record(action.fake, action.fake, 0, "set")
        return action

    def _stall(self, kind: str, at: int) -> wire.Advance:
        self.now = at
        if self._stopped is None and self._ended is None:
            self._stopped = (kind, at)
            self._alarm = at + ticks(GRACE_S)
        else:
            self._told_to_abandon = True
        return wire.Advance(at, stall=kind)  # type: ignore[arg-type]

    def _schedule(self, at: int, kind: int, item: Any) -> None:
        heapq.heappush(self._queue, (at, kind, next(self._order), item))

    # -- the end ------------------------------------------------------------------------
    def _end(self, message: wire.Ended) -> None:
        if self._called_at is None or self._ended is not None:
            raise Interference("the entry's end was reported out of turn")
        outcome = message.outcome
        if isinstance(outcome, wire.Returned):
            outcome = replace(outcome, value=self._screen(outcome.value))
        elif isinstance(outcome, wire.Raised):
            outcome = replace(outcome, exception=self._screen_exception(outcome.exception, 0))
        values = {key: self._screen(value) for key, value in (message.values or {}).items()}
        self._ended = replace(message, outcome=outcome, values=values)
        self._ended_at, self._return_seq = self.now, len(self._trace)
        self._in_flight = [InFlight(c.fake.label, c.key, c.index, seconds_of(c.since))
                           for c in self._calls if c.state in ("running", "cleanup")
                           and c.fake.kind not in _LEGITIMATELY_RUNNING]
        self._alarm = self.now + ticks(GRACE_S)

    def _finish(self, message: wire.Finished) -> None:
        ended = self._ended
        if ended is None or self._called_at is None:
            raise Interference("the scenario finished without its entry ever ending")
        stopped = None
        if self._stopped is not None:
            reason, at = self._stopped
            stopped = Stopped(reason, seconds_of(at), list(ended.stalled or []))
        self.observation = Observation(
            id=self.id, outcome=ended.outcome, called_at=seconds_of(self._called_at),
            ended_at=seconds_of(self._ended_at), return_seq=self._return_seq, stopped=stopped,
            pending=list(ended.pending), trace=list(self._trace),
            findings=[replace(f, message=f.message[:wire.MAX_TEXT])
                      for f in message.findings[:MAX_FINDINGS]],
            in_flight=self._in_flight, loop_error=message.loop_error,
            cleanup="abandoned" if message.abandoned else None,
            notes=dict(ended.notes or {}), values=dict(ended.values or {}),
            marks=dict(self._marks))
        self.finished = True

    # -- screening the child's claims ----------------------------------------------------
    def _screen(self, value: wire.Encoded, depth: int = 0) -> wire.Encoded:
        """`value`, with exception tokens turned into the checks' tokens; Interference if
        it holds what no fake has released, or is shaped as no encoding is."""
        if depth > 2 * wire.MAX_DEPTH:
            raise Interference("a value nested deeper than any encoding goes")
        if isinstance(value, wire.StrV):
            if value.value in self._values and value.value not in self._released:
                raise Interference("your code reported a value that no fake had handed it yet")
            return value
        if isinstance(value, wire.SeqV):
            self._bounded(value.items)
            return replace(value, items=[self._screen(item, depth + 1) for item in value.items])
        if isinstance(value, wire.DictV):
            self._bounded(value.items)
            return replace(value, items=[(self._screen(k, depth + 1), self._screen(v, depth + 1))
                                         for k, v in value.items])
        if isinstance(value, wire.ExceptionV):
            return replace(value, exception=self._screen_exception(value.exception, depth + 1))
        return value

    def _screen_exception(self, exc: wire.EncodedException, depth: int) -> wire.EncodedException:
        if depth > 2 * wire.MAX_DEPTH:
            raise Interference("an exception nested deeper than any encoding goes")
        token = exc.token
        if token is not None:
            issued = self._tokens.get(token)
            if issued is None or issued[1] != exc.class_name:
                raise Interference("your code reported an exception no fake had raised")
            token = issued[0]
        members = exc.exceptions
        if members is not None:
            self._bounded(members)
            members = [self._screen_exception(m, depth + 1) for m in members]
        return replace(exc, token=token, exceptions=members)

    @staticmethod
    def _bounded(items: list[Any]) -> None:
        if len(items) > wire.MAX_ITEMS:
            raise Interference("a value longer than any encoding makes")

    # -- the trace ----------------------------------------------------------------------
    def _record_call(self, call: _Call, event: str) -> None:
        self._record(call.fake.label, call.key, call.index, event)

    def _record(self, fake: str, key: str, call: int, event: str, *,
                at: wire.Location | None = None, value: wire.Encoded | None = None) -> None:
        assert event in wire.TRACE_EVENTS, event
        self._trace.append(TraceEvent(len(self._trace), fake, key, call, event,
                                      seconds_of(self.now), at, value))
