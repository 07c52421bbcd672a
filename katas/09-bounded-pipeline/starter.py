"""Kata 09 - bounded pipeline.  Read spec.md (`kata show 09`) first."""

import asyncio  # noqa: F401 - you will need it


async def run_pipeline(source, process, workers: int, maxsize: int) -> list:
    """Feed every item of `source` through `process` with `workers` workers.

    `source` is an async iterator (`async for item in source`); `process` is an
    async function: `await process(item)` returns that item's result.  A
    producer task moves the items into an asyncio.Queue(maxsize); `workers`
    worker tasks take them from the queue and process them.  Return the
    results in source order.  If a process() call raises, raise that same
    exception at once, after stopping the producer and the workers.
    """
    raise NotImplementedError
