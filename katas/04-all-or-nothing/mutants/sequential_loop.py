"""Awaits one fetch after the other, wrapping a failure in a group: no concurrency.

fails: elapsed-is-max-delay, simultaneous-failures-both-in-group
"""


async def fetch_all_or_nothing(fetch, names):
    values = []
    for name in names:
        try:
            values.append(await fetch(name))
        except Exception as exc:
            raise ExceptionGroup("a fetch failed", [exc]) from None
    return values
