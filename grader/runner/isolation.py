"""Which isolation layers this machine offers, and the plan for one child.

Layers, each probed once per process and used when available:

* ``pid-net-namespace`` - the child runs under ``unshare`` in fresh PID, network
  and mount namespaces with its own /proc: it sees no other process, has no
  network, and everything it starts dies with it.
* ``landlock`` - the kernel's unprivileged file-access sandbox, applied by the
  child to itself before the submission is imported (see `grader.child.sandbox`).
* ``unprivileged-uid`` - when the grader runs as root, the child drops to a uid
  of its own, so it cannot signal the grader or write outside its scratch
  folder.  It needs a Python installation that other users can reach (a Python
  under a private /root cannot be run by another uid); otherwise it is skipped.
* ``process-cap`` - at most `Limits.processes` processes and threads: a cgroup
  ``pids`` controller when the grader is root and one is mounted (it binds
  root too, and lists every process of the session for the sweep), else
  RLIMIT_NPROC when the child has a uid of its own.
* ``resource-limits`` - always: memory, CPU, file size, open files, core dumps.

``--isolation strict`` refuses to grade unless the namespaces, Landlock and the
process cap are all in force; ``auto`` uses what there is and records what was
skipped, with the reason, in the scorecard.
"""

from __future__ import annotations

import contextlib
import functools
import os
import secrets
import shutil
import signal
import site
import subprocess
import sys
import sysconfig
import time
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
    """How one child is fenced in: a command prefix, the child's sandbox config, a report.

    A plan serves one session: `prepare` gives it its scratch folder (and a cgroup),
    `release` takes them back.
    """

    prefix: list[str] = field(default_factory=list)
    uid: int | None = None
    expose: list[str] = field(default_factory=list)
    layers: list[Layer] = field(default_factory=list)
    landlock_abi: int = 0
    cgroup_root: Path | None = None
    cgroup: Path | None = None

    @property
    def pid_namespace(self) -> bool:
        return bool(self.prefix)

    def sandbox(self, scratch: Path, limits: Limits, hidden: list[Path]) -> dict[str, Any]:
        """The config the child applies to itself (grader.child.sandbox.apply)."""
        config: dict[str, Any] = {"limits": limits_for_child(limits, self.uid is not None),
                                  "uid": self.uid, "expose": self.expose}
        if self.landlock_abi:
            config["landlock"] = {**landlock_paths(scratch, hidden), "abi": self.landlock_abi}
        if self.cgroup is not None:
            (self.cgroup / "pids.max").write_text(str(limits.processes))
            config["cgroup"] = str(self.cgroup / "cgroup.procs")
        return config

    def prepare(self, scratch: Path) -> None:
        """Give the scratch folder to the child's uid; make the session's cgroup."""
        if self.uid is not None:
            for path in [scratch, *scratch.iterdir()]:
                os.chown(path, self.uid, self.uid)
        if self.cgroup_root is not None:
            self.cgroup = self.cgroup_root / f"kata-{os.getpid()}-{secrets.token_hex(6)}"
            self.cgroup.mkdir()

    def release(self) -> None:
        """Kill whatever is left in the session's cgroup, then remove it."""
        if self.cgroup is None:
            return
        for _ in range(50):
            members = _members(self.cgroup)
            if not members:
                break
            for pid in members:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.kill(pid, signal.SIGKILL)
            time.sleep(0.01)
        with contextlib.suppress(OSError):
            self.cgroup.rmdir()
        self.cgroup = None


def _members(cgroup: Path) -> list[int]:
    try:
        return [int(line) for line in (cgroup / "cgroup.procs").read_text().split()]
    except OSError:
        return []


def plan(mode: Mode) -> Plan:
    """The isolation plan for a child; raises UsageError in strict mode if a layer is missing."""
    if mode == "none":
        return Plan(layers=[Layer("resource-limits", True, "always applied")] +
                    [Layer(n, False, "switched off (--isolation none)") for n in _OPTIONAL])
    probed = _probe()
    result = Plan(prefix=list(probed.unshare), landlock_abi=probed.landlock_abi,
                  uid=_fresh_uid() if probed.own_uid else None, layers=probed.layers,
                  cgroup_root=probed.cgroup_root, expose=list(probed.expose))
    missing = [layer for layer in result.layers if not layer.active and layer.name in STRICT]
    if mode == "strict" and missing:
        details = "; ".join(f"{layer.name}: {layer.note}" for layer in missing)
        raise UsageError(f"--isolation strict: not every isolation layer is available ({details})")
    return result


