"""Sealing a student's process, so that its code cannot reach past its own grading (Linux).

Two layers, each where the kernel has it:

* **Namespaces**, entered by the run's reaper (:mod:`.reaper`) before it starts the worker
  (:func:`enter_namespaces`): a user namespace (the student's code holds no privilege over the
  machine), a PID namespace (the worker is its process 1: no process outside it, the grader, a
  Dask worker, another student's, has a number it can name, and when the worker ends every
  process it started ends with it) and a network namespace (no network at all, loopback
  included, whatever the protocol).
* **Landlock**, applied by the worker itself before TensorFlow starts a thread and before the
  student's file is imported (:func:`confine`): files (read only what running an exercise
  needs, write only the run's own folder), TCP (no connection, no listening: ABI 4), signals and
  abstract UNIX sockets kept inside the run (ABI 6), UDP (ABI 10).

:func:`protections` says which of them this machine gives (probed once, in a throw-away
process, exactly as a run applies them): the grading commands print it, and
``--require-sealed`` refuses to grade without all of them.

Example:
>>> protections().sealed                                               # doctest: +SKIP
True
>>> confine(read=["/data"], write=["/tmp/run-1"])                     # doctest: +SKIP
{'files': True, 'tcp': True, 'udp': False, 'signals': True}
"""

import ctypes
import glob
import json
import os
import subprocess
import sys
import sysconfig
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from messages import _

# Read-only everywhere a Python program and its native libraries look.
SYSTEM_READ = ["/usr", "/lib", "/lib32", "/lib64", "/bin", "/sbin", "/etc", "/opt", "/proc", "/sys",
               "/dev/urandom", "/dev/random", "/dev/zero"]
DEVICE_WRITE = ["/dev/null"]
# Accelerators (NVIDIA, AMD): read, write and their ioctls, so a GPU works inside the sandbox.
ACCELERATOR_DEVICES = ["/dev/nvidia*", "/dev/nvidia-caps/*", "/dev/dri/*", "/dev/kfd"]
CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET = 0x10000000, 0x20000000, 0x40000000
NAMESPACES_ENV = "KIT_NAMESPACES"  # what the reaper entered, for the worker to report


@dataclass(frozen=True)
class Protections:
    """What keeps a student's process in its grading on this machine."""

    files: bool = False      # Landlock: reads and writes outside the run refused
    processes: bool = False  # a PID namespace: no process outside can be named or signalled
    signals: bool = False    # Landlock's signal scope, or the PID namespace
    network: bool = False    # a network namespace, or Landlock's TCP and UDP rules
    landlock: int = 0        # the kernel's Landlock ABI (0: none)
    namespaces: tuple = ()   # the namespaces a run enters ("user", "pid", "net")

    @property
    def sealed(self):
        return self.files and self.processes and self.signals and self.network

    def missing(self):
        """The protections this machine lacks, each with what it would take."""
        found = []
        if not self.files:
            found.append(_("files (needs Linux Landlock, kernel 5.13 or later)"))
        if not self.processes:
            found.append(_("other processes (needs PID namespaces: user namespaces allowed, or "
                           "grading as root)"))
        if not self.signals:
            found.append(_("signals (needs Landlock ABI 6, kernel 6.12, or a PID namespace)"))
        if not self.network:
            found.append(_("network (needs network namespaces, or Landlock ABI 10 for TCP and "
                           "UDP)"))
        return found

    def summary(self):
        """One line for the start of a grading: what protects the students' runs."""
        kept = [name for name, on in ((_("files"), self.files), (_("processes"), self.processes),
                                      (_("signals"), self.signals), (_("network"), self.network))
                if on]
        line = _("Sealed: {kept} (Landlock ABI {abi}; namespaces: {namespaces})").format(
            kept=", ".join(kept) or _("nothing"), abi=self.landlock,
            namespaces=", ".join(self.namespaces) or _("none"))
        if not self.sealed:
            line += "\n" + _("Not sealed on this machine: {missing}").format(
                missing="; ".join(self.missing()))
        return line

    def to_dict(self):
        return {"files": self.files, "processes": self.processes, "signals": self.signals,
                "network": self.network, "landlock": self.landlock,
                "namespaces": list(self.namespaces)}


def landlock_abi():
    """The kernel's Landlock ABI version (0: no Landlock, or not Linux)."""
    try:
        import landlockpy
        return landlockpy.abi_version() if landlockpy.supported() else 0
    except Exception:  # not Linux, Landlock disabled, the package missing
        return 0


def available():
    """Whether this kernel can confine a process's files at all."""
    return landlock_abi() >= 1


