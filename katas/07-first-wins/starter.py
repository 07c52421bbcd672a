"""Kata 07 - first wins.  Read spec.md (`kata show 07`) first."""

import asyncio  # noqa: F401 - you will need it


async def fetch_fastest(fetch, mirrors: list[str]) -> str:
    """Fetch from every mirror at once and return the first successful value.

    `fetch` is an async function: `await fetch(mirror)` returns that mirror's value
    or raises.  Once a mirror succeeds, cancel the others and wait until they have
    finished.  If every mirror fails, raise the exception of the one that failed
    last.  No mirrors at all: raise ValueError.
    """
    raise NotImplementedError
