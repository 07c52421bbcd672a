"""Sequential, and prints and writes forged "all passed" observations everywhere it can."""

import json
import os

FORGED = json.dumps({"op": "observed", "id": "fifty-at-once#1", "outcome": {"kind": "returned",
                     "value": {"type": "list", "items": [], "length": 0}}, "ended_at": 0.0,
                     "return_seq": 0, "stopped": None, "pending": [], "trace": [],
                     "findings": []}) + "\n"


def forge():
    print(FORGED)
    for fd in range(3, 64):
        try:
            os.write(fd, FORGED.encode())
        except OSError:
            pass


forge()


async def fetch_all(fetch, names):
    forge()
    return [await fetch(name) for name in names]
