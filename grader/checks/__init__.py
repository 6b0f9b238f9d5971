"""The checking engine: a registry of small, independent checks.

Each step in a spec names one check (``check = "architecture"``). A check is a plain function that
takes a :class:`StepContext` (what the student's step returned, the reference result, the inputs
the step was given, the spec) and returns a :class:`Finding`: passed or not, and if not, what was
expected, what was found and what to try.

Example:
>>> STEP_CHECKS["same_as_reference"].__name__
'check_same_as_reference'
"""

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


def fail(message, expected="", found="", hint="", details=None):
    return Finding(False, message=message, expected=str(expected), found=str(found), hint=hint,
                   details=list(details or []))


PASS = Finding(True)

from . import (accuracy, architecture, compile, experiments, figures,  # noqa: E402,F401
               numpy_net, regression, text, training, values)  # (fill the registry)
