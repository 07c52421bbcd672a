"""What the child reports about values: exact types, identities, nothing that can lie."""

from __future__ import annotations

import dataclasses
import json

from pydantic import TypeAdapter

from grader import wire
from grader.child.encode import encode_value
from grader.child.fakes import Tokens
from grader.testing.values import ObservedException, Opaque, decode, exactly_equal


def roundtrip(value: object, tokens: Tokens | None = None) -> object:
    """Encode in the child's way, send as JSON, parse strictly and decode as the parent does."""
    tokens = tokens or Tokens()
    line = json.dumps(dataclasses.asdict(encode_value(value, tokens.token_of)))
    return decode(TypeAdapter(wire.Encoded).validate_json(line))


class Shouty(str):
    pass


class EqualsEverything:
    def __eq__(self, other: object) -> bool:
        return True

    __hash__ = object.__hash__


def test_plain_values_come_back_with_their_exact_types() -> None:
    value = roundtrip(("a", ["b", 1, 2.5, None, True], {"k": "v"}))
    assert exactly_equal(value, ("a", ["b", 1, 2.5, None, True], {"k": "v"}))
    assert not exactly_equal(roundtrip(["a"]), ("a",))


def test_a_str_subclass_is_not_a_str() -> None:
    value = roundtrip(Shouty("a"))
    assert isinstance(value, Opaque) and value.class_name.endswith("Shouty")
    assert not exactly_equal(value, "a")


def test_an_object_equal_to_everything_equals_nothing_here() -> None:
    value = roundtrip(EqualsEverything())
    assert isinstance(value, Opaque)
    assert value != "a" and not exactly_equal(value, [])


def test_an_injected_exception_keeps_its_identity_and_a_copy_does_not() -> None:
    tokens = Tokens()
    original = tokens.issue(ValueError("boom"), "fetch:a#0")
    same, copy = roundtrip([original, ValueError("boom")], tokens)  # type: ignore[misc]
    assert isinstance(same, ObservedException) and same.token == "fetch:a#0"
    assert isinstance(copy, ObservedException) and copy.token is None


def test_a_group_reports_its_leaves() -> None:
    tokens = Tokens()
    a = tokens.issue(ValueError("a"), "fetch:a#0")
    b = tokens.issue(KeyError("b"), "fetch:b#0")
    group = roundtrip(ExceptionGroup("two", [a, ExceptionGroup("inner", [b])]), tokens)
    assert isinstance(group, ObservedException) and group.is_group
    assert [leaf.token for leaf in group.leaves()] == ["fetch:a#0", "fetch:b#0"]


def test_huge_containers_are_cut_but_their_length_is_told() -> None:
    encoded = encode_value(list(range(10_000)), Tokens().token_of)
    assert isinstance(encoded, wire.SeqV) and encoded.length == 10_000
    assert len(encoded.items) == wire.MAX_ITEMS


def test_numbers_json_cannot_carry_are_shown_not_compared() -> None:
    for number in (float("nan"), float("inf"), 10**5000):
        assert isinstance(roundtrip(number), Opaque)
    assert roundtrip(2.5) == 2.5 and roundtrip(-(2**62)) == -(2**62)


def test_a_hostile_repr_is_survived() -> None:
    class Hostile:
        def __repr__(self) -> str:
            raise SystemExit(0)

    encoded = encode_value(Hostile(), Tokens().token_of)
    assert isinstance(encoded, wire.ObjectV) and "unrepresentable" in encoded.repr
