"""Finding each student's exercise files in a submissions folder.

One entry per student: a folder laid out like ``exercises/`` (possibly with only some of the
files, possibly further down, as in ``kim/exercises/iris.py``) or a ``.zip`` of one, however it was
zipped: a zip of the student's whole kit folder (``.venv/``, ``.git/``, thousands of files) is
fine, because only the exercise files are taken out of it, each under a size cap. The student's
name is the entry's name (without ``.zip``). Each submission's exercise files are copied into a
working folder of its own, so nothing a student's code does touches the original files.

Example:
>>> found = find_submissions("cohort/", "results/work", ["iris.py"])  # doctest: +SKIP
>>> found[0].name, sorted(found[0].files)                               # doctest: +SKIP
('kim', ['iris.py'])
"""

import os
import re
import shutil
import stat
import struct
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from messages import _

from ..sources import find_exercise_file, forms, normal_name, symlink_problem

MAX_FILE_BYTES = 20 * 2**20       # one exercise file (a notebook with pictures can be large)
MAX_TAKEN_BYTES = 50 * 2**20      # all the files taken from one submission
MAX_ENTRIES = 200_000             # files listed in one submission (a whole kit has ~5,000)
SKIPPED_FOLDERS = {"__pycache__", "__MACOSX", ".git", ".venv", "venv", "env",
                   ".ipynb_checkpoints", "site-packages", "node_modules", ".grader"}
NOT_THE_STUDENTS = {"solutions"}  # the kit's reference solutions, when a whole kit is zipped


class SubmissionError(Exception):
    """The submissions folder itself cannot be used (not a student's fault)."""


@dataclass
class Submission:
    name: str
    source: Path                                # the entry in the submissions folder
    folder: Path | None = None                  # the working copy the files were found in
    files: dict = field(default_factory=dict)   # module name ("iris.py") -> working-copy path
    problems: dict = field(default_factory=dict)  # module -> why it cannot be graded
    problem: str = ""                           # why nothing could be read (a broken zip, ...)

    def problem_for(self, module):
        return self.problems.get(module) or self.problem


@dataclass
class _Entry:
    """One file of a submission, from a folder or a zip."""

    parts: tuple          # its path inside the submission
    size: int
    link: bool = False
    source: object = None  # a Path, or a zipfile.ZipInfo


def find_submissions(submissions_dir, work_dir, modules):
    """A :class:`Submission` per entry of ``submissions_dir``, sorted by name, each copied
    under ``work_dir``. ``modules`` are the exercise file names to look for."""
    submissions_dir, work_dir = Path(submissions_dir), Path(work_dir)
    if not submissions_dir.is_dir():
        raise SubmissionError(_("{folder} is not a folder. Fix: pass the folder that has one "
                                "sub-folder or .zip per student.").format(folder=submissions_dir))
    entries = {}
    for entry in sorted(submissions_dir.iterdir()):
        if entry.name.startswith("."):
            continue
        name = entry.stem if entry.suffix.lower() == ".zip" and entry.is_file() else entry.name
        if not (entry.is_dir() or entry.suffix.lower() == ".zip"):
            continue  # a stray file (a class list, a README): not a submission
        if name in entries:
            raise SubmissionError(_("two entries for the student {name!r} in {folder}: {first} "
                                    "and {second}. Fix: keep one.").format(
                name=name, folder=submissions_dir, first=entries[name].source.name,
                second=entry.name))
        entries[name] = Submission(name, entry)
    for submission in entries.values():
        _copy(submission, work_dir / submission.name, modules)
    return list(entries.values())


def _copy(submission, target, modules):
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    source = submission.source
    try:
        if source.is_dir():
            _take(_folder_entries(source), target, modules, submission, _read_file)
        else:
            with zipfile.ZipFile(source) as bundle:
                _take(_zip_entries(bundle), target, modules, submission,
                      lambda info: bundle.open(info))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError,
            ValueError, EOFError) as error:
        why = _("could not read {file}: {error}").format(file=source.name, error=error)
        if source.is_file():
            why += " (the zip is damaged or incomplete: make it again and hand it in again)"
            held = _names_in_damaged_zip(source, modules)
            if held:  # an error for the exercises it held, the others stay missing
                submission.problems.update({module: why for module in held})
                return
        submission.problem = why
        return
    folder = submission.folder
    if folder is None:
        return
    for module in modules:
        found = find_exercise_file(folder, module)
        if found.path is not None:  # a near-miss name too: the grader notes it
            submission.files[module] = found.path
            submission.problems.pop(module, None)  # a real file beside a link or a huge copy
        elif found.problem:
            submission.problems[module] = found.problem


