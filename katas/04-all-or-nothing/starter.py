"""Kata 04 - all or nothing.  Read spec.md (`kata show 04`) first."""

import asyncio  # noqa: F401 - you will need it


async def fetch_all_or_nothing(fetch, names: list[str]) -> list[str]:
    """Fetch every name at once; return their values in the order of `names`.

    `fetch` is an async function: `await fetch(name)` returns that name's value.
    If a fetch raises, cancel the fetches still running, wait for them to end,
    and raise an ExceptionGroup holding the exception(s) the fetches raised.
    """
    raise NotImplementedError
