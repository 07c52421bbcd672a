"""Every kata's hidden checks, checked: the reference, the starter and each mutant.

The reference must score full marks; the starter must fail every check with a
plain "not implemented" message; each mutant must fail exactly the checks its
docstring declares, under several seeds, since no verdict may depend on the
seed.  And every check must be failed by at least one mutant: a check no wrong
solution can fail proves nothing.
"""

from __future__ import annotations

import ast

import pytest

from grader.catalogue import Kata

from .helpers import SEEDS, catalogue, failed_checks, grade

KATAS = catalogue().katas
MUTANTS = [(k, m) for k in KATAS for m in k.mutants]


def _id(kata: Kata) -> str:
    return kata.meta.name


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("kata", KATAS, ids=_id)
def test_reference_scores_full_marks(kata: Kata, seed: int) -> None:
    card = grade(kata, kata.reference, seed)
    failures = {c.id: c.message for c in card.checks if c.status != "passed"}
    assert failures == {}
    assert (card.status, card.score) == ("passed", kata.meta.max_score)
    assert card.findings == []


@pytest.mark.parametrize("kata", KATAS, ids=_id)
def test_starter_fails_every_check_as_not_implemented(kata: Kata) -> None:
    card = grade(kata, kata.starter)
    assert (card.status, card.score) == ("failed", 0)
    assert card.message is not None and card.message.startswith("Not implemented yet")
    for check in card.checks:
        assert check.status == "failed"
        assert "NotImplementedError" in (check.observed or "")
        assert "Traceback" not in (check.message or "")


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize(("kata", "mutant"), MUTANTS,
                         ids=[f"{k.meta.id}-{m.name}" for k, m in MUTANTS])
def test_mutant_fails_exactly_the_checks_it_declares(kata: Kata, mutant, seed: int) -> None:
    card = grade(kata, mutant.path, seed)
    assert failed_checks(card) == set(mutant.fails)
    assert card.status == "failed"
    for check in card.checks:
        if check.status != "passed":
            assert check.expected and check.observed and check.hint, check


@pytest.mark.parametrize("kata", KATAS, ids=_id)
def test_every_check_is_failed_by_some_mutant(kata: Kata) -> None:
    declared = {c.id for c in kata.meta.checks}
    caught = set().union(*(m.fails for m in kata.mutants)) if kata.mutants else set()
    assert caught <= declared, f"mutants name unknown checks: {caught - declared}"
    assert declared - caught == set(), "checks that no mutant fails"


# The categories the catalogue's contract (KATAS.md) lists for each kata: a kata
# judges exactly these, and no others.
CATEGORIES = {
    "01": {"result", "concurrency", "ordering", "hygiene"},
    "02": {"result", "concurrency", "errors", "hygiene"},
    "03": {"result", "errors", "concurrency", "hygiene"},
    "04": {"result", "concurrency", "errors", "cancellation", "hygiene"},
    "05": {"result", "cancellation", "ordering", "errors", "hygiene"},
    "06": {"result", "concurrency", "cancellation", "errors", "hygiene"},
    "07": {"result", "concurrency", "errors", "cancellation", "hygiene"},
    "08": {"result", "ordering", "concurrency", "hygiene"},
    "09": {"result", "concurrency", "ordering", "errors", "hygiene"},
    "10": {"result", "concurrency", "errors", "hygiene"},
    "11": {"hygiene", "errors", "concurrency", "cancellation"},
    "12": {"result", "errors", "cancellation", "concurrency", "hygiene"},
}


def test_the_catalogue_has_its_twelve_katas() -> None:
    assert [k.meta.id for k in KATAS] == sorted(CATEGORIES)


@pytest.mark.parametrize("kata", KATAS, ids=_id)
def test_kata_judges_exactly_the_categories_of_its_contract(kata: Kata) -> None:
    assert {c.category for c in kata.meta.checks} == CATEGORIES[kata.meta.id]


@pytest.mark.parametrize("kata", KATAS, ids=_id)
def test_kata_folder_is_complete(kata: Kata) -> None:
    for part in (kata.spec, kata.starter, kata.reference):
        assert part.is_file(), part
    assert list(kata.checks_dir.glob("test_*.py")), "no hidden checks"
    spec = kata.spec.read_text(encoding="utf-8")
    assert "Time is virtual" in spec
    starter = ast.parse(kata.starter.read_bytes())
    defined = {node.name for node in starter.body
               if isinstance(node, (ast.AsyncFunctionDef, ast.ClassDef))}
    for function in kata.meta.functions:
        assert function in spec
        assert function in defined, f"starter.py defines no async def or class {function}"
