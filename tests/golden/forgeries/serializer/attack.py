"""One fetch after the other, with the harness's serializer replaced to rewrite every message.

Every message the child sends goes through `grader.wire.dump`, which calls
`json.dumps` as the wire module's global `json`.  Reached through
`sys.modules`, both are replaced here: each outgoing message is rewritten just
before it is written to the pipe.  Idle messages claim no timer of their own,
calls lose the line they were made at, and anything that looks like a time or
an instant is set to zero.  When the child wrote its own timestamps, this
rewrote the trace; now there is no time in what the child sends, and the
parent stamps each message with its own clock.
"""

import json as _json
import sys
import types

_wire = sys.modules.get("grader.wire")
_TIMES = ("t", "at_s", "ended_at", "called_at", "elapsed", "since", "now")


def _rewrite(data):
    if isinstance(data, dict):
        if data.get("op") == "idle":
            data["timer"] = None
        if data.get("op") in ("called", "reported"):
            data["at"] = None
        for key in _TIMES:
            if isinstance(data.get(key), (int, float)) and not isinstance(data[key], bool):
                data[key] = 0
        for value in data.values():
            _rewrite(value)
    elif isinstance(data, list):
        for value in data:
            _rewrite(value)
    return data


def _dumps(obj, *args, **kwargs):
    return _json.dumps(_rewrite(obj), *args, **kwargs)


if _wire is not None:
    _fake_json = types.ModuleType("json")
    _fake_json.__dict__.update(vars(_json))
    _fake_json.dumps = _dumps
    _wire.json = _fake_json  # what wire.dump and wire.load_parent_message call
    _real_dump = _wire.dump

    def _dump(message):
        return _real_dump(message)  # through the rewriting json above

    _wire.dump = _dump
    print("kata-forgery: tampered", flush=True)


async def fetch_all(fetch, names):
    values = []
    for name in names:
        values.append(await fetch(name))
    return values
