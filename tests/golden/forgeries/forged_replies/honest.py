"""Awaits one fetch after the other in a loop: right values, no concurrency.

fails: fifty-at-once
"""


async def fetch_all(fetch, names):
    values = []
    for name in names:
        values.append(await fetch(name))
    return values
