"""Scratch folders for grading runs, all under one folder the grader owns.

Each run's folder (the student's working folder, its step records, the inputs it was given) lives
under ``$TMPDIR/kit-grader-<uid>/`` and is named after the grader process that made it. A run
killed with ``kill -9`` (or a power cut) cannot remove its own folder; the next grader that starts
removes every folder whose process is gone.

Example:
>>> folder = new_folder("grade-iris")       # doctest: +SKIP
>>> folder.name                             # doctest: +SKIP
'grade-iris-4242-k3j2h1'
"""

import os
import re
import shutil
import tempfile
import threading
from pathlib import Path

_cleared = threading.Event()
OWNER = re.compile(r"-(\d+)-[^-]+$")


def root():
    """The grader's own scratch folder (one per user)."""
    return Path(tempfile.gettempdir()) / f"kit-grader-{os.getuid()}"


def new_folder(prefix):
    """A new, empty folder for one run; what dead runs left is cleared first (once a process)."""
    base = root()
    base.mkdir(mode=0o700, exist_ok=True)
    if not _cleared.is_set():
        _cleared.set()
        clear_abandoned(base)
    return Path(tempfile.mkdtemp(prefix=f"{prefix}-{os.getpid()}-", dir=base))


def clear_abandoned(base=None):
    """Remove the folders of grader processes that no longer run. Returns their names."""
    import psutil

    removed = []
    for folder in sorted(Path(base or root()).iterdir()):
        owner = OWNER.search(folder.name)
        if folder.is_dir() and owner and not _alive(int(owner.group(1)), folder, psutil):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder.name)
    return removed


def _alive(pid, folder, psutil):
    """Whether process ``pid`` runs and is the one that made ``folder`` (not a later process
    that was given the same number)."""
    try:
        started = psutil.Process(pid).create_time()
    except psutil.Error:
        return False
    return started <= folder.stat().st_mtime + 1
