"""Awaits one fetch after the other and reports each: right in its own run, no concurrency.

fails: all-at-once
"""


async def fetch_and_report(fetch, names, report):
    finished = []
    for name in names:
        value = await fetch(name)
        report(name, value)
        finished.append(name)
    return finished
