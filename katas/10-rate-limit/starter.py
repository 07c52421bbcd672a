"""Kata 10 - rate limit.  Read spec.md (`kata show 10`) first."""

import asyncio  # noqa: F401 - you will need it


async def fetch_all_limited(fetch, names: list[str], limit: int) -> list[str]:
    """Fetch every name, never more than `limit` at a time; return the values in input order.

    `fetch` is an async function: `await fetch(name)` returns that name's value.
    As soon as one fetch finishes, the next name (in the order of `names`) starts.
    A `limit` of 0 or less raises ValueError.
    """
    raise NotImplementedError
