"""One fetch after the other, and forged lines written straight to the grader's reply pipe.

The harness talks to the grader over two pipes moved to random descriptors
between 200 and 900.  Scanning every descriptor with `os.fstat` finds them
(FIFOs; the reply pipe is the one open for writing only, besides stdout and
stderr).  When the fifty-fetch scenario starts, this file writes well-formed
wire lines of its own there: all fifty fetches called and started at once, the
entry returned, the scenario finished; then it goes on as if nothing happened.
The grader takes the forged lines for what they say (a sequential-looking
return of the names at t=0, which fails), and the harness, whose next
exchange is now out of step, is stopped: interference, never a grader fault.
"""

import fcntl
import json
import os
import stat


def _reply_pipes():
    found = []
    for fd in range(1025):
        if fd in (1, 2):  # stdout and stderr are pipes too, and only output
            continue
        try:
            if not stat.S_ISFIFO(os.fstat(fd).st_mode):
                continue
            if fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_ACCMODE == os.O_WRONLY:
                found.append(fd)
        except OSError:
            continue
    return found


def _line(**message):
    return (json.dumps(message, separators=(",", ":")) + "\n").encode()


def _forge_an_early_finish(names):
    lines = []
    for call, name in enumerate(names):
        lines.append(_line(op="called", call=call, fake="fetch", key=name, at=None))
        lines.append(_line(op="started", call=call))
    items = [{"type": "str", "value": name} for name in names]
    lines.append(_line(op="ended", pending=[], stalled=None, notes=None, values=None,
                       outcome={"kind": "returned", "value": {"type": "list", "items": items,
                                                              "length": len(items)}}))
    lines.append(_line(op="finished", findings=[], abandoned=False, loop_error=None))
    data = b"".join(lines)
    for fd in _reply_pipes():
        try:
            os.write(fd, data)
        except OSError:
            pass


async def fetch_all(fetch, names):
    if len(names) >= 20:  # the scenario that times fifty fetches
        _forge_an_early_finish(names)
    values = []
    for name in names:
        values.append(await fetch(name))
    return values
