"""The wire and the referee: what the child may say, and what the grader makes of it.

The referee is driven here by hand, message by message, as a child would drive
it (or a forger would): it must keep its own clock, release answers only when
they happen, and meet anything out of turn with Interference, a failed check,
never a fault of the grader.
"""

from __future__ import annotations

import dataclasses
import json

import pytest

from grader import wire
from grader.runner.channel import parse, parse_loaded
from grader.runner.problems import Interference
from grader.testing.fakes import Victim
from grader.testing.referee import Referee
from grader.testing.scenario import Failure, Fetch, Step

FETCH = Fetch({"a": Step(0.3, "A:1"), "b": Step(0.1, "B:2"), "c": Step(0.2, failure=Failure(
    "ValueError", "c broke"))})


def line(message: object) -> bytes:
    return wire.dump(message).rstrip(b"\n")


def referee(*fakes: object, limit_s: float = 60.0, **options: object) -> Referee:
    return Referee("x#1", fakes or [FETCH], limit_s=limit_s, **options)  # type: ignore[arg-type]


def start(ref: Referee) -> wire.Advance:
    """Idle at t=0 with nothing of its own: the referee starts the entry."""
    advance = ref.receive(wire.Idle(None))
    assert advance.actions == [wire.Action("start")]
    return advance


def call(ref: Referee, number: int, key: str) -> None:
    ref.receive(wire.Called(number, "fetch", key))
    ref.receive(wire.Started(number))


def end(ref: Referee, outcome: wire.Outcome) -> None:
    ref.receive(wire.Ended(outcome, []))
    ref.receive(wire.Finished([]))


# -- the wire's strictness ------------------------------------------------------------
def test_every_child_message_survives_the_round_trip() -> None:
    messages = [
        wire.Called(0, "fetch", "a", wire.Location("s.py", 3, "f")), wire.Started(0),
        wire.CancelledCall(0), wire.Closed(0), wire.Freed(0), wire.Pull("source"),
        wire.Reported("report", "a", wire.SeqV("list", [wire.StrV("x")], 1)), wire.Mark("m"),
        wire.Busy(wire.Location("s.py", 9, "f")), wire.Idle(None), wire.Idle(5),
        wire.Ended(wire.Raised(wire.EncodedException("ValueError", "builtins", "m", "t", None)),
                   [wire.TaskInfo("Task-1", "f", None)], notes={"n": [1]},
                   values={"v": wire.DictV([(wire.IntV(1), wire.NoneV())], 1)}),
        wire.Finished([wire.Finding("cpu-burst", "m", "s.py", 2, "f")], abandoned=True),
    ]
    for message in messages:
        assert parse(line(message)) == message


@pytest.mark.parametrize("text", [
    '{"op":"started","call":"1"}',
    '{"op":"started","call":true}',
    '{"op":"started","call":1,"surprise":1}',
    '{"op":"teleported","call":1}',
    '{"op":"idle","timer":NaN}',
    '{"op":"ended","outcome":{"kind":"returned","value":{"type":"str","value":5}},"pending":[]}',
    '{"op":"ended","outcome":{"kind":"passed"},"pending":[]}',
    'not json at all',
    '[' * 100_000,
], ids=["number-as-text", "bool-as-number", "unknown-field", "unknown-op", "nan", "mistyped",
        "unknown-outcome", "garbage", "deep-garbage"])
def test_a_malformed_message_is_interference_not_coerced(text: str) -> None:
    with pytest.raises(Interference):
        parse(text.encode())


@pytest.mark.parametrize("depth", [40, 5000])
def test_a_value_nested_deeper_than_any_encoding_is_interference(depth: int) -> None:
    from grader.testing.fakes import Report

    value = '{"type":"list","items":[' * depth + '{"type":"none"}' + '],"length":1}' * depth
    text = '{"op":"reported","fake":"report","key":"k","value":' + value + "}"
    ref = referee(Report())
    start(ref)
    with pytest.raises(Interference):
        ref.receive(parse(text.encode()))


def test_an_import_report_in_another_wire_version_is_refused() -> None:
    loaded = dataclasses.replace(wire.Loaded("ok"), version=1)
    with pytest.raises(Interference, match="version"):
        parse_loaded(line(loaded))


