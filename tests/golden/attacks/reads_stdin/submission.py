"""Reads stdin inside the function (stdin is empty)."""

import sys


async def fetch_all(fetch, names):
    sys.stdin.read()
    return [line for line in sys.stdin]
