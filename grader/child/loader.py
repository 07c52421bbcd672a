"""Import the student's file, turning every way it can fail into a report.

The file is compiled from bytes under its display name, so tracebacks and
findings name the student's own file, and a wrong encoding is a SyntaxError we
can explain rather than a crash of the harness.
"""

from __future__ import annotations

import inspect
import sys
from types import ModuleType

from .. import wire
from .encode import encode_exception
from .where import Where

MODULE_NAME = "solution"


def load(path: str, where: Where, functions: list[str]) -> tuple[ModuleType | None, wire.Loaded]:
    """Import the file at `path`; return the module (or None) and the import report."""
    try:
        with open(path, "rb") as handle:
            source = handle.read()
        code = compile(source, where.filename, "exec", dont_inherit=True)
    except SyntaxError as exc:
        return None, _syntax_report(exc, where)
    except (ValueError, OSError) as exc:
        return None, wire.Loaded("unreadable", message=str(exc))
    module = ModuleType(MODULE_NAME)
    module.__file__ = where.filename
    sys.modules[MODULE_NAME] = module
    try:
        exec(code, module.__dict__)
    except SystemExit as exc:
        return None, wire.Loaded("exited", message=f"sys.exit({exc.code!r})"[:200],
                                 where=_location(where.in_traceback(exc.__traceback__)))
    except BaseException as exc:  # noqa: BLE001 - any failure at import is the student's
        return None, wire.Loaded("raised", exception=encode_exception(exc, lambda e: None),
                                 where=_location(where.in_traceback(exc.__traceback__)))
    return module, wire.Loaded("ok", functions={n: _kind(module, n) for n in functions})


def _location(found: dict[str, object] | None) -> wire.Location | None:
    return wire.Location(**found) if found else None  # type: ignore[arg-type]


def _syntax_report(exc: SyntaxError, where: Where) -> wire.Loaded:
    text = (exc.text or "").rstrip("\n")
    unicode = "unicode" in (exc.msg or "") or "codec" in (exc.msg or "")
    return wire.Loaded("encoding" if unicode else "syntax", message=exc.msg or "invalid syntax",
                       where=wire.Location(where.filename, exc.lineno, None), text=text[:200])


def _kind(module: ModuleType, name: str) -> wire.FunctionKind:
    if name not in vars(module):
        return "missing"
    value = vars(module)[name]
    if inspect.iscoroutinefunction(value):
        return "async"
    if inspect.isclass(value):
        return "class"
    return "function" if callable(value) else "not-callable"
