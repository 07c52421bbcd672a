"""Kata 12 - supervisor.  Read spec.md (`kata show 12`) first."""

import asyncio  # noqa: F401 - you will need it


async def supervise(services, stop, grace: float, max_restarts: int) -> dict[str, int]:
    """Run every service at once, restart failed ones, and shut them all down on stop.

    `services` maps a name to a factory: `services[name]()` gives a fresh coroutine
    for that service's next run.  A failed service is restarted at once.  When
    `stop` (an asyncio.Event) is set, cancel every service, allow them `grace`
    seconds to clean up, and return {name: number of restarts}.  A service's
    (max_restarts + 1)-th failure instead cancels the others and raises an
    ExceptionGroup of that service's failures.
    """
    raise NotImplementedError
