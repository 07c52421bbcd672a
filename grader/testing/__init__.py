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
from .harness import Harness
from .plugin import check
from .run import Run, same_instant, seconds
from .scenario import Dice, Failure, Fetch, Step

__all__ = [
    "CheckFailed",
    "Dice",
    "Failure",
    "Fetch",
    "Harness",
    "Hint",
    "Run",
    "Step",
    "check",
    "expect",
    "fail",
    "same_instant",
    "seconds",
]
