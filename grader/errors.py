"""User-facing errors: one hierarchy, an exit code on each class.

They are caught in exactly one place, the CLI edge, and printed as one line on
stderr.  A student's failing submission is never one of these: that is data in
the scorecard.
"""

from __future__ import annotations

EXIT_PASSED = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_GRADER_FAULT = 3


class KataError(Exception):
    """Base of every error the CLI reports as a single line."""

    exit_code = EXIT_GRADER_FAULT


class UsageError(KataError):
    """The command was asked for something that does not exist or cannot be done."""

    exit_code = EXIT_USAGE


class UnknownKataError(UsageError):
    """No kata matches the id the user typed."""


class SubmissionNotFoundError(UsageError, FileNotFoundError):
    """The submission file to check does not exist."""


class KataDefinitionError(KataError):
    """A kata's own files are broken (metadata, checks): a fault of the kata set."""


class GraderFault(KataError):
    """The grader itself failed; the submission is not to blame."""
