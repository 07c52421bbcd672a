"""Kata 02 - gather in order.  Read spec.md (`kata show 02`) first."""

import asyncio  # noqa: F401 - you will need it


async def fetch_all(fetch, names: list[str]) -> list[str]:
    """Fetch every name at once and return their values in the order of `names`.

    `fetch` is an async function: `await fetch(name)` returns that name's value.
    If one fetch raises, fetch_all raises that same exception.
    """
    raise NotImplementedError
