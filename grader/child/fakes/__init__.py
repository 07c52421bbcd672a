"""The stubs a scenario hands to the student's code.

A fake kind is a class taking ``(label, context)`` whose ``build()`` returns
what the student receives; `build_fake` makes one from the kind the parent
named in ``Run.fakes``.
The parent plays every call (`grader.testing.referee`); these only report.
"""

from __future__ import annotations

from ... import wire
from .base import Fake, FakeContext, Tokens
from .calls import FetchFake, HoldFake, ServicesFake, StepFake, TicketFake
from .objects import EventFake, ReportFake, ResourceFake, SourceFake, VictimFake

FAKE_KINDS: dict[str, type[Fake]] = {
    "fetch": FetchFake,
    "step": StepFake,
    "resource": ResourceFake,
    "report": ReportFake,
    "source": SourceFake,
    "event": EventFake,
    "victim": VictimFake,
    "hold": HoldFake,
    "ticket": TicketFake,
}


def build_fake(label: str, stub: wire.Stub, context: FakeContext) -> Fake:
    """The stub for one fake of the scenario."""
    if stub.kind == "services":
        return ServicesFake(label, context, stub.names)
    fake: Fake = FAKE_KINDS[stub.kind](label, context)
    return fake


__all__ = ["FAKE_KINDS", "Fake", "FakeContext", "Tokens", "build_fake"]
