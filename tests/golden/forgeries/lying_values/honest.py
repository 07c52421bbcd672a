"""Fetches nothing and hands back the names themselves, as a list."""


async def fetch_all(fetch, names):
    return list(names)
