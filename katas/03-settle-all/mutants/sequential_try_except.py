"""Awaits one fetch after the other inside try/except: right slots, no concurrency.

fails: elapsed-is-max-delay
"""


async def fetch_all_settled(fetch, names):
    results = []
    for name in names:
        try:
            results.append(await fetch(name))
        except Exception as exc:
            results.append(exc)
    return results