_OPTIONAL: tuple[LayerName, ...] = ("pid-net-namespace", "landlock", "unprivileged-uid",
                                     "process-cap")
STRICT: tuple[LayerName, ...] = ("pid-net-namespace", "landlock", "process-cap")
CGROUP_PIDS = (Path("/sys/fs/cgroup/pids"),)


@dataclass(frozen=True)
class _Probe:
    unshare: tuple[str, ...]
    landlock_abi: int
    own_uid: bool
    expose: tuple[str, ...]
    cgroup_root: Path | None
    layers: list[Layer]


@functools.cache
def _probe() -> _Probe:
    unshare = _probe_unshare()
    abi = landlock_abi()
    root = os.geteuid() == 0
    blocked = _unreachable_python()
    # A Python under a closed folder is exposed in the child's mount namespace.
    expose = _python_trees() if blocked is not None and unshare else ()
    own_uid = root and (blocked is None or bool(expose))
    cgroup_root = _cgroup_pids_root() if root else None
    layers = [
        Layer("resource-limits", True, "memory, CPU, file size, open files, core dumps"),
        Layer("pid-net-namespace", bool(unshare),
              "own PID, network and mount namespaces (unshare)" if unshare else
              "unshare is missing or not permitted here"),
        Layer("landlock", abi > 0,
              f"Landlock ABI {abi}: files, TCP and signals fenced" if abi else
              "the kernel offers no Landlock (Linux 5.13+ with Landlock enabled)"),
        Layer("unprivileged-uid", own_uid,
              "the child runs as a uid of its own" + (
                  f" (Python exposed past {blocked})" if expose else "") if own_uid
              else
              "the grader is not root, so the child keeps the grader's uid" if not root else
              f"Python is installed where other users cannot reach it ({blocked} is closed "
              "to them, and no mount namespace to expose it)"),
        Layer("process-cap", cgroup_root is not None or own_uid,
              f"cgroup pids controller ({cgroup_root})" if cgroup_root is not None else
              "RLIMIT_NPROC on the child's own uid" if own_uid else
              "no cgroup pids controller, and the child has no uid of its own"),
    ]
    return _Probe(unshare, abi, own_uid, expose, cgroup_root, layers)


def _unreachable_python() -> str | None:
    """The first folder on the way to Python that other users cannot pass, if any."""
    paths = sysconfig.get_paths()
    for target in (Path(sys.executable).resolve(), Path(paths["stdlib"]).resolve()):
        for folder in [*reversed(target.parents), target]:
            if folder.is_dir() and not folder.stat().st_mode & 0o001:
                return str(folder)
    return None


def _python_trees() -> tuple[str, ...]:
    """The folders Python runs from (its installation, and a venv if there is one)."""
    trees = {str(Path(sys.base_prefix).resolve()), str(Path(sys.prefix).resolve())}
    return tuple(sorted(trees))


def _cgroup_pids_root() -> Path | None:
    """A cgroup (v1) pids hierarchy the grader can make sessions in, if mounted."""
    for root in CGROUP_PIDS:
        probe = root / f"kata-probe-{os.getpid()}"
        try:
            probe.mkdir()
            probe.rmdir()
        except OSError:
            continue
        _remove_stale_cgroups(root)
        return root
    return None


def _remove_stale_cgroups(root: Path) -> None:
    """Remove the empty session cgroups of graders that were killed outright."""
    for cgroup in root.glob("kata-*-*"):
        owner = cgroup.name.split("-")[1]
        if owner.isdigit() and not Path(f"/proc/{owner}").exists():
            with contextlib.suppress(OSError):
                cgroup.rmdir()


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
    """The resource limits the child sets; RLIMIT_NPROC only with a uid of its own
    (it counts every process of the uid, the grader's own included otherwise, and
    root is exempt from it)."""
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
