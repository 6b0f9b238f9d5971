"""The order in which a cohort's files go to the grading slots: the longest first.

A slot that starts a long file last keeps the whole cohort waiting while the other slots sit
idle, so files are handed out longest first (the LPT rule of scheduling). A file's expected
time is its exercise's reference run on this machine (when it is cached here); a file that will
be over in seconds goes last: the untouched stub, a file that does not parse or cannot be read.

Example::

    ranked = longest_first(jobs, solutions_dir, settings.run_options())
    # ranked[0] is graded first
"""

import ast

from ..records import read_records
from ..reference import reference_folder, reference_ready
from ..sources import SourceError, only_stubs, read_source

UNKNOWN_SECONDS = 1.0  # an exercise not yet run here: the others' order is kept


def longest_first(jobs, solutions_dir, options):
    """``jobs`` sorted by expected grading time, longest first (ties keep their order)."""
    seconds = {}
    for job in jobs:
        if job.spec.id not in seconds:
            seconds[job.spec.id] = reference_seconds(job.spec, solutions_dir / job.spec.module,
                                                     options)
    return sorted(jobs, key=lambda job: 0.0 if over_in_seconds(job.file)
                  else -seconds[job.spec.id])


def reference_seconds(spec, solution_path, options):
    """How long the reference solution's steps took on this machine, or
    :data:`UNKNOWN_SECONDS` when its run is not cached here."""
    if not reference_ready(spec, solution_path, options):
        return UNKNOWN_SECONDS
    records = read_records(reference_folder(spec, solution_path, options))
    return max(UNKNOWN_SECONDS, sum(record.elapsed or 0.0 for record in records.values()))


def over_in_seconds(path):
    """Whether grading the file at ``path`` ends before any training: it cannot be read, does
    not parse, or every function in it is still the stub."""
    try:
        tree = ast.parse(read_source(path)[0])
    except (SourceError, SyntaxError, ValueError):
        return True
    except OSError:
        return False
    return only_stubs(tree)
