"""Keeping a student's process to its own folder, with the Linux Landlock security module.

Bulk grading runs many students' code as the same user as the grader. Inside the worker, before
TensorFlow starts any thread and before the student's file is imported, :func:`confine` lets the
process read only what running an exercise needs (Python, the installed packages, the grader's
code, the exercise specs, the datasets, the student's own folder) and write only its own run
folder. Everything else, the reference solutions and their trained models, other students' folders,
the gradebook, the grader's and the kit's files, can be neither read nor written.

Example (in a fresh process, before importing keras):
>>> confine(read=["/data"], write=["/tmp/run-1"])     # doctest: +SKIP
True
"""

import os
import sys
import sysconfig
from pathlib import Path

# Read-only everywhere a Python program and its native libraries look.
SYSTEM_READ = ["/usr", "/lib", "/lib32", "/lib64", "/bin", "/sbin", "/etc", "/opt", "/proc", "/sys",
               "/dev/urandom", "/dev/random", "/dev/zero"]
DEVICE_WRITE = ["/dev/null"]


def available():
    """Whether this kernel can confine a process (Landlock, and the ``landlock`` package)."""
    try:
        from landlock import landlock_abi_version
        return landlock_abi_version() >= 1
    except Exception:  # not Linux, Landlock disabled, package missing
        return False


def python_paths():
    """The interpreter's and the environment's folders (read-only)."""
    paths = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}
    paths.update(value for value in sysconfig.get_paths().values())
    return sorted(paths)


def confine(read, write):
    """Restrict this process and its future children: read ``read`` (+ system and Python
    folders), read and write ``write``. Returns ``False`` (and changes nothing) when the kernel
    has no Landlock. Must run before any other thread starts: threads already running keep their
    freedom."""
    if not available():
        return False
    from landlock import FSAccess, Ruleset

    read_only = FSAccess.READ_FILE | FSAccess.READ_DIR | FSAccess.EXECUTE
    ruleset = Ruleset()
    for path in [*SYSTEM_READ, *python_paths(), *read]:
        _allow(ruleset, path, read_only)
    for path in DEVICE_WRITE:
        _allow(ruleset, path, FSAccess.READ_FILE | FSAccess.WRITE_FILE)
    for path in write:
        _allow(ruleset, path, FSAccess.all())
    ruleset.apply()
    return True


def _allow(ruleset, path, rights):
    from landlock import FSAccess

    path = Path(path)
    if not path.exists():
        return
    if not path.is_dir():  # files take file rights only
        rights &= FSAccess.all_file()
    ruleset.allow(os.fspath(path), rules=rights)
