"""The autograder: runs exercise files in a separate process and checks each step.

Public API:

* :func:`grade_exercise` grades one file against a spec;
* :func:`load_spec` reads an exercise spec (``grader/specs/<id>.toml``);
* ``python -m grader`` is the command line (see ``python -m grader --help``).
"""

from .grading import ExerciseResult, Verdict, grade_exercise
from .runner import GraderError, RunOptions
from .spec import SpecError, available_exercises, load_spec

__all__ = ["ExerciseResult", "GraderError", "RunOptions", "SpecError", "Verdict",
           "available_exercises", "grade_exercise", "load_spec"]
