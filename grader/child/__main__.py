"""The child process: import the submission, then run scenarios on request.

Started by the parent (through `grader.child.boot`) with the two pipe
descriptors as arguments.  The hello names the file and the sandbox to apply
before the file is imported (`grader.child.sandbox`); then each ``Run`` is a
scenario the parent conducts (`grader.child.driver`).
Everything here runs beside untrusted code, so it imports only the standard
library and reports facts, never verdicts.
"""

from __future__ import annotations

import contextlib
import sys

from .. import wire
from . import sandbox
from .driver import Scenario
from .loader import load
from .probes import Probes
from .protocol import Channel
from .staging import load_driver
from .where import Where


def main(argv: list[str]) -> int:
    channel = Channel(int(argv[1]), int(argv[2]))
    hello = channel.receive()
    if not isinstance(hello, wire.Hello):
        return 0
    where = Where(hello.display)
    probes = Probes(where)
    probes.install()
    driver = load_driver(hello.driver)
    sandbox.apply(hello.sandbox)
    module, report = load(hello.path, where, hello.functions)
    _flush()
    channel.send(report)
    if module is None:
        channel.flush()
        return 0
    while isinstance(run := channel.receive(), wire.Run):
        Scenario(module, run, where, probes, driver, channel).play()
        _flush()
    return 0


def _flush() -> None:
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):  # the student may have replaced or closed it
            stream.flush()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
