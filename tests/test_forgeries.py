"""Forgeries: wrong files that reach into the child to forge their grade.

One folder per way of reaching inside the process that runs a submission
(``golden/forgeries/<name>/``): ``attack.py`` tampers with what it finds there
(the loop's private clock, objects found through ``gc``, ``sys.modules`` or
frames, the serializer, the pipes, a driver program's notebook, values that
lie about equality); its honest twin is the same wrong idea written honestly,
``honest.py`` or, where a kata's mutant or reference is exactly that, the
file ``case.json`` names under ``honest``; ``case.json`` names the kata and
says why.  This suite proves that, since the
parent keeps the clock, plays the fakes and writes the record:

* no attack on the record scores above its honest twin, graded with the same
  seed, with every isolation layer this machine offers (``auto``) and with none
  (the record must not depend on the OS layers);
* each attack that says it tampers (``"tampers": true``) really reached its
  target, or the case would pass for nothing once the harness changes: it prints
  ``kata-forgery: tampered`` when it does, and its captured output must say so;
* an attack that forges what stays a *claim* of the child (``forges_a_claim``,
  with the reason) is expected to beat its twin until the submission screen
  refuses the reach it needs: a strict xfail, so the day it stops winning the
  suite says so and the case becomes an ordinary one;
* whatever an attack sends or breaks, the grader reports no fault of its own
  (nothing for exit 3, no check "failed in the grader"), and ``kata grade``
  over a class holding such files exits 0, the other students' scorecards
  untouched.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader.cli import main
from grader.models.scorecard import Scorecard
from grader.runner.isolation import Mode
from grader.services.checking import check_submission

from .helpers import KATAS_DIR, REPO, SEEDS, catalogue

FORGERIES = Path(__file__).parent / "golden" / "forgeries"
CASES = sorted(path for path in FORGERIES.iterdir() if path.is_dir())
TAMPERED = "kata-forgery: tampered"
# One seed per case, the fixed ones in turn: both are covered, and the module stays quick.
SEED_OF = {case.name: SEEDS[index % 2] for index, case in enumerate(CASES)}
GRADER_FAILED = "the grader itself failed"


def _spec(case: Path) -> dict[str, str]:
    spec: dict[str, str] = json.loads((case / "case.json").read_text())
    assert {"kata", "why"} <= spec.keys(), f"{case.name}/case.json needs a kata and a why"
    return spec


def _grade(kata_id: str, path: Path, seed: int, isolation: Mode) -> Scorecard:
    """Grade one file; the grader must have no fault of its own to report."""
    report = check_submission(catalogue().resolve(kata_id), path, seed=seed, isolation=isolation)
    assert report.faults == [], f"{path.parent.name}/{path.name}: {report.faults}"
    card = report.scorecard
    blamed = [c.id for c in card.checks if GRADER_FAILED in (c.observed or "")]
    assert blamed == [], f"{path.parent.name}/{path.name}: the grader failed on {blamed}"
    return card


def _passed(card: Scorecard) -> list[str]:
    return [c.id for c in card.checks if c.status == "passed"]


def _case(case: Path) -> object:
    claim = _spec(case).get("forges_a_claim")
    marks = [pytest.mark.xfail(strict=True, reason=claim)] if claim else []
    return pytest.param(case, id=case.name, marks=marks)


@pytest.mark.parametrize("isolation", ["none", "auto"])
@pytest.mark.parametrize("case", [_case(c) for c in CASES])
def test_the_attack_scores_no_more_than_its_honest_twin(case: Path, isolation: Mode) -> None:
    spec = _spec(case)
    seed = SEED_OF[case.name]
    attack = _grade(spec["kata"], case / "attack.py", seed, isolation)
    twin = REPO / spec["honest"] if "honest" in spec else case / "honest.py"
    honest = _grade(spec["kata"], twin, seed, isolation)
    if spec.get("tampers"):
        assert TAMPERED in attack.output.stdout.text, f"{case.name} no longer reaches its target"
    assert attack.score <= honest.score, (
        f"{case.name} (kata {spec['kata']}, seed {seed}, isolation {isolation}): the attack "
        f"scored {attack.score}/{attack.max_score}, its honest twin {honest.score}; "
        f"passed only by the attack: {sorted(set(_passed(attack)) - set(_passed(honest)))}. "
        f"The attack: {spec['why']}")


def test_grading_a_class_of_forgers_exits_0(tmp_path: Path) -> None:
    """A class holding a file that silences kata 11's driver notes and marks, and one
    that forges them, beside an honest student: every pair is graded, the grader
    exits 0, and the honest student keeps full marks."""
    school, out = tmp_path / "class", tmp_path / "grades"
    files = {
        "ana/11-keep-references.py": FORGERIES / "driver_notes_dropped" / "attack.py",
        "ben/11-keep-references.py": FORGERIES / "driver_notes_weakset" / "attack.py",
        "cleo/11-keep-references.py": KATAS_DIR / "11-keep-references" / "reference.py",
    }
    for target, source in files.items():
        (school / target).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, school / target)
    result = CliRunner().invoke(main, ["--katas", str(KATAS_DIR), "grade", str(school),
                                       "--out", str(out), "-j", "2", "--seed", str(SEEDS[0])])
    assert result.exit_code == 0, result.output
    cards = {path.parent.name: json.loads(path.read_text()) for path in out.glob("*/11.json")}
    assert sorted(cards) == ["ana", "ben", "cleo"]
    assert cards["cleo"]["status"] == "passed"
    assert cards["cleo"]["score"] == cards["cleo"]["max_score"]
    for forger in ("ana", "ben"):
        assert cards[forger]["status"] == "failed", cards[forger]["message"]
        assert not any(GRADER_FAILED in (c["observed"] or "") for c in cards[forger]["checks"])
