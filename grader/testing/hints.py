"""Hints shared by several katas, each aimed at one common mistake."""

from __future__ import annotations

from . import expect
from .expect import Hint

TUPLE_NOT_LIST = Hint(expect.wrong_type(tuple), "gather's result is already a list; return it "
                      "as it is instead of converting it to a tuple.")
GENERATOR_NOT_LIST = Hint(expect.holds_opaque("generator"), "A generator expression is not a "
                          "list: return the list that gather gives you.")
COMPLETION_ORDER = Hint(expect.same_items_other_order, "Those are the right values in "
                        "completion order. asyncio.gather keeps the order of its arguments; "
                        "as_completed and wait do not.")
LIST_IN_INPUT_ORDER = (TUPLE_NOT_LIST, GENERATOR_NOT_LIST, COMPLETION_ORDER)

TASKS_NOT_AWAITED = Hint(expect.holds_opaque("Task"), "Those are the Task objects themselves. "
                         "A task is a handle on running work: `await` it to get the value it "
                         "produced.")
COROUTINES_NOT_AWAITED = Hint(expect.holds_opaque("coroutine"), "Those are coroutine objects: "
                              "calling fetch(name) only creates one. Wrap it in a task or await "
                              "it to get a value.")
