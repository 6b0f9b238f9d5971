"""Running a student's (or the reference) exercise file in worker processes, step by step.

The worker (:mod:`.student_side.worker`) runs the steps in order and records each one as it
ends (:mod:`.records`). A step that runs past its time limit is stopped, a process that dies
mid-step (``os._exit``, a segfault) is noted (:mod:`.supervision`), and a fresh worker resumes at
the next step, so one bad step never costs the others their grade.

Example:
>>> from grader.spec import load_spec
>>> run = run_file(load_spec("iris"), "solutions/iris.py", "/tmp/iris-run",
...                RunOptions())                                            # doctest: +SKIP
>>> run.records["build_model"].status                                     # doctest: +SKIP
'ok'
"""

import shutil
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from messages import _

from . import portable, scratch, warm
from .environment import default_cache_dir
from .limits import file_limit, step_limits
from .records import StepRecord, read_records, record_path, write_record
from .spec import ArgRef
from .supervision import child_env, run_worker, starts_warm

MAX_FILE_BYTES = 1 << 30    # any one file the student's process writes (step records included:
                            # Fashion-MNIST's normalized images alone are 188 MB)
MAX_OUTPUT_BYTES = 16 << 20  # printed output kept in the log; the rest is dropped


@dataclass
class RunOptions:
    seed: int = 0
    data_dir: str | None = None
    time_limit_scale: float = 1.0
    cache_dir: Path = field(default_factory=lambda: default_cache_dir())
    keep: bool = False
    time_limit: float | None = None     # seconds for the whole file (all steps together)
    memory_limit: int | None = None     # MiB the student's process may use
    sandbox: bool = False               # confine the student's process (student_side.sandbox)
    max_file_bytes: int = MAX_FILE_BYTES
    max_output_bytes: int = MAX_OUTPUT_BYTES
    stop_after: str | None = None       # grade the run order up to this step only
    only: tuple = ()                    # grade these steps only (the others give their inputs)
    # set by the caller to stop the grading (it raises errors.Cancelled)
    cancel: threading.Event | None = field(default=None, compare=False, repr=False)

    def last_step(self, spec):
        """How many steps of ``spec.run_order`` a student's file runs (all, unless
        ``stop_after`` names one)."""
        names = [step.name for step in spec.run_order]
        return names.index(self.stop_after) + 1 if self.stop_after else len(names)

    def graded_steps(self, spec):
        """The names of the steps a student's file runs and is graded on, in run order."""
        names = [step.name for step in spec.run_order][: self.last_step(spec)]
        return [name for name in names if not self.only or name in self.only]

    @property
    def partial(self):
        """Whether this grading leaves some checks out (and so the test accuracy too)."""
        return bool(self.stop_after or self.only)

    def selection(self):
        """How this grading chose its steps, in the words of its option."""
        if self.only:
            return _("ran only {functions} (--only)").format(
                functions=", ".join(f"{name}()" for name in self.only))
        return _("stopped after {function}() (--stop-after)").format(function=self.stop_after)


@dataclass
class Run:
    """What one worker run left behind: a record per step, and the files they point to."""

    out: Path
    records: dict  # step name: StepRecord
    inputs: Path | None = None  # the reference inputs this run was given (None: it made its own)
    own_data: dict = field(default_factory=dict, repr=False)  # see judging._own_data
    values: dict = field(default_factory=dict, repr=False)  # each step's result, read once

    def value(self, name):
        """What step ``name`` returned (read from its files once: the checks of several steps
        ask for the same reference results)."""
        if name not in self.values:
            self.values[name] = portable.load(self.out / "steps" / name)
        return self.values[name]

    def record(self, name):
        """Step ``name``'s record; a blank one (status ``""``) if the run never recorded it."""
        return self.records.get(name) or StepRecord("")

    def model_path(self, name):
        file = self.record(name).model
        return self.out / "models" / file if file else None


def limits_for(spec, options, reference=None):
    """Each step's :class:`~grader.limits.Limit` on this machine: from ``reference``'s measured
    times (a :class:`Run` of the reference solution here), else the spec's floors."""
    return step_limits(spec, options.time_limit_scale, reference.records if reference else None)


def run_file(spec, module_path, out, options, inputs=None, stop=None, only=None, limits=None):
    """Run ``module_path``'s steps (the first ``stop`` of ``spec.run_order``, default all; of
    those only the ones named in ``only``, if given) in fresh worker processes, each step within
    its limit (``limits``, default: the spec's floors); return the :class:`Run`."""
    out = Path(out)
    (out / "steps").mkdir(parents=True, exist_ok=True)
    cwd = out / "cwd"
    cwd.mkdir(exist_ok=True)
    limits = limits or limits_for(spec, options)
    if starts_warm(spec):
        warm.prepare(child_env(options))
    # The whole file's budget holds even if the student's code fakes its progress records.
    whole_file = file_limit(limits, options.time_limit)
    deadline = time.monotonic() + whole_file
    start, stop = 0, len(spec.steps) if stop is None else stop
    while start < stop:
        state = run_worker(spec, module_path, out, cwd, options, inputs, start, stop, deadline,
                            only, limits)
        if state is not None:
            name, index = state.pop("step"), state.pop("index")
            if not record_path(out, name).exists():
                write_record(out, name, state)
            start = index + 1
        imported = read_records(out).get("import")
        if state is None or imported is None or not imported.ok:
            break
        if time.monotonic() >= deadline:
            for step in spec.run_order[start:stop]:  # recorded: no step left without a verdict
                if only and step.name not in only:
                    continue
                write_record(out, step.name, StepRecord("timeout", error=_(
                    "not run: the whole file's time limit ({limit:.0f} s) ran out").format(
                        limit=whole_file)))
            break
    return Run(out, read_records(out))


def student_run(spec, module_path, reference, options, work=None):
    """Run a student's file with a private copy of the reference inputs, in ``work`` (default: a
    new temporary folder): records in ``work/out``, inputs in ``work/inputs``.

    Only the models a step may borrow are copied, and a model that went through training is
    copied as it was before training: the student's process is never handed a trained reference
    model it could pass off as its own (its weights are worthless for the score).
    """
    work = Path(work or scratch.new_folder(f"grade-{spec.id}"))
    inputs = work / "inputs"
    shutil.copytree(reference.out / "steps", inputs / "steps")
    (inputs / "models").mkdir()
    lent = {arg.step for step in spec.steps for arg in step.args
            if isinstance(arg, ArgRef) and arg.model}
    for name in sorted(lent):
        training = next((link for link in spec.model_chain(name) if spec.step(link).trains), None)
        source = reference.out / "models" / (
            f"{training}.before.keras" if training else f"{name}.keras")
        if source.exists():
            shutil.copy(source, inputs / "models" / f"{name}.keras")
    run = run_file(spec, module_path, work / "out", options, inputs=inputs,
                   stop=options.last_step(spec), only=options.only,
                   limits=limits_for(spec, options, reference))
    run.inputs = inputs
    return run