def _libc():
    return ctypes.CDLL(None, use_errno=True)


def enter_namespaces():
    """Move this (single-threaded) process into new user and network namespaces, and its next
    children into a new PID namespace. Returns the names of those entered (none where the
    kernel refuses: then nothing changed). Called by the reaper before it starts the worker."""
    if not sys.platform.startswith("linux"):
        return []
    uid, gid = os.getuid(), os.getgid()
    try:
        if _libc().unshare(CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET) != 0:
            return []
    except (OSError, AttributeError):
        return []
    # The same user inside as outside (files keep their owner); no privilege over the machine.
    for name, text in (("setgroups", "deny"), ("uid_map", f"{uid} {uid} 1"),
                       ("gid_map", f"{gid} {gid} 1")):
        with open(f"/proc/self/{name}", "w") as handle:
            handle.write(text)
    return ["user", "pid", "net"]


def python_paths():
    """The interpreter's and the environment's folders (read-only)."""
    paths = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}
    paths.update(value for value in sysconfig.get_paths().values())
    return sorted(paths)


def confine(read, write):
    """Restrict this process and its future children with Landlock: read ``read`` (+ system and
    Python folders), read and write ``write``; no TCP (nor UDP, ABI 10); signals and abstract
    UNIX sockets only within. Returns what is in force (``{}``: no Landlock, nothing changed).
    Must run before any other thread starts: threads already running keep their freedom."""
    abi = landlock_abi()
    if abi < 1:
        return {}
    from landlockpy import AccessFS, AccessNet, Ruleset, Scope, fs_for_abi, net_for_abi

    handled = fs_for_abi(abi)
    read_only = (AccessFS.READ_FILE | AccessFS.READ_DIR | AccessFS.EXECUTE) & handled
    with Ruleset(handled_fs=handled, handled_net=net_for_abi(abi),
                 scoped=Scope.SIGNAL | Scope.ABSTRACT_UNIX_SOCKET) as ruleset:
        for path in [*SYSTEM_READ, *python_paths(), *read]:
            _allow(ruleset, path, read_only)
        for path in DEVICE_WRITE:
            _allow(ruleset, path, AccessFS.READ_FILE | AccessFS.WRITE_FILE)
        for pattern in ACCELERATOR_DEVICES:
            for path in glob.glob(pattern):
                _allow(ruleset, path, (AccessFS.READ_FILE | AccessFS.WRITE_FILE
                                       | AccessFS.IOCTL_DEV) & handled)
        for path in write:
            _allow(ruleset, path, handled)
        ruleset.restrict()
        net, scoped = ruleset.handled_net, ruleset.scoped
    return {"files": True, "tcp": bool(net & AccessNet.CONNECT_TCP),
            "udp": bool(net & AccessNet.CONNECT_SEND_UDP), "signals": bool(scoped & Scope.SIGNAL)}


def _allow(ruleset, path, rights):
    from landlockpy import AccessFS

    path = Path(path)
    if not path.exists():
        return
    if not path.is_dir():  # files take file rights only
        rights &= AccessFS.READ_FILE | AccessFS.WRITE_FILE | AccessFS.EXECUTE | \
            AccessFS.TRUNCATE | AccessFS.IOCTL_DEV
    ruleset.allow_path(os.fspath(path), rights)


def in_force(landlock, namespaces):
    """:class:`Protections` from what :func:`confine` returned and the namespaces entered."""
    return Protections(
        files=bool(landlock.get("files")), processes="pid" in namespaces,
        signals=bool(landlock.get("signals")) or "pid" in namespaces,
        network="net" in namespaces or bool(landlock.get("tcp") and landlock.get("udp")),
        landlock=landlock_abi(), namespaces=tuple(namespaces))


@lru_cache(maxsize=1)
def protections():
    """What this machine gives a student's run, probed once in a throw-away process that does
    what a run does (enters the namespaces, then confines itself)."""
    try:
        completed = subprocess.run([sys.executable, "-m", "grader.student_side.sandbox"],
                                   capture_output=True,
                                   text=True, timeout=60, cwd=Path(__file__).parents[2])
        found = json.loads(completed.stdout.strip().splitlines()[-1])
        return in_force(found["landlock"], found["namespaces"])
    except (OSError, ValueError, IndexError, KeyError, subprocess.TimeoutExpired):
        return Protections(landlock=landlock_abi())


def _probe():
    namespaces = enter_namespaces()
    landlock = confine(read=[], write=[])
    print(json.dumps({"namespaces": namespaces, "landlock": landlock}))


if __name__ == "__main__":
    _probe()
