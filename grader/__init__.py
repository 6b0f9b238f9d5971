"""The autograder: runs exercise files in a separate process and checks each step.

Public API:

* :func:`grade_exercise` grades one file against a spec;
* :func:`load_spec` reads an exercise spec (``grader/specs/<id>.toml``);
* ``python -m grader`` is the command line (see ``python -m grader --help``).
"""

import importlib

# Where each public name lives. Imported on first use, so that the small processes the grader
# starts (the reaper, the sandbox probe) load nothing heavy: a thread that numpy's BLAS starts
# on import would keep the reaper from entering its namespaces.
_PUBLIC = {"ExerciseResult": "grading", "Verdict": "grading", "grade_exercise": "grading",
           "GraderError": "runner", "RunOptions": "runner", "SpecError": "spec",
           "available_exercises": "spec", "load_spec": "spec"}
__all__ = sorted(_PUBLIC)


def __getattr__(name):
    if name not in _PUBLIC:
        raise AttributeError(f"module 'grader' has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_PUBLIC[name]}", __name__), name)
