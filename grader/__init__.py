"""kata: an automated grader for asyncio coding katas.

The package is layered; each layer imports only those below it:

* ``grader.cli`` - the ``kata`` command (nothing imports it);
* ``grader.services`` - checking a submission, the student's workspace, reports;
* ``grader.runner``, ``grader.catalogue``, ``grader.models`` - the child process
  session, the kata catalogue, the data models;
* ``grader.testing`` - the kit the hidden checks are written with, and the
  referee that keeps each scenario's clock and record;
* ``grader.child`` - the code that runs inside the student's process.  It imports
  only the standard library and ``grader.wire``, because it shares a process with
  untrusted code;
* ``grader.wire`` - every message between the two processes, defined once.

This module stays import-light: the child imports it on its way to ``grader.child``.
"""

__version__ = "0.1.0"
