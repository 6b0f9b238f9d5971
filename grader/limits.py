"""How long a student's step may run, measured against the machine it runs on.

A step's limit is :data:`TIME_FACTOR` times the reference solution's own time for that step on
the same machine (kept with the cached reference run, see :func:`grader.reference.reference_run`),
never less than the spec's ``time_limit`` for the step (its floor), times ``--time-limit-scale``.
A machine three times slower measures a reference three times slower, so it gives the same
verdicts; a loaded Dask worker has the factor's headroom; an endless loop is still stopped.

Only the student's own function is timed against it: the grader's work around a step (loading
the models it is given, saving what it returns) has :data:`GRADER_TIME_LIMIT` of its own.

Example:
>>> from grader.spec import load_spec
>>> limits = step_limits(load_spec("iris"), scale=1.0,
...                      reference={"train_model": {"status": "ok", "elapsed": 80.0}})
>>> limits["train_model"].seconds, limits["load_data"].seconds
(800.0, 60.0)
"""

from dataclasses import dataclass

from messages import _

TIME_FACTOR = 10             # a step may take this many times the reference's own time
STARTUP_TIME_LIMIT = 180.0   # the worker importing TensorFlow: not the student's time
IMPORT_TIME_LIMIT = 60.0     # floor for running the student's file's top level
GRADER_TIME_LIMIT = 300.0    # the grader's own work around one step (loading, saving models)


@dataclass(frozen=True)
class Limit:
    """One step's time limit, and where it comes from."""

    seconds: float
    floor: float                  # the spec's minimum for the step (before the scale)
    measured: float | None = None  # the reference's own seconds for it on this machine
    scale: float = 1.0

    def explained(self):
        """Why the limit is what it is, in the student's words."""
        if self.measured is not None and TIME_FACTOR * self.measured > self.floor:
            why = _("{factor} x the reference solution's {measured:.1f} s on this "
                    "machine").format(factor=TIME_FACTOR, measured=self.measured)
        else:
            why = _("the exercise's minimum for this step")
        if self.scale != 1:
            why += " " + _("x {scale:g} (--time-limit-scale)").format(scale=self.scale)
        return why


def step_limits(spec, scale=1.0, reference=None):
    """``{step name: Limit}`` for every step of ``spec``, and ``"import"`` for the file's top
    level; ``reference``: the reference run's records (``None``: not measured yet, the floors)."""
    reference = reference or {}
    floors = {step.name: step.time_limit for step in spec.steps}
    floors["import"] = IMPORT_TIME_LIMIT
    limits = {}
    for name, floor in floors.items():
        record = reference.get(name)
        measured = record.elapsed if record is not None and record.ok else None
        measured = float(measured) if isinstance(measured, (int, float)) else None
        base = max(floor, TIME_FACTOR * measured) if measured is not None else floor
        limits[name] = Limit(base * scale, floor, measured, scale)
    return limits


def file_limit(limits, whole_file=None):
    """Seconds for a whole file: ``whole_file`` (``--time-limit``) if given, else every step's
    limit, the file's top level, TensorFlow's import and one allowance for the grader's work."""
    if whole_file:
        return whole_file
    return sum(limit.seconds for limit in limits.values()) + STARTUP_TIME_LIMIT + \
        GRADER_TIME_LIMIT