def _folder_entries(root):
    """The submission folder's files (without following links), tool folders left out."""
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = sorted(name for name in subfolders if name not in SKIPPED_FOLDERS
                               and not (Path(folder) / name).is_symlink())
        for name in sorted(files):
            path = Path(folder) / name
            link = path.is_symlink()
            yield _Entry(path.relative_to(root).parts, 0 if link else path.lstat().st_size,
                         link, path)


def _zip_entries(bundle):
    """The zip's members, except any that could land outside its folder."""
    for count, info in enumerate(bundle.infolist()):
        if count >= MAX_ENTRIES:
            raise ValueError(_("more than {count:,} files in the zip").format(count=MAX_ENTRIES))
        name = info.filename.replace("\\", "/")
        parts = PurePosixPath(name).parts
        if info.is_dir() or name.startswith("/") or ".." in parts or re.match(r"^[A-Za-z]:", name):
            continue
        yield _Entry(parts, info.file_size, stat.S_ISLNK(info.external_attr >> 16), info)


def _read_file(path):
    return open(path, "rb")


def _take(entries, target, modules, submission, opener):
    """Copy to ``target`` the exercise files of the folder that holds them, each under the caps."""
    wanted = {form: module for module in modules for form in forms(module)}  # iris.ipynb: iris.py
    candidates = [entry for entry in entries
                  if not SKIPPED_FOLDERS & set(entry.parts[:-1])
                  and normal_name(entry.parts[-1]) in wanted]
    folder = _exercise_folder([entry.parts[:-1] for entry in candidates])
    if folder is None:
        return
    destination = target.joinpath(*folder)
    destination.mkdir(parents=True, exist_ok=True)
    submission.folder = destination
    taken = 0
    for entry in candidates:
        if entry.parts[:-1] != folder:
            continue
        path = destination / entry.parts[-1]
        if entry.link:  # never followed, never copied: it could point at anything
            module = wanted[normal_name(entry.parts[-1])]
            submission.problems[module] = symlink_problem(entry.parts[-1], module)
            continue
        if entry.size > MAX_FILE_BYTES:
            submission.problems[wanted[normal_name(entry.parts[-1])]] = _too_big(entry)
            continue
        with opener(entry.source) as source, open(path, "wb") as copy:
            size = _copy_capped(source, copy, min(MAX_FILE_BYTES, MAX_TAKEN_BYTES - taken))
        if size is None:  # the header lied about the size, or the total ran out
            path.unlink()
            submission.problems[wanted[normal_name(entry.parts[-1])]] = _too_big(entry)
            continue
        taken += size
        saved = _saved_at(entry.source)  # kept: of a script and a notebook, the newer is graded
        os.utime(path, (saved, saved))


def _saved_at(source):
    """When a file was last saved: its modification time, or a zip member's date."""
    if isinstance(source, zipfile.ZipInfo):
        return time.mktime((*source.date_time, 0, 0, -1))
    return Path(source).stat().st_mtime


def _too_big(entry):
    return _("{file} is larger than {size} MB, far more than an exercise file: hand in the "
             "exercise file itself").format(file="/".join(entry.parts), size=MAX_FILE_BYTES >> 20)


def _copy_capped(source, copy, limit):
    """Copy at most ``limit`` bytes; ``None`` if there were more."""
    size = 0
    while chunk := source.read(1 << 16):
        size += len(chunk)
        if size > limit:
            return None
        copy.write(chunk)
    return size


def _exercise_folder(folders):
    """Of the folders holding exercise files, the one that is the student's: the shallowest,
    preferring one called ``exercises``, never the kit's ``solutions``."""
    usable = [folder for folder in folders if not NOT_THE_STUDENTS & set(folder)]
    if not usable:
        return None
    return min(usable, key=lambda folder: (len(folder), folder[-1:] != ("exercises",), folder))


LOCAL_HEADER = b"PK\x03\x04"


def _names_in_damaged_zip(path, modules):
    """The exercise modules whose names appear in a damaged zip's local file headers (a zip
    whose end is cut off still has them): the exercises it could have held."""
    data = Path(path).read_bytes()[:MAX_TAKEN_BYTES * 4]
    held = set()
    for match in re.finditer(re.escape(LOCAL_HEADER), data):
        header = data[match.start(): match.start() + 30]
        if len(header) < 30:
            break
        name_length = struct.unpack("<H", header[26:28])[0]
        raw = data[match.start() + 30: match.start() + 30 + name_length]
        name = normal_name(PurePosixPath(raw.decode("utf-8", "replace").replace("\\", "/")).name)
        held.update(module for module in modules if name in forms(module))
    return sorted(held)
