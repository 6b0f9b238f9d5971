"""The checking engine: a registry of small, independent checks.

Each step in a spec names one check (``check = "architecture"``). A check is a plain function that
takes a :class:`StepContext` (what the student's step returned, the reference result, the inputs
the step was given, the spec) and returns a :class:`Finding`: passed or not, and if not, what was
expected, what was found and what to try, and the kind of mistake as data (``mistakes``: a stable
code such as ``"architecture.activation"`` and its parameters), so that a whole class's mistakes
can be grouped without reading the translated sentences (:mod:`grader.bulk.analysis`).

Example:
>>> STEP_CHECKS["same_as_reference"].__name__
'check_same_as_reference'
"""

import math
from dataclasses import dataclass, field

from ..records import OK, StepRecord

STEP_CHECKS = {}


def register(name):
    """Add a check function to the registry under ``name`` (the spec's ``check = name``)."""
    def add(function):
        STEP_CHECKS[name] = function
        return function
    return add


@dataclass(kw_only=True)
class Feedback:
    """What a student reads about a check. ``details`` holds extra lines (e.g. one per layer)."""

    message: str = ""
    expected: str = ""
    found: str = ""
    hint: str = ""
    details: list = field(default_factory=list)
    notes: list = field(default_factory=list)  # advice shown even when the check passes
    # what went wrong, as data: [{"code": "compile.loss", "params": {"expected": ..., ...}}]
    mistakes: list = field(default_factory=list)


@dataclass
class Finding(Feedback):
    """The outcome of one check."""

    passed: bool


@dataclass
class StepContext:
    """Everything a check may look at for one step."""

    spec: object
    step: object
    value: object = None           # what the student's function returned (decoded)
    model: object = None           # SavedModel the step left behind, or None
    model_path: object = None
    reference: object = None       # what the reference solution returned for the same inputs
    args: list = field(default_factory=list)  # the inputs the step was given (models: paths)
    record: StepRecord = field(default_factory=lambda: StepRecord(OK))  # timing, fit calls
    workdir: object = None         # the folder the student's code ran in (files it wrote)
    steps_dir: object = None       # the run's step records (and files the worker noted)
    lookup: object = None          # lookup("step[0]"): a value the spec names, as the step saw it
    borrowed: list = field(default_factory=list)  # the steps whose model the step was lent


class Problem(str):
    """A sentence saying what is wrong, carrying the mistake behind it as data: a stable ``code``
    and its parameters (plain JSON values, never translated words).

    >>> problem = Problem("optimizer: expected Adam, found SGD", "compile.optimizer",
    ...                   expected="Adam", found="SGD")
    >>> problem.startswith("optimizer"), problem.mistake
    (True, {'code': 'compile.optimizer', 'params': {'expected': 'Adam', 'found': 'SGD'}})
    """

    def __new__(cls, text, code, **params):
        problem = super().__new__(cls, text)
        problem.mistake = mistake(code, **params)
        return problem


def mistake(code, **params):
    """``{"code": code, "params": params}`` with the parameters as plain JSON values."""
    return {"code": code, "params": {key: _plain(value) for key, value in params.items()}}


def _plain(value):
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)  # (JSON has no NaN)
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if hasattr(value, "tolist"):  # a numpy array or number
        return _plain(value.tolist())
    if isinstance(value, (set, frozenset)):
        return sorted(_plain(item) for item in value)
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    return str(value)


def fail(message, expected="", found="", hint="", details=None, code=None, params=None):
    """A failed check. The mistake is ``code`` with ``params``, or, for a ``message`` and
    ``details`` that are :class:`Problem` sentences, theirs (each one a mistake)."""
    details = list(details or [])
    mistakes = ([mistake(code, **(params or {}))] if code else
                [{**item.mistake, "text": str(item)} for item in [message, *details]
                 if isinstance(item, Problem)])  # (the text: an example to show, not a key)
    return Finding(False, message=str(message), expected=str(expected), found=str(found),
                   hint=hint, details=[str(item) for item in details], mistakes=mistakes)


PASS = Finding(True)

from . import (accuracy, architecture, compile, experiments, figures,  # noqa: E402,F401
               numpy_net, regression, text, training, values)  # (fill the registry)
