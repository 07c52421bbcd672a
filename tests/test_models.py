"""The data contracts: kata metadata and the scorecard schema (the wire: test_wire.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from grader.errors import KataDefinitionError
from grader.models.kata import load_metadata
from grader.models.scorecard import Scorecard


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


def test_the_scorecard_schema_names_its_version_and_statuses() -> None:
    schema = Scorecard.model_json_schema()
    assert schema["properties"]["schema_version"]["const"] == 1
    assert set(schema["properties"]["status"]["enum"]) == {
        "passed", "failed", "error", "timeout", "missing"}
    check_statuses = schema["$defs"]["CheckResult"]["properties"]["status"]["enum"]
    assert set(check_statuses) == {"passed", "failed", "error", "timeout"}
    categories = schema["$defs"]["CheckResult"]["properties"]["category"]["enum"]
    assert categories == ["result", "errors", "concurrency", "cancellation", "ordering", "hygiene"]
