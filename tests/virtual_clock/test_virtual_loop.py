"""The virtual clock: exact, instant, and honest about deadlocks and threads."""

from __future__ import annotations

import asyncio
import time

import pytest

from grader.child.vloop import LoopStalled, VirtualLoop


def now() -> float:
    return asyncio.get_running_loop().time()


@pytest.mark.asyncio
async def test_gathered_sleeps_take_exactly_the_longest() -> None:
    start = now()
    await asyncio.gather(asyncio.sleep(0.3), asyncio.sleep(0.1), asyncio.sleep(0.2))
    assert now() - start == 0.3


@pytest.mark.asyncio
async def test_sequential_sleeps_add_up_without_float_drift() -> None:
    await asyncio.sleep(0.1)
    await asyncio.sleep(0.2)
    assert now() == 0.3


@pytest.mark.asyncio
async def test_a_timeout_fires_at_its_exact_virtual_instant() -> None:
    with pytest.raises(TimeoutError):
        async with asyncio.timeout(0.25):
            await asyncio.sleep(10)
    assert now() == 0.25


@pytest.mark.asyncio
async def test_a_sleep_shorter_than_a_tick_still_ends() -> None:
    await asyncio.sleep(1e-9)
    assert 0 < now() <= 1e-6


@pytest.mark.asyncio
async def test_threads_are_waited_for_instead_of_timing_out_falsely() -> None:
    async with asyncio.timeout(30):
        await asyncio.to_thread(time.sleep, 0.02)


@pytest.mark.asyncio
async def test_an_hour_of_virtual_sleeping_needs_no_real_hour() -> None:
    for _ in range(60):
        await asyncio.sleep(60)
    assert now() == 3600


def test_waiting_for_what_nothing_can_wake_is_a_deadlock_at_once() -> None:
    loop = VirtualLoop()
    try:
        with pytest.raises(LoopStalled) as stalled:
            loop.run_until_complete(_sleep_then_wait_forever())
        assert (stalled.value.kind, stalled.value.at) == ("deadlock", 0.5)
    finally:
        _close(loop)


def test_the_alarm_stops_an_endless_loop_at_the_exact_limit() -> None:
    loop = VirtualLoop()
    loop.alarm = 2.5
    try:
        with pytest.raises(LoopStalled) as stalled:
            loop.run_until_complete(_tick_forever())
        assert (stalled.value.kind, stalled.value.at) == ("alarm", 2.5)
    finally:
        _close(loop)


def test_a_stall_handler_can_cancel_and_let_the_loop_settle() -> None:
    loop = VirtualLoop()
    task = loop.create_task(_sleep_then_wait_forever())
    loop.on_stall = lambda kind: task.cancel()
    try:
        loop.run_until_complete(asyncio.wait([task]))
        assert task.cancelled() and loop.time() == 0.5
    finally:
        _close(loop)


async def _sleep_then_wait_forever() -> None:
    await asyncio.sleep(0.5)
    await asyncio.Event().wait()


async def _tick_forever() -> None:
    while True:  # noqa: ASYNC110 - an endless ticker is the point
        await asyncio.sleep(0.7)


def _close(loop: VirtualLoop) -> None:
    for task in asyncio.all_tasks(loop):
        task.cancel()
    loop.on_stall = lambda kind: None
    loop.run_until_complete(asyncio.sleep(0))
    loop.close()
