"""Asks for 4 GiB inside the function."""


async def fetch_all(fetch, names):
    hoard = bytearray(4 * 1024**3)
    return [hoard]
