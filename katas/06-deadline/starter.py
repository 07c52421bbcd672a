"""Kata 06 - deadline.  Read spec.md (`kata show 06`) first."""

import asyncio  # noqa: F401 - you will need it


async def fetch_or_default(fetch, name: str, timeout: float, default: str) -> str:
    """Return fetch(name)'s value if it arrives within `timeout` seconds, else `default`.

    `fetch` is an async function: `await fetch(name)` returns that name's value.
    A fetch that misses the deadline is cancelled (and has finished) before you return.
    If the fetch raises, fetch_or_default raises that same exception.
    """
    raise NotImplementedError