def test_parent_messages_read_back_in_the_child() -> None:
    run = wire.Run("x#1", wire.Call("f", [wire.FakeArg("fetch"), wire.ValueArg(["a"])]),
                   {"fetch": wire.Stub("fetch"), "services": wire.Stub("services", ["db"])})
    advance = wire.Advance(5, [wire.Completion(0, "A", failure=wire.Failure("ValueError", "m",
                                                                            "t"))],
                           [wire.Action("set", "stop")], "alarm")
    for message in (run, advance, wire.Reply(item=3), wire.Hello("p", "d", ["f"], None, {})):
        assert wire.load_parent_message(line(message)) == message


# -- the clock --------------------------------------------------------------------------
def test_time_moves_to_the_next_completion_and_releases_its_value_then() -> None:
    ref = referee()
    start(ref)
    call(ref, 0, "a")
    call(ref, 1, "b")
    first = ref.receive(wire.Idle(None))
    assert (first.now, first.completions) == (100_000, [wire.Completion(1, "B:2")])
    second = ref.receive(wire.Idle(10**9))  # a far timer of its own does not skip a completion
    assert (second.now, second.completions) == (300_000, [wire.Completion(0, "A:1")])


def test_the_childs_own_timer_moves_the_clock_only_forward() -> None:
    ref = referee()
    start(ref)
    assert ref.receive(wire.Idle(250_000)).now == 250_000
    assert ref.receive(wire.Idle(1)).now == 250_001
    with pytest.raises(Interference):
        ref.receive(wire.Idle(0))


def test_an_exception_is_issued_with_a_fresh_token_and_read_back_as_the_checks_token() -> None:
    ref = referee()
    start(ref)
    call(ref, 0, "c")
    (completion,) = ref.receive(wire.Idle(None)).completions
    failure = completion.failure
    assert failure is not None and (failure.class_name, failure.message) == ("ValueError",
                                                                             "c broke")
    assert failure.token != FETCH.token("c")  # the child never learns the checks' token
    exc = wire.EncodedException("ValueError", "builtins", "c broke", failure.token, None)
    end(ref, wire.Raised(exc))
    assert ref.observation is not None
    assert ref.observation.outcome.exception.token == FETCH.token("c")  # type: ignore[union-attr]


def test_nothing_pending_and_no_timer_is_a_deadlock_then_a_grace_period() -> None:
    ref = referee()
    start(ref)
    stall = ref.receive(wire.Idle(None))
    assert (stall.now, stall.stall) == (0, "deadlock")
    assert ref.receive(wire.Idle(4_000_000)).now == 4_000_000
    final = ref.receive(wire.Idle(2_000_000))
    assert (final.now, final.stall) == (5_000_000, "alarm")  # the grace period is 5 s
    with pytest.raises(Interference, match="told to stop"):
        ref.receive(wire.Idle(None))


def test_something_running_forever_is_stopped_at_the_virtual_limit() -> None:
    victim = Victim(run=None)
    ref = referee(victim, limit_s=2.5)
    ref.receive(wire.Called(0, "task", "task"))
    ref.receive(wire.Started(0))
    start(ref)
    stall = ref.receive(wire.Idle(None))
    assert (stall.now, stall.stall) == (2_500_000, "alarm")


def test_a_cancelled_victim_cleans_up_then_swallows_as_scripted() -> None:
    victim = Victim(run=None, value="kept", cleanup=0.25, swallow=True)
    ref = referee(victim)
    ref.receive(wire.Called(0, "task", "task"))
    ref.receive(wire.Started(0))
    start(ref)
    ref.receive(wire.Idle(500_000))
    assert ref.receive(wire.CancelledCall(0)) == wire.Reply(then="cleanup")
    advance = ref.receive(wire.Idle(None))
    assert advance.now == 750_000
    assert advance.completions == [wire.Completion(0, "kept", cleaned=True, swallow=True)]
    end(ref, wire.Returned("returned", wire.BoolV(False)))
    assert ref.observation is not None
    assert [(e.event, e.t) for e in ref.observation.trace] == [
        ("started", 0.0), ("cancelled", 0.5), ("cleaned", 0.75), ("swallowed", 0.75)]


# -- screening claims -------------------------------------------------------------------------
def test_a_value_no_fake_has_released_cannot_be_returned() -> None:
    ref = referee()
    start(ref)
    with pytest.raises(Interference, match="handed it yet"):
        ref.receive(wire.Ended(wire.Returned("returned", wire.SeqV("list", [
            wire.StrV("A:1"), wire.StrV("B:2")], 2)), []))


def test_an_exception_token_never_issued_cannot_be_claimed() -> None:
    ref = referee()
    start(ref)
    forged = wire.EncodedException("ValueError", "builtins", "c broke", FETCH.token("c"), None)
    with pytest.raises(Interference, match="no fake had raised"):
        ref.receive(wire.Ended(wire.Raised(forged), []))


