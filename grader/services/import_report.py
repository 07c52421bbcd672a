"""Why a submission could not be imported, in a student's words."""

from __future__ import annotations

from ..models.kata import Limits
from ..models.observation import LoadReport
from ..models.outcome import CheckOutcome

EXPECTED = "your file to import cleanly"


def describe_import_failure(report: LoadReport, limits: Limits) -> CheckOutcome:
    """The outcome every check gets when the file did not import."""
    line = f" at line {report.where.line}" if report.where and report.where.line else ""
    if report.status == "syntax":
        text = f": {report.text.strip()}" if report.text else ""
        return _failed(f"a syntax error{line}: {report.message}{text}",
                       "Python could not read the file. Fix the line shown (and the one before "
                       "it: an unclosed bracket often shows up on the next line).")
    if report.status == "encoding":
        return _failed(f"the file is not valid UTF-8 text{line} ({report.message})",
                       "Save the file as UTF-8 in your editor.")
    if report.status == "unreadable":
        return _failed(f"the file could not be read as Python source ({report.message})",
                       "Is this really a .py text file? Null bytes suggest a binary file.")
    if report.status == "exited":
        return _failed(f"importing your file called {report.message}{line}",
                       "Code at the top level of the file runs on import; do not call "
                       "sys.exit() there. Put test code under `if __name__ == \"__main__\":`.")
    exc = report.exception
    if exc is not None and exc.class_name == "MemoryError":
        return CheckOutcome("error", EXPECTED, f"importing your file exceeded the memory limit "
                            f"of {limits.memory_mb} MiB (MemoryError){line}",
                            "Code at the top level of the file runs on import: do not build "
                            "huge data there.")
    what = f"{exc.class_name}: {exc.message}" if exc is not None else "an exception"
    return _failed(f"importing your file raised {what}{line}",
                   "Code at the top level of the file runs on import. Move experiments under "
                   "`if __name__ == \"__main__\":` and check your imports.")


def _failed(observed: str, hint: str) -> CheckOutcome:
    return CheckOutcome("failed", EXPECTED, observed, hint)
