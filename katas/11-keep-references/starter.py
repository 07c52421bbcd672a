"""Kata 11 - keep references.  Read spec.md (`kata show 11`) first."""

import asyncio


class Background:
    """Runs coroutines in the background, keeps them alive, and shuts them down cleanly."""

    def __init__(self) -> None:
        pass

    def spawn(self, coro) -> asyncio.Task:
        """Schedule `coro` as a task, keep a strong reference until it is done; return it."""
        raise NotImplementedError

    @property
    def errors(self) -> list[BaseException]:
        """Exceptions of finished tasks, in the order they finished (never CancelledError)."""
        raise NotImplementedError

    async def drain(self, timeout: float) -> int:
        """Wait up to `timeout` for every task; cancel and await the rest; return how many."""
        raise NotImplementedError