def test_released_values_and_unrelated_strings_pass_the_screen() -> None:
    ref = referee()
    start(ref)
    call(ref, 0, "b")
    ref.receive(wire.Idle(None))
    end(ref, wire.Returned("returned", wire.SeqV("list", [wire.StrV("B:2"), wire.StrV("zz")],
                                                    2)))
    assert ref.observation is not None and ref.observation.ended_at == 0.1


@pytest.mark.parametrize("messages", [
    [wire.Called(1, "fetch", "a")],  # a call number skipped
    [wire.Called(0, "nothing", "a")],  # no such fake
    [wire.Started(0)],  # a call never made
    [wire.Called(0, "fetch", "a"), wire.Started(0), wire.Started(0)],  # started twice
    [wire.Called(0, "fetch", "a"), wire.CancelledCall(0), wire.CancelledCall(0)],
    [wire.Freed(0)],
    [wire.Ended(wire.Cancelled(), []), wire.Ended(wire.Cancelled(), [])],  # ended twice
    [wire.Finished([])],  # finished without ending
    [wire.Mark("m"), wire.Mark("m")],  # one instant marked twice
    [wire.Pull("fetch")],  # a pull from what is not a source
    [wire.Reported("fetch", "a", wire.NoneV())],
], ids=["call-skipped", "unknown-fake", "unknown-call", "started-twice", "never-started",
        "freed-unknown", "ended-twice", "finished-early", "marked-twice", "pull", "report"])
def test_messages_out_of_turn_are_interference(messages: list[object]) -> None:
    ref = referee()
    start(ref)
    with pytest.raises(Interference):
        for message in messages:
            ref.receive(message)


def test_an_end_before_the_entry_started_is_interference() -> None:
    with pytest.raises(Interference):
        referee().receive(wire.Ended(wire.Cancelled(), []))


def test_a_late_cancellation_does_not_change_how_a_call_ended() -> None:
    ref = referee()
    start(ref)
    call(ref, 0, "b")
    ref.receive(wire.Idle(None))  # b completes at 0.1: its answer is released
    assert ref.receive(wire.CancelledCall(0)) == wire.Reply(then="reraise")
    end(ref, wire.Cancelled())
    assert ref.observation is not None
    assert [e.event for e in ref.observation.trace] == ["called", "started", "returned"]


def test_the_record_knows_calls_still_running_when_the_entry_ended() -> None:
    ref = referee()
    start(ref)
    call(ref, 0, "a")
    call(ref, 1, "b")
    ref.receive(wire.Idle(None))
    end(ref, wire.Returned("returned", wire.StrV("B:2")))
    assert ref.observation is not None
    assert [(f.key, f.since) for f in ref.observation.in_flight] == [("a", 0.0)]


def test_json_lines_are_one_message_each() -> None:
    encoded = line(wire.Called(0, "fetch", "a\nb"))
    assert b"\n" not in encoded and json.loads(encoded)["key"] == "a\nb"


def test_calls_still_running_fail_nothing_pending_even_when_no_task_is_claimed() -> None:
    from grader.testing import expect
    from grader.testing.expect import CheckFailed
    from grader.testing.run import Run

    ref = referee()
    start(ref)
    call(ref, 0, "a")
    call(ref, 1, "b")
    ref.receive(wire.Idle(None))
    end(ref, wire.Returned("returned", wire.StrV("B:2")))  # claims no pending task at all
    assert ref.observation is not None
    with pytest.raises(CheckFailed, match=r"fetch\('a'\), started at t=0.00 s"):
        expect.nothing_pending(Run("fetch_all", ref.observation), hint="h")


def test_text_utf8_cannot_carry_still_makes_a_valid_line() -> None:
    message = parse(line(wire.Called(0, "fetch", "a\ud800b")))
    assert message == wire.Called(0, "fetch", "a?b")


def test_both_sides_know_the_same_fake_kinds() -> None:
    from grader.child.fakes import FAKE_KINDS
    from grader.testing import fakes, scenario

    parent = {cls.kind for module in (fakes, scenario) for cls in vars(module).values()
              if isinstance(cls, type) and issubclass(cls, scenario.FakeSpec) and cls.kind}
    assert parent == set(wire.FAKE_KINDS) == {*FAKE_KINDS, "services"}


def test_a_fake_may_raise_only_what_the_child_can_make() -> None:
    with pytest.raises(ValueError, match="cannot raise TimeoutError"):
        Failure("TimeoutError", "too slow")
