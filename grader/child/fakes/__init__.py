"""The injected fakes a scenario hands to the student's code, and their trace.

Every fake records what happens to it on the virtual clock, in one shared
`Trace`: for a call, ``called`` (with the student's line), ``started`` (its
body began: a fake "starts" when its body runs), then ``returned``, ``raised``,
``cancelled`` or ``closed``; other kinds add their own events (``pulled``,
``reported``, ``set``, ``cleaned``, ``swallowed``...).  Fakes only observe:
they never judge.  Each exception a fake raises is a fresh instance
registered in `Tokens`, so the parent can tell "the very instance" from a copy.

A fake kind is a class taking ``(label, spec, context)`` whose ``build()``
returns what the student receives; `FAKE_KINDS` maps the scenario's ``kind``
to it.
"""

from __future__ import annotations

from .base import FakeContext, Tokens, Trace
from .calls import FetchFake, ServicesFake, StepFake
from .objects import EventFake, ReportFake, ResourceFake, SourceFake, VictimFake

FAKE_KINDS: dict[str, type] = {
    "fetch": FetchFake,
    "step": StepFake,
    "services": ServicesFake,
    "resource": ResourceFake,
    "report": ReportFake,
    "source": SourceFake,
    "event": EventFake,
    "victim": VictimFake,
}

__all__ = ["FAKE_KINDS", "FakeContext", "Tokens", "Trace"]
