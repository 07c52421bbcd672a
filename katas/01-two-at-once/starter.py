"""Kata 01 - two at once.  Read spec.md (`kata show 01`) first."""

import asyncio  # noqa: F401 - you will need it


async def fetch_two(fetch, first: str, second: str) -> tuple[str, str]:
    """Fetch `first` and `second` at the same time; return their values as a tuple.

    `fetch` is an async function: `await fetch(name)` returns that name's value.
    The result is `(value of first, value of second)`, in that order.
    """
    raise NotImplementedError
