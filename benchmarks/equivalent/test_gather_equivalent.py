"""Kata 02's checks written as a plain pytest-asyncio file, in real time.

The baseline for benchmarks/check_vs_pytest.py: the same six scenarios, the
same delays, but on the ordinary event loop, importing the solution directly
in the test process (no isolation) and measuring elapsed time with a wall
clock and a tolerance (which a loaded machine can break).  Not part of the
test suite.
"""

import asyncio
import importlib.util
import os
import random
import time

import pytest

SOLUTION = os.environ.get("KATA_BENCH_SOLUTION", "")
TOLERANCE = 0.05


def _solution():
    spec = importlib.util.spec_from_file_location("solution", SOLUTION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _fetch(delays, failing=()):
    async def fetch(name):
        await asyncio.sleep(delays[name])
        if name in failing:
            raise ValueError(name)
        return name.upper()
    return fetch


def _delays(count, rng):
    return [h / 100 for h in rng.sample(range(5, max(95, 5 + count)), count)]


@pytest.mark.asyncio
async def test_values_in_input_order():
    names = [f"n{i}" for i in range(6)]
    delays = dict(zip(names, _delays(6, random.Random(1)), strict=True))
    assert await _solution().fetch_all(_fetch(delays), names) == [n.upper() for n in names]


@pytest.mark.asyncio
async def test_empty_list():
    assert await _solution().fetch_all(_fetch({}), []) == []


@pytest.mark.asyncio
async def test_fifty_at_once():
    names = [f"n{i}" for i in range(50)]
    delays = dict(zip(names, _delays(50, random.Random(2)), strict=True))
    start = time.monotonic()
    await _solution().fetch_all(_fetch(delays), names)
    assert abs(time.monotonic() - start - max(delays.values())) < TOLERANCE


@pytest.mark.asyncio
async def test_failure_raises_that_exception():
    names = [f"n{i}" for i in range(5)]
    delays = dict(zip(names, _delays(5, random.Random(3)), strict=True))
    with pytest.raises(ValueError, match="n2"):
        await _solution().fetch_all(_fetch(delays, failing={"n2"}), names)


@pytest.mark.asyncio
async def test_nothing_left_pending():
    names = [f"n{i}" for i in range(5)]
    delays = dict(zip(names, _delays(5, random.Random(4)), strict=True))
    before = asyncio.all_tasks()
    await _solution().fetch_all(_fetch(delays), names)
    assert asyncio.all_tasks() == before


@pytest.mark.asyncio
async def test_loop_kept_free():
    names = [f"n{i}" for i in range(5)]
    delays = dict(zip(names, _delays(5, random.Random(5)), strict=True))
    await _solution().fetch_all(_fetch(delays), names)
