"""Kata 05 - graceful stop.  Read spec.md (`kata show 05`) first."""

import asyncio  # you will need it


async def run_with_cleanup(step, resource) -> None:
    """Call `await step()` again and again until cancelled, then close the resource.

    On cancellation: `await resource.close()` once, then let CancelledError propagate.
    If step() raises: `await resource.close()` once, then re-raise that same exception.
    """
    raise NotImplementedError


async def stop(task: asyncio.Task) -> bool:
    """Cancel `task`, wait until it has finished (cleanup included), and report how it ended.

    Returns True if the task ended cancelled, False if it had already returned or it
    swallowed the cancellation.  If stop() itself is cancelled while it waits, it
    raises CancelledError.
    """
    raise NotImplementedError
