"""Fence the child in before the student's file is imported.

The parent decides what the child may do (`config`, sent in the hello) and
this module carries it out, in the child, in an order that matters:

0. **The session's cgroup**, when the parent made one: its ``pids.max`` caps the
   processes and threads of everything started from here on, root or not.
   **Exposing Python**: when Python lives under a folder other users cannot
   enter (a private /root), that folder is covered, in the child's own mount
   namespace only, by an empty tmpfs into which just the Python tree is bound
   back, so the unprivileged uid can run Python and sees nothing else there.
1. **Landlock** (Linux 5.13+, no privileges needed): from now on the process
   may read only the standard library and the system's shared libraries, and
   read and write only its scratch folder.  Site-packages, the grader, the
   hidden checks, reference solutions, other students' files and the output
   folder are out of reach.  From ABI 4 on, TCP bind/connect is refused too;
   from ABI 6 on, signals to processes outside the sandbox (the grader) and
   abstract Unix sockets are refused.
2. **Resource limits**: address space, CPU seconds (soft, then hard), size of
   files written, open files, core dumps off, and a process cap.
3. **Dropping to an unprivileged uid** when the grader runs as root: the child
   can then neither signal the grader nor write outside its scratch folder, and
   the process cap (which binds only non-root users) becomes real.

Each step is skipped when its config entry is absent; the parent reports what
was in force.  Only the standard library is used: ctypes for the Landlock
system calls, which have no wrapper in ``os``.
"""

from __future__ import annotations

import ctypes
import importlib
import os
import resource
import sys
from pathlib import Path
from typing import Any

_SYS_CREATE_RULESET, _SYS_ADD_RULE, _SYS_RESTRICT_SELF = 444, 445, 446
_PR_SET_NO_NEW_PRIVS = 38
_RULE_PATH_BENEATH = 1
_EXECUTE, _WRITE_FILE, _READ_FILE, _READ_DIR = 1 << 0, 1 << 1, 1 << 2, 1 << 3
_FILE_RIGHTS = _EXECUTE | _WRITE_FILE | _READ_FILE | (1 << 14)  # + truncate (ABI 3)
_READ = _EXECUTE | _READ_FILE | _READ_DIR
_NET_BIND_TCP, _NET_CONNECT_TCP = 1 << 0, 1 << 1
_SCOPE_ABSTRACT_UNIX, _SCOPE_SIGNAL = 1 << 0, 1 << 1
MIB = 1024 * 1024


class _RulesetAttr(ctypes.Structure):
    _fields_ = (("handled_access_fs", ctypes.c_uint64), ("handled_access_net", ctypes.c_uint64),
                ("scoped", ctypes.c_uint64))


