"""The reference solution's run, kept: every student's file is graded against it.

Built once per exercise, machine and seed (the folder is named by everything the run depends on:
the solution, the spec, the code that runs it, the data loaders, the library versions), and read
back by every grading after, also by other processes (bulk's slots) at the same time.
"""

import fcntl
import hashlib
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path

from .environment import PROJECT_ROOT, library_versions
from .errors import Cancelled, GraderError
from .records import read_records
from .runner import MAX_FILE_BYTES, Run, run_file

LOCK_POLL_SECONDS = 0.2


def reference_run(spec, solution_path, options, on_build=None):
    """The reference solution's results for ``spec`` (cached: computed once per content).
    ``on_build()`` is called first when it has to be computed (for a progress line)."""
    folder = reference_folder(spec, solution_path, options)
    folder.parent.mkdir(parents=True, exist_ok=True)
    with open(folder.with_suffix(".lock"), "w") as lock:
        _take(lock, options)  # parallel graders build each reference once
        if not (folder / "complete").exists():
            if on_build:
                on_build()
            _build_reference(spec, solution_path, folder, options)
    return Run(folder, read_records(folder))


def _take(lock, options):
    """Hold ``lock``, waiting for another grader building the same reference (a minute or more);
    a cancelled grading (watch mode's, :attr:`grader.runner.RunOptions.cancel`) stops waiting."""
    if options.cancel is None:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return
    while True:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if options.cancel.wait(LOCK_POLL_SECONDS):
                raise Cancelled() from None


def reference_ready(spec, solution_path, options):
    """Whether the reference run is already cached (:func:`reference_run` returns at once)."""
    return (reference_folder(spec, solution_path, options) / "complete").exists()


def reference_folder(spec, solution_path, options):
    """Where the reference run is kept: named by what it depends on."""
    key = hashlib.sha256()
    here = Path(__file__).parent
    code = [*sorted((here / "student_side").glob("*.py")),  # what the reference run executes
            *(here / name for name in ("portable.py", "records.py", "rows.py", "sources.py",
                                       "spec.py")),
            *sorted((PROJECT_ROOT / "datasets").glob("*.py"))]
    for path in [solution_path, spec.path, *code]:
        key.update(Path(path).read_bytes())
    key.update(f"seed={options.seed} {' '.join(library_versions())}".encode())
    return Path(options.cache_dir) / "reference" / f"{spec.id}-{key.hexdigest()[:16]}"


def _build_reference(spec, solution_path, folder, options):
    building = Path(tempfile.mkdtemp(prefix=f"{spec.id}-", dir=folder.parent))
    # The kit's own code: none of the limits meant for students' files.
    trusted = replace(options, sandbox=False, memory_limit=None, time_limit=None,
                      max_file_bytes=MAX_FILE_BYTES)
    try:
        run = run_file(spec, solution_path, building, trusted)
    except Cancelled:
        shutil.rmtree(building, ignore_errors=True)
        raise
    broken = {name: record for name, record in run.records.items() if not record.ok}
    if broken or len(run.records) < len(spec.steps) + 1:
        first = next((step.name for step in spec.run_order if step.name in broken), None)
        detail = "some steps did not run"
        if first:  # the first broken step is the cause; later ones only lack its result
            record = broken[first]
            detail = f"step {first}: {record.error or record.status}"
            if len(broken) > 1:
                detail += f"; {len(broken) - 1} later step(s) could not run without it"
        raise GraderError(f"the reference solution {solution_path} failed ({detail}); "
                          f"its output is in {building}")
    (building / "complete").write_text("")
    shutil.rmtree(folder, ignore_errors=True)
    building.rename(folder)

