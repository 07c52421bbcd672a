"""Correct, but tries to overwrite a scorecard it guesses the place of."""

import asyncio
import glob

for path in glob.glob("/tmp/kata-attack-victim-*/*.json"):
    try:
        with open(path, "w") as handle:
            handle.write('{"status": "passed", "score": 999}')
    except OSError:
        pass


async def fetch_all(fetch, names):
    return await asyncio.gather(*(fetch(n) for n in names))