class _PathBeneathAttr(ctypes.Structure):
    _pack_ = 1
    _fields_ = (("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32))


def apply(config: dict[str, Any]) -> None:
    """Apply the sandbox the parent asked for (see the module docstring for the order)."""
    cgroup = config.get("cgroup")
    if cgroup:
        with open(cgroup, "w") as procs:  # join the session's cgroup: its pids.max binds
            procs.write(str(os.getpid()))
    for path in config.get("expose") or ():
        expose(path, os.getcwd())
    landlock = config.get("landlock")
    if landlock:
        restrict_files(landlock, int(landlock["abi"]))
        forget_hidden_import_paths(landlock["hidden"])
    set_limits(config.get("limits") or {})
    uid = config.get("uid")
    if uid is not None:
        os.setgroups([])
        os.setgid(int(uid))
        os.setuid(int(uid))


def set_limits(limits: dict[str, int]) -> None:
    """Set each resource limit given (absent ones are left alone)."""
    table = {
        "memory_mb": (resource.RLIMIT_AS, MIB),
        "file_size_mb": (resource.RLIMIT_FSIZE, MIB),
        "open_files": (resource.RLIMIT_NOFILE, 1),
        "processes": (resource.RLIMIT_NPROC, 1),
    }
    for name, (which, unit) in table.items():
        if limits.get(name) is not None:
            value = int(limits[name]) * unit
            resource.setrlimit(which, (value, value))
    if limits.get("cpu_s") is not None:
        soft = int(limits["cpu_s"])
        resource.setrlimit(resource.RLIMIT_CPU, (soft, soft + 2))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


_MS_BIND, _MS_REC, _MS_NOSUID, _MS_NODEV, _MNT_DETACH = 4096, 16384, 2, 4, 2


def expose(needed: str, scratch: str) -> None:
    """Make `needed` reachable by any uid, in this mount namespace, hiding the rest of
    the closed folder above it.  Needs root in a private mount namespace."""
    closed = _closed_ancestor(Path(needed))
    if closed is None:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    keep = os.path.join(scratch, f".expose-{abs(hash(needed))}")
    os.mkdir(keep)
    _mount(libc, needed, keep, None, _MS_BIND | _MS_REC)
    _mount(libc, "tmpfs", str(closed), "tmpfs", _MS_NOSUID | _MS_NODEV, "mode=0755")
    os.makedirs(needed, mode=0o755, exist_ok=True)
    _mount(libc, keep, needed, None, _MS_BIND | _MS_REC)
    libc.umount2(keep.encode(), _MNT_DETACH)
    os.rmdir(keep)


def _closed_ancestor(path: Path) -> Path | None:
    for folder in reversed(path.parents):
        if folder.is_dir() and not folder.stat().st_mode & 0o001:
            return folder
    return None


def _mount(libc: Any, source: str, target: str, fstype: str | None, flags: int,
           data: str | None = None) -> None:
    result = libc.mount(source.encode(), target.encode(),
                        fstype.encode() if fstype else None, ctypes.c_ulong(flags),
                        data.encode() if data else None)
    if result != 0:
        raise OSError(ctypes.get_errno(), f"mount {source} on {target} failed")


def forget_hidden_import_paths(hidden: list[str]) -> None:
    """Drop import paths Landlock now hides (site-packages, the grader's own folder), so
    importing from them is a plain ModuleNotFoundError, not a PermissionError."""
    def visible(entry: str) -> bool:
        path = os.path.realpath(entry or ".")
        if any(path == h or path.startswith(h + os.sep) for h in hidden):
            return False
        try:
            os.listdir(path)
        except OSError:
            return False
        return True

    sys.path[:] = [entry for entry in sys.path if visible(entry)]
    sys.path_importer_cache.clear()
    importlib.invalidate_caches()


def landlock_abi() -> int:
    """The kernel's Landlock ABI version, or 0 when Landlock is unavailable."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        version = libc.syscall(_SYS_CREATE_RULESET, None, ctypes.c_size_t(0), ctypes.c_uint32(1))
    except (OSError, AttributeError):
        return 0
    return max(int(version), 0)


def restrict_files(paths: dict[str, list[str]], abi: int) -> None:
    """Allow reading under ``paths["read"]``, listing ``paths["list"]`` (the folders
    themselves, and the names beneath them), reading and writing under
    ``paths["write"]``; nothing else."""
    libc = ctypes.CDLL(None, use_errno=True)
    handled_fs = _handled_fs(abi)
    attr = _RulesetAttr(handled_fs,
                        (_NET_BIND_TCP | _NET_CONNECT_TCP) if abi >= 4 else 0,
                        (_SCOPE_ABSTRACT_UNIX | _SCOPE_SIGNAL) if abi >= 6 else 0)
    size = ctypes.sizeof(_RulesetAttr) if abi >= 6 else 16 if abi >= 4 else 8
    ruleset = libc.syscall(_SYS_CREATE_RULESET, ctypes.byref(attr), ctypes.c_size_t(size),
                           ctypes.c_uint32(0))
    if ruleset < 0:
        raise OSError(ctypes.get_errno(), "landlock_create_ruleset failed")
    try:
        for path in paths["read"]:
            _allow(libc, ruleset, path, _READ & handled_fs)
        for path in paths["list"]:
            _allow(libc, ruleset, path, _READ_DIR)
        for path in paths["write"]:
            _allow(libc, ruleset, path, handled_fs)
        if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_SET_NO_NEW_PRIVS) failed")
        if libc.syscall(_SYS_RESTRICT_SELF, ruleset, ctypes.c_uint32(0)) != 0:
            raise OSError(ctypes.get_errno(), "landlock_restrict_self failed")
    finally:
        os.close(ruleset)


def _handled_fs(abi: int) -> int:
    rights = (1 << 13) - 1  # ABI 1: execute .. make_sym
    if abi >= 2:
        rights |= 1 << 13  # refer
    if abi >= 3:
        rights |= 1 << 14  # truncate
    if abi >= 5:
        rights |= 1 << 15  # ioctl_dev
    return rights


def _allow(libc: Any, ruleset: int, path: str, rights: int) -> None:
    try:
        fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
    except OSError:
        return  # a path that does not exist needs no rule
    try:
        if not Path(path).is_dir():
            rights &= _FILE_RIGHTS
        beneath = _PathBeneathAttr(rights, fd)
        if libc.syscall(_SYS_ADD_RULE, ruleset, _RULE_PATH_BENEATH, ctypes.byref(beneath),
                        ctypes.c_uint32(0)) != 0:
            raise OSError(ctypes.get_errno(), f"landlock_add_rule failed for {path}")
    finally:
        os.close(fd)
