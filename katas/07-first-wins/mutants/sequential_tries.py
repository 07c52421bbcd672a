"""Tries one mirror after the other until one succeeds: no race at all.

fails: fastest-value, returns-when-fastest-finishes, returns-when-winner-finishes, next-success-wins, losers-cancelled, losers-cancelled-after-failures
"""


async def fetch_fastest(fetch, mirrors):
    if not mirrors:
        raise ValueError("no mirrors")
    error = None
    for mirror in mirrors:
        try:
            return await fetch(mirror)
        except Exception as exc:
            error = exc
    raise error
