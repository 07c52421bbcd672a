"""Kata 03 - settle all.  Read spec.md (`kata show 03`) first."""

import asyncio  # noqa: F401 - you will need it


async def fetch_all_settled(fetch, names: list[str]) -> list[str | Exception]:
    """Fetch every name at once; return one entry per name, in the order of `names`.

    `fetch` is an async function: `await fetch(name)` returns that name's value.
    A fetch that raises leaves its exception (the very same object) in its slot;
    fetch_all_settled itself never raises.
    """
    raise NotImplementedError
