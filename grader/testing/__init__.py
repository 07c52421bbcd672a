"""The kit hidden checks are written with (parent side: never imported by the child).

A check is a pytest test marked with `check`, taking the ``kata`` fixture::

    @check("values-in-input-order")
    def test_values_come_back_in_input_order(kata):
        fetch = kata.fetch(6)
        run = kata.call("fetch_all", fetch, fetch.names)
        value = expect.returned(run, "a list of the values in input order")
        expect.value_is(value, fetch.values(), what="the returned list")
"""

from . import expect
from .expect import CheckFailed, Hint, fail
from .fakes import (
    Event,
    Hold,
    Report,
    Resource,
    ServiceRun,
    Services,
    Source,
    Steps,
    Tickets,
    Victim,
)
from .harness import Harness
from .plugin import check
from .run import CallTimeline, Run, same_instant, seconds
from .scenario import Dice, Failure, FakeSpec, Fetch, Step

__all__ = [
    "CallTimeline",
    "CheckFailed",
    "Dice",
    "Event",
    "Failure",
    "FakeSpec",
    "Fetch",
    "Harness",
    "Hint",
    "Hold",
    "Report",
    "Resource",
    "Run",
    "ServiceRun",
    "Services",
    "Source",
    "Step",
    "Steps",
    "Tickets",
    "Victim",
    "check",
    "expect",
    "fail",
    "same_instant",
    "seconds",
]
