"""Which isolation layers this machine offers, and the plan for one child.

Layers, each probed once per process and used when available:

* ``pid-net-namespace`` - the child runs under ``unshare`` in fresh PID, network
  and mount namespaces with its own /proc: it sees no other process, has no
  network, and everything it starts dies with it.
* ``landlock`` - the kernel's unprivileged file-access sandbox, applied by the
  child to itself before the submission is imported (see `grader.child.sandbox`).
* ``unprivileged-uid`` - when the grader runs as root, the child drops to a uid
  of its own, so it cannot signal the grader and the process cap binds.
* ``resource-limits`` - always: memory, CPU, file size, open files, core dumps.

``--isolation strict`` refuses to grade unless every layer is in force;
``auto`` uses what there is and records what was skipped, with the reason, in
the scorecard.
"""

from __future__ import annotations

import functools
import os
import secrets
import shutil
import site
import subprocess
import sysconfig
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ..child.sandbox import landlock_abi
from ..errors import UsageError
from ..models.kata import Limits
from ..models.scorecard import LayerName

Mode = Literal["auto", "strict", "none"]
UID_RANGE = (61000, 64999)
UNSHARE = ("--pid", "--net", "--mount", "--fork", "--kill-child", "--mount-proc")
SYSTEM_LIBRARIES = ("/lib", "/lib64", "/usr/lib", "/usr/lib64", "/usr/local/lib")
READABLE_FILES = ("/etc/localtime", "/dev/urandom", "/dev/zero")
WRITABLE_FILES = ("/dev/null",)


@dataclass(frozen=True)
class Layer:
    name: LayerName
    active: bool
    note: str


@dataclass
class Plan:
    """How one child is fenced in: a command prefix, the child's sandbox config, a report."""

    prefix: list[str] = field(default_factory=list)
    uid: int | None = None
    layers: list[Layer] = field(default_factory=list)
    landlock_abi: int = 0

    @property
    def pid_namespace(self) -> bool:
        return bool(self.prefix)

    def sandbox(self, scratch: Path, limits: Limits, hidden: list[Path]) -> dict[str, Any]:
        """The config the child applies to itself (grader.child.sandbox.apply)."""
        config: dict[str, Any] = {"limits": limits_for_child(limits, self.uid is not None),
                                  "uid": self.uid}
        if self.landlock_abi:
            config["landlock"] = {**landlock_paths(scratch, hidden), "abi": self.landlock_abi}
        return config

    def prepare(self, scratch: Path) -> None:
        """Give the scratch folder (and what is in it) to the child's uid."""
        if self.uid is None:
            return
        for path in [scratch, *scratch.iterdir()]:
            os.chown(path, self.uid, self.uid)


def plan(mode: Mode) -> Plan:
    """The isolation plan for a child; raises UsageError in strict mode if a layer is missing."""
    if mode == "none":
        return Plan(layers=[Layer("resource-limits", True, "always applied")] +
                    [Layer(n, False, "switched off (--isolation none)") for n in _OPTIONAL])
    probed = _probe()
    result = Plan(prefix=list(probed.unshare), landlock_abi=probed.landlock_abi,
                  uid=_fresh_uid() if probed.root else None, layers=probed.layers)
    missing = [layer for layer in result.layers if not layer.active]
    if mode == "strict" and missing:
        details = "; ".join(f"{layer.name}: {layer.note}" for layer in missing)
        raise UsageError(f"--isolation strict: not every isolation layer is available ({details})")
    return result


_OPTIONAL: tuple[LayerName, ...] = ("pid-net-namespace", "landlock", "unprivileged-uid")


@dataclass(frozen=True)
class _Probe:
    unshare: tuple[str, ...]
    landlock_abi: int
    root: bool
    layers: list[Layer]


@functools.cache
def _probe() -> _Probe:
    unshare = _probe_unshare()
    abi = landlock_abi()
    root = os.geteuid() == 0
    layers = [
        Layer("resource-limits", True, "memory, CPU, file size, open files, core dumps"),
        Layer("pid-net-namespace", bool(unshare),
              "own PID, network and mount namespaces (unshare)" if unshare else
              "unshare is missing or not permitted here"),
        Layer("landlock", abi > 0,
              f"Landlock ABI {abi}: files, TCP and signals fenced" if abi else
              "the kernel offers no Landlock (Linux 5.13+ with Landlock enabled)"),
        Layer("unprivileged-uid", root,
              "the child runs as a uid of its own, with a process cap" if root else
              "the grader is not root, so the child keeps the grader's uid"),
    ]
    return _Probe(unshare, abi, root, layers)


def _probe_unshare() -> tuple[str, ...]:
    unshare = shutil.which("unshare")
    if unshare is None:
        return ()
    command = [unshare, *UNSHARE]
    if os.geteuid() != 0:
        command.insert(1, "--map-root-user")
        command.insert(1, "--user")
    try:
        works = subprocess.run([*command, "true"], capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        works = False
    return (*command, "--") if works else ()


def _fresh_uid() -> int:
    low, high = UID_RANGE
    return low + secrets.randbelow(high - low + 1)


def limits_for_child(limits: Limits, own_uid: bool) -> dict[str, int | None]:
    """The resource limits the child sets; the process cap only with a uid of its own
    (it counts every process of the uid, the grader's own included otherwise)."""
    return {"memory_mb": limits.memory_mb, "cpu_s": limits.cpu_s,
            "file_size_mb": limits.file_size_mb, "open_files": limits.open_files,
            "processes": limits.processes if own_uid else None}


def landlock_paths(scratch: Path, hidden: list[Path]) -> dict[str, list[str]]:
    """What the child may read (the standard library, system libraries) and write (its
    scratch folder).  Site-packages and anything under `hidden` stay out even where they
    lie inside an allowed folder: that folder is then only listable, and its other
    entries readable one by one.  ``hidden`` is returned too, so the child can drop
    such folders from its import path."""
    rules = dict(_reading_rules(tuple(sorted(p.resolve() for p in hidden))))
    rules["write"] = [str(scratch), *(f for f in WRITABLE_FILES if Path(f).exists())]
    return rules


@functools.cache
def _reading_rules(hidden: tuple[Path, ...]) -> tuple[tuple[str, list[str]], ...]:
    paths = sysconfig.get_paths()
    packages = [*site.getsitepackages(), site.getusersitepackages(), paths["purelib"],
                paths["platlib"]]
    stdlib = {Path(paths["stdlib"]), Path(paths["platstdlib"])}
    packages += [str(lib / name) for lib in stdlib for name in ("site-packages", "dist-packages")]
    denied = {Path(p).resolve() for p in packages} | set(hidden)
    roots = {*stdlib, *map(Path, SYSTEM_LIBRARIES)}
    read: list[str] = []
    listable: list[str] = []
    for root in sorted({r.resolve() for r in roots}):
        _allow_under(root, denied, read, listable)
    read += [f for f in READABLE_FILES if Path(f).exists()]
    return (("read", read), ("list", listable), ("hidden", sorted(str(d) for d in denied)))


def _allow_under(root: Path, denied: set[Path], read: list[str], listable: list[str]) -> None:
    """Allow `root` whole if nothing denied lies within it, else list it and descend."""
    if not root.exists() or root in denied:
        return
    if not root.is_dir() or not any(root in d.parents for d in denied):
        read.append(str(root))
        return
    listable.append(str(root))
    for entry in sorted(root.iterdir()):
        _allow_under(entry.resolve() if entry.is_symlink() else entry, denied, read, listable)
