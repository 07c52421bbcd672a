"""Kata 08 - as they arrive.  Read spec.md (`kata show 08`) first."""

import asyncio  # noqa: F401 - you will need it


async def fetch_and_report(fetch, names: list[str], report) -> list[str]:
    """Fetch every name at once and report each result the moment it arrives.

    `fetch` is an async function: `await fetch(name)` returns that name's value.
    `report` is a plain function: call `report(name, value)` once per name, as
    soon as that name's fetch has finished.  Return the names in the order their
    fetches finished.
    """
    raise NotImplementedError
