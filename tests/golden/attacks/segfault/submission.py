"""Crashes the interpreter with a segmentation fault inside the function."""

import faulthandler


async def fetch_all(fetch, names):
    faulthandler._sigsegv()
