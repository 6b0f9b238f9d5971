"""Knowing when a file needs grading again: a fingerprint of everything a result depends on,
and the cache of ``make grade`` results built on it.

A result depends on the student's file, the spec, the reference solution, the grader's and the
loaders' code, the data, the options and the library versions. Change any one and the key
changes; keep them all and the earlier result is the same one grading again would give.

Example:
>>> cache = ResultCache(Path(".grader"))                                   # doctest: +SKIP
>>> key = result_key(grading_fingerprint(spec, "solutions/iris.py", options),
...                  Path("exercises/iris.py").read_bytes())              # doctest: +SKIP
>>> cache.get(spec, "exercises/iris.py", key)  # None, or (result, age)  # doctest: +SKIP
"""

import hashlib
import json
import os
import time
from pathlib import Path

import messages

from .environment import PROJECT_ROOT, library_versions


def grading_fingerprint(spec, solution_file, options):
    """What a result depends on besides the student's file (hex digest)."""
    key = hashlib.sha256()
    code = sorted((PROJECT_ROOT / "grader").rglob("*.py")) + sorted(
        (PROJECT_ROOT / "datasets").glob("*.py")) + sorted(
        (PROJECT_ROOT / "messages").rglob("*.py")) + sorted(
        (PROJECT_ROOT / "messages").rglob("*.po"))  # the words of the result (.mo: made from .po)
    for path in [spec.path, Path(solution_file), *code]:
        _hash_file(key, path)
    key.update(json.dumps([options.seed, options.time_limit, options.time_limit_scale,
                           options.memory_limit, options.sandbox, options.max_file_bytes,
                           options.max_output_bytes, options.stop_after, options.only,
                           library_versions(), messages.language(),
                           data_fingerprint(options.data_dir)],
                          default=str).encode())
    return key.hexdigest()


def _hash_file(key, path):
    """Add the content of the file at ``path`` (none if it is missing) to the hash ``key``,
    through a buffer zeroed afterwards: the command's warm process may be forked from this
    process later (:func:`grader.warm.fork_here`), and the students' runs it starts must not
    find the reference solution's text in the memory they begin with."""
    try:
        with open(path, "rb", buffering=0) as file:
            buffer = bytearray(os.fstat(file.fileno()).st_size)
            size = file.readinto(buffer)
    except OSError:
        return
    key.update(memoryview(buffer)[:size])
    buffer[:] = bytes(len(buffer))


def data_fingerprint(data_dir=None):
    """Every dataset file the loaders could read (data dir, Keras cache, Kaggle cache), by path,
    size and modification time: replacing, re-downloading or touching one changes it. (The
    loaders also check each file's sha256 when they read it.)"""
    from datasets._files import data_dir as chosen_data_dir, keras_home

    folders = [chosen_data_dir(data_dir), keras_home() / "datasets",
               Path.home() / ".cache" / "kagglehub"]
    seen = []
    for folder in filter(None, folders):
        for root, _folders, files in os.walk(folder):
            for name in sorted(files):
                path = Path(root) / name
                try:
                    stat = path.stat()
                except OSError:
                    continue
                seen.append([str(path.resolve()), stat.st_size, stat.st_mtime_ns])
    return sorted(seen)


def result_key(fingerprint, student_bytes):
    """The key of one file's result: the fingerprint and the file's content."""
    return hashlib.sha256(fingerprint.encode() + b":" + hashlib.sha256(
        student_bytes).hexdigest().encode()).hexdigest()


class ResultCache:
    """The latest result of each (exercise, student file), kept with the key it was graded under.

    One small JSON file per exercise file in ``folder``; a different key is a miss (and the next
    result replaces the entry).
    """

    def __init__(self, folder):
        self.folder = Path(folder)

    def _entry(self, spec, student_file):
        where = hashlib.sha256(str(Path(student_file).resolve()).encode()).hexdigest()[:16]
        return self.folder / f"{spec.id}-{where}.json"

    def get(self, spec, student_file, key):
        """``(ExerciseResult, seconds since it was graded)``, or None."""
        from .results import ExerciseResult

        try:
            entry = json.loads(self._entry(spec, student_file).read_text())
            if entry["key"] != key:
                return None
            return ExerciseResult.from_dict(entry["result"]), time.time() - entry["graded_at"]
        except (OSError, ValueError, KeyError, TypeError):  # none yet, or unreadable: grade
            return None

    def put(self, spec, student_file, key, result):
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self._entry(spec, student_file)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps({"key": key, "graded_at": time.time(),
                                         "result": result.to_dict()}, default=str))
        os.replace(temporary, path)
