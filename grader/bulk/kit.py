"""What makes two machines grade alike: the kit's code and the library versions (the *identity*),
and the exercise's spec and reference solution, which travel with each job.

A worker grades only when its identity is the lead's: the same grader, loaders and messages
(compared by content, so a copy that is not a git checkout compares too) and the same versions
of the libraries results depend on. The git commit is shown to say which kit each one has.

Example:
>>> lead = kit_identity()
>>> differences(lead, lead)
[]
>>> differences(lead, {**lead, "libraries": {**lead["libraries"], "keras": "3.0.0"}})
['keras 3.0.0 (here: 3.15.1)']                                            # doctest: +SKIP
"""

import hashlib
import os
import subprocess
import tempfile
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from messages import _

from ..environment import LIBRARIES, PROJECT_ROOT

# The libraries the grading depends on beyond those of every result key: how students' files are
# read (encodings, notebooks) and how the bulk side talks to its workers.
GRADING_LIBRARIES = LIBRARIES + ("charset-normalizer", "jupytext", "nbformat", "dask",
                                 "distributed", "cloudpickle")


def _code_files():
    root = PROJECT_ROOT
    files = [path for path in (root / "grader").rglob("*")
             if path.is_file() and "__pycache__" not in path.parts]
    files += list((root / "datasets").glob("*.py"))
    files += [path for path in (root / "messages").rglob("*") if path.suffix in (".py", ".po")]
    return sorted(files)


@lru_cache(maxsize=1)
def kit_identity():
    """``{"code": digest, "commit": "abc1234" or "", "libraries": {name: version}}`` of this
    machine's kit (computed once per process)."""
    digest = hashlib.sha256()
    for path in _code_files():
        digest.update(str(path.relative_to(PROJECT_ROOT)).encode() + b"\0" + path.read_bytes())
    libraries = {}
    for name in GRADING_LIBRARIES:
        try:
            libraries[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            libraries[name] = "none"
    return {"code": digest.hexdigest()[:16], "commit": _commit(), "libraries": libraries}


def _commit():
    """``"7d453dc"``, ``"7d453dc+changes"`` when files differ from that commit, ``""`` when the
    kit is not a git checkout."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=PROJECT_ROOT,
                              capture_output=True, text=True, timeout=10)
        changed = subprocess.run(["git", "diff", "--quiet", "HEAD", "--", "grader", "datasets",
                                  "messages"], cwd=PROJECT_ROOT, capture_output=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return ""
    if head.returncode != 0:
        return ""
    return head.stdout.strip() + ("+changes" if changed.returncode == 1 else "")


def differences(lead, worker):
    """What differs between the lead's identity and a worker's, as short phrases (``[]``: none)."""
    found = []
    if worker["code"] != lead["code"]:
        found.append(_("the kit's code (commit {worker}, here: {lead})").format(
            worker=worker["commit"] or "?", lead=lead["commit"] or "?"))
    for name, version in sorted(lead["libraries"].items()):
        theirs = worker["libraries"].get(name, "none")
        if theirs != version:
            found.append(_("{library} {version} (here: {lead})").format(
                library=name, version=theirs, lead=version))
    return found


def exercise_files(spec, solutions_dir):
    """The spec and the reference solution of one exercise, as ``{relative path: bytes}``: they
    travel with each job, so a worker needs no copy of the lead's ``--kit``."""
    solution = Path(solutions_dir) / spec.module
    return {f"specs/{spec.path.name}": spec.path.read_bytes(),
            f"solutions/{spec.module}": solution.read_bytes() if solution.is_file() else b""}


def unpack(files, root):
    """Write ``files`` (from :func:`exercise_files`) into a kit folder under ``root`` named by
    their content, once per machine; returns that folder (for ``--kit``)."""
    digest = hashlib.sha256()
    for name, content in sorted(files.items()):
        digest.update(name.encode() + b"\0" + hashlib.sha256(content).digest())
    folder = Path(root) / digest.hexdigest()[:16]
    if folder.is_dir():
        return folder
    Path(root).mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix="building-", dir=root))
    for name, content in files.items():
        path = building / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if content or not name.startswith("solutions/"):
            path.write_bytes(content)
    try:
        os.rename(building, folder)  # whole or not at all; another slot may have won the race
    except OSError:
        import shutil
        shutil.rmtree(building, ignore_errors=True)
    return folder
