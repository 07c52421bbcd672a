"""The data contracts: kata metadata, the child's observations, the scorecard schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from grader.errors import KataDefinitionError
from grader.models.kata import load_metadata
from grader.models.observation import Observation, ValidationError
from grader.models.scorecard import Scorecard

GOOD_OBSERVATION = {
    "op": "observed", "id": "x#1",
    "outcome": {"kind": "returned", "value": {"type": "list", "length": 1,
                                              "items": [{"type": "str", "value": "A"}]}},
    "called_at": 0.0, "ended_at": 0.3, "return_seq": 2, "stopped": None, "pending": [],
    "findings": [],
    "trace": [{"seq": 0, "fake": "fetch", "key": "a", "call": 0, "event": "started", "t": 0.0}],
}


def _toml(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "kata.toml"
    path.write_text(text)
    return path


def test_metadata_errors_name_the_file_and_the_field(tmp_path: Path) -> None:
    path = _toml(tmp_path, 'id = "02"\nslug = "x"\ntitle = "t"\nconcept = "c"\n'
                 'functions = ["f"]\n[[checks]]\nid = "a"\ntitle = "abc"\n'
                 'category = "speed"\npoints = 1\n')
    with pytest.raises(KataDefinitionError) as error:
        load_metadata(path)
    assert str(path) in str(error.value)
    assert "checks.0.category" in str(error.value)


def test_metadata_that_is_not_toml_is_reported_with_its_file(tmp_path: Path) -> None:
    path = _toml(tmp_path, "id = \n")
    with pytest.raises(KataDefinitionError, match=r"kata\.toml"):
        load_metadata(path)


def test_duplicate_check_ids_are_refused(tmp_path: Path) -> None:
    check = '[[checks]]\nid = "a"\ntitle = "abc"\ncategory = "result"\npoints = 1\n'
    path = _toml(tmp_path, 'id = "02"\nslug = "x"\ntitle = "t"\nconcept = "c"\n'
                 f'functions = ["f"]\n{check}{check}')
    with pytest.raises(KataDefinitionError, match="duplicate check ids: a"):
        load_metadata(path)


def test_a_well_formed_observation_parses() -> None:
    observation = Observation.model_validate_json(json.dumps(GOOD_OBSERVATION))
    assert observation.ended_at == 0.3


@pytest.mark.parametrize("tamper", [
    {"ended_at": "0.3"},
    {"surprise": True},
    {"outcome": {"kind": "returned", "value": {"type": "str", "value": 5}}},
    {"outcome": {"kind": "passed"}},
    {"trace": [{"seq": 0, "fake": "fetch", "key": "a", "call": 0, "event": "teleported",
                "t": 0.0}]},
], ids=["time-as-text", "unknown-field", "mistyped-value", "unknown-outcome", "unknown-event"])
def test_a_malformed_observation_is_refused_not_coerced(tamper: dict) -> None:
    with pytest.raises(ValidationError):
        Observation.model_validate_json(json.dumps({**GOOD_OBSERVATION, **tamper}))


def test_the_scorecard_schema_names_its_version_and_statuses() -> None:
    schema = Scorecard.model_json_schema()
    assert schema["properties"]["schema_version"]["const"] == 1
    assert set(schema["properties"]["status"]["enum"]) == {
        "passed", "failed", "error", "timeout", "missing"}
    check_statuses = schema["$defs"]["CheckResult"]["properties"]["status"]["enum"]
    assert set(check_statuses) == {"passed", "failed", "error", "timeout"}
    categories = schema["$defs"]["CheckResult"]["properties"]["category"]["enum"]
    assert categories == ["result", "errors", "concurrency", "cancellation", "ordering", "hygiene"]
