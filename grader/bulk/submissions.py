"""Finding each student's exercise files in a submissions folder.

One entry per student: a folder laid out like ``exercises/`` (possibly with only some of the
files, possibly one level down, as in ``kim/exercises/iris.py``) or a ``.zip`` of one. The
student's name is the entry's name (without ``.zip``). Each submission is copied into a working
folder of its own, so nothing a student's code does touches the original files.

Example:
>>> found = find_submissions("cohort/", "results/work", ["iris.py"])  # doctest: +SKIP
>>> found[0].name, sorted(found[0].files)                               # doctest: +SKIP
('kim', ['iris.py'])
"""

import shutil
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

MAX_UNZIPPED_BYTES = 50 * 2**20   # a zip of exercise files is a few hundred kB
MAX_ZIP_MEMBERS = 2000
SKIPPED_FOLDERS = {"__pycache__", "__MACOSX", ".git", ".venv", "venv", ".ipynb_checkpoints"}


class SubmissionError(Exception):
    """The submissions folder itself cannot be used (not a student's fault)."""


@dataclass
class Submission:
    name: str
    source: Path                                # the entry in the submissions folder
    folder: Path | None = None                  # the working copy the files were found in
    files: dict = field(default_factory=dict)   # module name ("iris.py") -> working-copy path
    problem: str = ""                           # why nothing could be read (a broken zip, ...)


def find_submissions(submissions_dir, work_dir, modules):
    """A :class:`Submission` per entry of ``submissions_dir``, sorted by name, each copied
    under ``work_dir``. ``modules`` are the exercise file names to look for."""
    submissions_dir, work_dir = Path(submissions_dir), Path(work_dir)
    if not submissions_dir.is_dir():
        raise SubmissionError(f"{submissions_dir} is not a folder. Fix: pass the folder that has "
                              f"one sub-folder or .zip per student.")
    entries = {}
    for entry in sorted(submissions_dir.iterdir()):
        if entry.name.startswith("."):
            continue
        name = entry.stem if entry.suffix.lower() == ".zip" and entry.is_file() else entry.name
        if not (entry.is_dir() or entry.suffix.lower() == ".zip"):
            continue  # a stray file (a class list, a README): not a submission
        if name in entries:
            raise SubmissionError(f"two entries for the student {name!r} in {submissions_dir}: "
                                  f"{entries[name].source.name} and {entry.name}. Fix: keep one.")
        entries[name] = Submission(name, entry)
    for submission in entries.values():
        _copy(submission, work_dir / submission.name, modules)
    return list(entries.values())


def _copy(submission, target, modules):
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    try:
        if submission.source.is_dir():
            _copy_tree(submission.source, target)
        else:
            _unzip(submission.source, target)
    except (OSError, zipfile.BadZipFile, ValueError) as error:
        submission.problem = f"could not read {submission.source.name}: {error}"
        return
    folder = _exercise_folder(target, modules)
    submission.folder = folder
    if folder is not None:
        submission.files = {module: folder / module for module in modules
                            if (folder / module).is_file()}


def _copy_tree(source, target):
    """The entry's files, without symlinks (they could point anywhere) or tool folders."""
    for path in sorted(source.rglob("*")):
        relative = path.relative_to(source)
        if any(part in SKIPPED_FOLDERS for part in relative.parts) or path.is_symlink():
            continue
        if path.is_dir():
            (target / relative).mkdir(parents=True, exist_ok=True)
        elif path.is_file() and path.stat().st_size <= MAX_UNZIPPED_BYTES:
            (target / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target / relative)


def _unzip(archive, target):
    """Extract safely: no absolute paths or ``..``, no symlinks, bounded size and count."""
    with zipfile.ZipFile(archive) as bundle:
        members = bundle.infolist()
        if len(members) > MAX_ZIP_MEMBERS:
            raise ValueError(f"{len(members)} files in the zip (at most {MAX_ZIP_MEMBERS})")
        if sum(member.file_size for member in members) > MAX_UNZIPPED_BYTES:
            raise ValueError(f"it unpacks to more than {MAX_UNZIPPED_BYTES >> 20} MB")
        for member in members:
            parts = Path(member.filename.replace("\\", "/")).parts
            if (member.filename.startswith(("/", "\\")) or ".." in parts
                    or stat.S_ISLNK(member.external_attr >> 16)
                    or any(part in SKIPPED_FOLDERS for part in parts)):
                continue
            destination = target.joinpath(*parts)
            if member.is_dir():
                destination.mkdir(parents=True, exist_ok=True)
                continue
            destination.parent.mkdir(parents=True, exist_ok=True)
            with bundle.open(member) as source, open(destination, "wb") as copy:
                shutil.copyfileobj(source, copy)


def _exercise_folder(root, modules):
    """The shallowest folder holding any of the exercise files (``None``: there is none)."""
    found = [path.parent for module in modules for path in root.rglob(module) if path.is_file()]
    if not found:
        return None
    return min(found, key=lambda folder: (len(folder.relative_to(root).parts), str(folder)))
