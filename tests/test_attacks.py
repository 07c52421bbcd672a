"""Attacks on the grader: each is contained, gets a clear verdict, harms no one else.

One folder per attack under ``golden/attacks/``: the submission and the
fragment of its scorecard it must get.  ``needs`` / ``needs_any`` name the
isolation layers an attack can only be contained with; where this machine
lacks them the case is skipped, saying which layer is missing, rather than
passing silently.  After each attack a correct control submission is graded
by the same process and must keep its full score, and no process the
submission started may be left alive.
"""

from __future__ import annotations

import json
import socket
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader.cli import main
from grader.runner.isolation import plan as isolation_plan

from .helpers import KATAS_DIR, assert_matches, catalogue, grade, leftovers, uptime

CASES = sorted((Path(__file__).parent / "golden" / "attacks").iterdir())
EXIT_FOR = {"passed": 0, "failed": 1, "error": 1, "timeout": 1}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_attack_is_contained(case: Path, tmp_path: Path) -> None:
    expected = json.loads((case / "expected.json").read_text())
    _skip_without_layers(expected)
    card_path = tmp_path / "scorecard.json"
    started = uptime()
    with _victim_scorecard() as victim, _listener(expected.get("listen", False)) as (port, heard):
        submission = _with_port(case / "submission.py", port, tmp_path)
        result = CliRunner().invoke(main, [
            "--katas", str(KATAS_DIR), "check", "02", str(submission),
            "--seed", "7", "--json", str(card_path), *expected.get("options", []),
        ])
        assert victim.read_text() == VICTIM_TEXT, "another scorecard was overwritten"
    assert heard == [], "the submission reached the network"
    card = json.loads(card_path.read_text())
    assert result.exit_code == EXIT_FOR[card["status"]], result.output
    assert_matches(card, expected)
    assert leftovers(started) == [], "a process started by the submission is still alive"
    control = catalogue().resolve("02")
    assert grade(control, control.reference).score == control.meta.max_score


def _skip_without_layers(expected: dict) -> None:
    layers = {layer.name: layer for layer in isolation_plan("auto").layers}
    missing = [layers[n] for n in expected.get("needs", []) if not layers[n].active]
    wanted_any = expected.get("needs_any", [])
    if wanted_any and not any(layers[n].active for n in wanted_any):
        missing += [layers[n] for n in wanted_any]
    if missing:
        pytest.skip("needs isolation this machine lacks: " +
                    "; ".join(f"{layer.name} ({layer.note})" for layer in missing))


VICTIM_TEXT = '{"status": "failed", "score": 2}'


@contextmanager
def _victim_scorecard() -> Iterator[Path]:
    """A scorecard another student owns, world-writable so only the sandbox protects it."""
    folder = Path(tempfile.mkdtemp(prefix="kata-attack-victim-"))
    folder.chmod(0o777)
    victim = folder / "someone-else.json"
    victim.write_text(VICTIM_TEXT)
    victim.chmod(0o666)
    try:
        yield victim
    finally:
        victim.unlink()
        folder.rmdir()


def _with_port(submission: Path, port: int | None, folder: Path) -> Path:
    """The submission, told the listener's port (its `PORT = 0` line rewritten)."""
    if port is None:
        return submission
    text = submission.read_text()
    assert "PORT = 0\n" in text, "a listening case's submission must have a `PORT = 0` line"
    copy = folder / "submission.py"
    copy.write_text(text.replace("PORT = 0\n", f"PORT = {port}\n"))
    return copy


@contextmanager
def _listener(wanted: bool) -> Iterator[tuple[int | None, list[bytes]]]:
    """A TCP server on a free loopback port; whatever reaches it is recorded."""
    heard: list[bytes] = []
    if not wanted:
        yield None, heard
        return
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.1)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except TimeoutError:
                continue
            with connection:
                heard.append(connection.recv(100) or b"(connected)")

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield server.getsockname()[1], heard
    finally:
        stop.set()
        thread.join()
        server.close()
