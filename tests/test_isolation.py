"""The sandbox as a whole: what the scorecard records, strictness, the child's world."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader.cli import main
from grader.errors import EXIT_USAGE
from grader.runner import isolation

from .helpers import KATAS_DIR

GATHER = KATAS_DIR / "02-gather-in-order"
SNOOP = '''
import asyncio, os, sys

print("ENV", sorted(os.environ))
print("HOME", os.environ.get("HOME") == os.getcwd(), "COPY", os.listdir("."))
print("STDIN", repr(sys.stdin.read()))


async def fetch_all(fetch, names):
    return await asyncio.gather(*(fetch(n) for n in names))
'''


def kata(*args: str, env: dict[str, str] | None = None) -> tuple[int, dict]:
    result = CliRunner().invoke(main, ["--katas", str(KATAS_DIR), *args, "--format", "json"],
                                env=env)
    return result.exit_code, (json.loads(result.output) if result.output.startswith("{")
                              else {"output": result.output})


def test_the_scorecard_records_the_limits_and_every_layer(tmp_path: Path) -> None:
    _, card = kata("check", "02", str(GATHER / "reference.py"), "--memory-mb", "512")
    assert card["limits"]["memory_mb"] == 512 and card["limits"]["cpu_s"] == 20
    names = [layer["name"] for layer in card["isolation"]]
    assert names == ["resource-limits", "pid-net-namespace", "landlock", "unprivileged-uid",
                     "process-cap"]
    assert all(layer["note"] for layer in card["isolation"])


def test_a_kata_can_set_its_own_limits(tmp_path: Path) -> None:
    private = tmp_path / "02-gather-in-order"
    shutil.copytree(GATHER, private)
    toml = private / "kata.toml"
    toml.write_text(toml.read_text().replace("[limits]\n", "[limits]\nopen_files = 128\n"))
    result = CliRunner().invoke(main, ["--katas", str(tmp_path), "check", "02",
                                       str(GATHER / "reference.py"), "--format", "json"])
    assert json.loads(result.output)["limits"]["open_files"] == 128


def test_none_keeps_only_the_resource_limits() -> None:
    code, card = kata("check", "02", str(GATHER / "reference.py"), "--isolation", "none")
    assert code == 0
    assert [layer["name"] for layer in card["isolation"] if layer["active"]] == [
        "resource-limits"]


def test_strict_refuses_to_grade_when_a_layer_is_missing(
        monkeypatch: pytest.MonkeyPatch) -> None:
    probed = isolation._probe()
    crippled = [isolation.Layer("landlock", False, "no Landlock in this kernel")
                if layer.name == "landlock" else layer for layer in probed.layers]
    monkeypatch.setattr(isolation, "_probe", lambda: isolation._Probe(
        probed.unshare, 0, probed.own_uid, probed.expose, probed.cgroup_root, crippled))
    result = CliRunner().invoke(main, ["--katas", str(KATAS_DIR), "check", "02",
                                       str(GATHER / "reference.py"), "--isolation", "strict"])
    assert result.exit_code == EXIT_USAGE
    assert "landlock: no Landlock in this kernel" in result.output


def test_the_child_sees_an_allowlisted_environment_a_fresh_home_and_empty_stdin(
        tmp_path: Path) -> None:
    snoop = tmp_path / "snoop.py"
    snoop.write_text(SNOOP)
    secrets = {"GITHUB_TOKEN": "ghp_secret", "PYTHONPATH": "/evil", "PYTEST_ADDOPTS": "-x",
               "AWS_SECRET_ACCESS_KEY": "k"}
    _, card = kata("check", "02", str(snoop), env=secrets)
    printed = card["output"]["stdout"]["text"]
    for name in secrets:
        assert name not in printed
    assert "HOME True COPY ['submission.py']" in printed
    assert "STDIN ''" in printed
