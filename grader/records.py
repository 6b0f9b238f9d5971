"""A step's record: what the process that ran a student's file says about each step.

The worker (:mod:`grader.student_side.worker`) writes ``steps/<name>.result.json`` as each step
ends, and ``progress`` (the step running now) while it runs; the grader reads them back with
:func:`read_records` and :func:`read_progress`. Both sides of the trust boundary import this
module, with :mod:`grader.portable` (the step's values): it is the wire format.

The student's code runs in the process that writes these files, and may write them too, so
reading trusts nothing: a record of any other form is read as a step that crashed, never as
an exception in the grader.

Example:
>>> record = StepRecord.from_json({"status": "ok", "elapsed": 0.25, "notes": ["built"]})
>>> record.ok, record.elapsed, record.notes
(True, 0.25, ['built'])
>>> StepRecord.from_json(["not", "a", "record"]).status
'crashed'
"""

import json
import math
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

OK = "ok"
UNREADABLE = "the step's record was left half-written"


@dataclass
class StepRecord:
    """One step's run (or the file's top level, ``import``), as the worker recorded it."""

    status: str  # ok, not_done, error, exit, timeout, crashed, memory, grader_error
    error: str = ""
    hint: str = ""
    traceback: str = ""                 # the student's own frames
    elapsed: float | None = None        # seconds in the student's function
    platform: str = ""                  # (import) the Keras backend and device
    model: str = ""                     # the model it left, a file in ``models/``
    model_too_large: int = 0            # parameters of a model too large to save whole
    borrowed: list = field(default_factory=list)   # steps whose reference model it was lent
    fit_calls: list = field(default_factory=list)  # how fit was called (dicts)
    weights_replaced: bool = False      # a trained model's weights were swapped, not trained
    calls: list = field(default_factory=list)      # the file's own functions it used
    forbidden: list = field(default_factory=list)  # libraries a NumPy-only step used
    notes: list = field(default_factory=list)
    reached: list = field(default_factory=list)    # what it tried to reach past its run (dicts)

    @property
    def ok(self):
        return self.status == OK

    def to_json(self):
        return asdict(self)

    @classmethod
    def from_json(cls, data):
        """The record ``data`` (parsed JSON) holds; a crashed step's if it is not one."""
        if not isinstance(data, dict):
            return cls("crashed", error=UNREADABLE)
        values = {name: data[name] for name in FORMS if data.get(name) is not None}
        if "elapsed" in values:
            values["elapsed"] = _seconds(values["elapsed"])
        for name, value in values.items():
            form, entries = FORMS[name]
            if (not isinstance(value, form) or form is not bool and isinstance(value, bool)
                    or entries and not all(isinstance(entry, entries) for entry in value)):
                return cls("crashed", error=UNREADABLE)
        if "status" not in values or not _bare(values.get("model", "")):
            return cls("crashed", error=UNREADABLE)  # a model file outside models/: never read
        return cls(**values)


# Each field's JSON form, and its entries' for a list.
FORMS = {"status": (str, None), "error": (str, None), "hint": (str, None),
         "traceback": (str, None), "elapsed": (float, None), "platform": (str, None),
         "model": (str, None), "model_too_large": (int, None), "borrowed": (list, str),
         "fit_calls": (list, dict), "weights_replaced": (bool, None), "calls": (list, str),
         "forbidden": (list, str), "notes": (list, str), "reached": (list, dict)}


def _seconds(value):
    """A duration as a finite, non-negative float; ``"bad"`` (rejected) for anything else."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return "bad"
    try:
        seconds = float(value)
    except OverflowError:
        return "bad"
    return seconds if math.isfinite(seconds) and seconds >= 0 else "bad"


def _bare(name):
    """Whether ``name`` names a file in its folder (no path: nothing outside it)."""
    return isinstance(name, str) and "/" not in name and "\\" not in name and name not in (
        ".", "..")


def record_path(out, name):
    return Path(out) / "steps" / f"{name}.result.json"


def write_record(out, name, record):
    """Write a step's record (a :class:`StepRecord` or the dict of one) whole: never half."""
    data = record.to_json() if isinstance(record, StepRecord) else record
    temporary = Path(out) / "steps" / f"{name}.result.tmp"
    temporary.write_text(json.dumps(data, default=str))
    os.replace(temporary, record_path(out, name))


def read_record(out, name):
    """Step ``name``'s record; a blank one (status ``""``) if there is none yet."""
    path = record_path(out, name)
    return _read(path) if path.exists() else StepRecord("")


def read_records(out):
    """Every step record written so far in a run's folder, by step name."""
    return {path.name[: -len(".result.json")]: _read(path)
            for path in (Path(out) / "steps").glob("*.result.json")}


def _read(path):
    try:
        return StepRecord.from_json(json.loads(path.read_text()))
    except (OSError, ValueError, RecursionError):  # half-written, or nested past any record
        return StepRecord("crashed", error=UNREADABLE)


def read_progress(out):
    """The worker's current step: ``{"step", "index", "started"}`` (and ``phase``), or None
    before it starts (or if what is there is not that)."""
    try:
        state = json.loads((Path(out) / "progress").read_text())
    except (OSError, ValueError, RecursionError):
        return None
    if (not isinstance(state, dict) or not _bare(state.get("step")) or not state["step"]
            or isinstance(state.get("index"), bool) or not isinstance(state.get("index"), int)
            or state["index"] < -1 or _seconds(state.get("started")) == "bad"):
        return None
    state["started"] = float(state["started"])
    return state
