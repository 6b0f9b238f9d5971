"""Running a student's (or the reference) exercise file in a worker process, under time limits.

The worker (:mod:`.student_side.worker`) runs the steps in order and records each one as it
ends. This side watches it: a step that runs past its time limit is killed, a process that dies
mid-step (``os._exit``, a segfault) is noted, and a fresh worker resumes at the next step, so one
bad step never costs the others their grade.
"""

import fcntl
import hashlib
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field, replace
from importlib import metadata
from pathlib import Path

from messages import N_, _

from . import portable, scratch, warm
from .accelerators import shared_gpu_env
from .limits import GRADER_TIME_LIMIT, STARTUP_TIME_LIMIT, file_limit, step_limits
from .student_side.observe import read_journal
from .spec import ArgRef

PROJECT_ROOT = Path(__file__).resolve().parent.parent
MAX_FILE_BYTES = 1 << 30    # any one file the student's process writes (step records included:
                            # Fashion-MNIST's normalized images alone are 188 MB)
MAX_OUTPUT_BYTES = 16 << 20  # printed output kept in the log; the rest is dropped
POLL_SECONDS = 0.1
REAPER_GRACE_SECONDS = 30.0  # for the reaper to end every process of a run
CACHE_ENV = "KIT_GRADER_CACHE"
# What results depend on: the backends, and the data libraries (iris comes from scikit-learn).
LIBRARIES = ("tensorflow", "jax", "torch", "keras", "numpy", "pandas", "scikit-learn")


class GraderError(Exception):
    """The grader itself could not run (not the student's fault). Exit status 2."""


class Cancelled(Exception):
    """The grading was stopped by its caller (:attr:`RunOptions.cancel`): watch mode does when the
    file is saved again while it is graded."""


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
    cancel: threading.Event | None = field(default=None, compare=False, repr=False)  # see Cancelled

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
    records: dict
    inputs: Path | None = None  # the reference inputs this run was given (None: it made its own)
    own_data: dict = field(default_factory=dict, repr=False)  # see grading._own_data
    values: dict = field(default_factory=dict, repr=False)  # each step's result, read once

    def value(self, name):
        """What step ``name`` returned (read from its files once: the checks of several steps
        ask for the same reference results)."""
        if name not in self.values:
            self.values[name] = portable.load(self.out / "steps" / name)
        return self.values[name]

    def model_path(self, name):
        file = self.records.get(name, {}).get("model")
        return self.out / "models" / file if file else None


def library_versions():
    """``name=version`` of each library a run's results depend on (part of every cache key);
    ``name=none`` for one not installed (a machine with Keras on JAX has no TensorFlow)."""
    versions = []
    for name in LIBRARIES:
        try:
            versions.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name}=none")
    return versions


def default_cache_dir():
    """Where reference runs are kept: ``$KIT_GRADER_CACHE``, else ``.grader/`` in the kit."""
    return Path(os.environ.get(CACHE_ENV) or PROJECT_ROOT / ".grader")


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
        state = _run_worker(spec, module_path, out, cwd, options, inputs, start, stop, deadline,
                            only, limits)
        if state is not None:
            name, index = state.pop("step"), state.pop("index")
            if not (out / "steps" / f"{name}.result.json").exists():
                _write(out, name, state)
            start = index + 1
        if state is None or read_records(out).get("import", {}).get("status") != "ok":
            break
        if time.monotonic() >= deadline:
            for step in spec.run_order[start:stop]:  # recorded: no step left without a verdict
                if only and step.name not in only:
                    continue
                _write(out, step.name, {"status": "timeout", "error": _(
                    "not run: the whole file's time limit ({limit:.0f} s) ran out").format(
                        limit=whole_file)})
            break
    return Run(out, read_records(out))


def starts_warm(spec):
    """Whether ``spec``'s runs are forked from the warm process (:mod:`grader.warm`), which has
    Keras loaded: not a NumPy-only exercise's, which must not find Keras there."""
    return "keras" not in spec.forbidden_modules


def _run_worker(spec, module_path, out, cwd, options, inputs, start, stop, deadline, only,
                limits):
    """One worker process. ``None`` if it finished; else the state of the step it stopped in."""
    job = {"exercise": spec.id, "specs_dir": str(spec.path.parent.resolve()),
           "module": str(Path(module_path).resolve()),
           "out": str(out), "inputs": str(inputs) if inputs else None, "start": start,
           "stop": stop, "only": sorted(only) if only else None,
           "seed": options.seed, "memory_limit": options.memory_limit,
           "sandbox": _sandbox_paths(spec, module_path, out, inputs, options)}
    job_path = out / "job.json"
    job_path.write_text(json.dumps(job))
    progress = out / "progress"
    progress.unlink(missing_ok=True)
    env, isolate = child_env(options, out), _isolate(options)
    with open(out / "output.log", "ab") as log:
        process = (warm.start_run(job_path, cwd, env, isolate, _rlimits(options))
                   if starts_warm(spec) else None)
        if process is not None:
            status_read = process.status_read
        else:
            status_read, status_write = os.pipe()  # the reaper's word on how the worker ended
            reaper = [sys.executable, "-m", "grader.student_side.reaper",
                      *(["--isolate"] if isolate else [])]
            with _REAPERS_LOCK:  # registered before any sweep can see it
                process = subprocess.Popen(
                    [*reaper, str(status_write), "--", sys.executable, "-m",
                     "grader.student_side.worker",
                     str(job_path)], cwd=cwd, env=env,
                    stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                    start_new_session=True, pass_fds=(status_write,),
                    preexec_fn=lambda: _limit_resources(options))
                _REAPERS.add(process.pid)
            os.close(status_write)
        output = OutputKeeper(process.stdout, log, options.max_output_bytes)
        killed = memory = None
        try:
            while process.poll() is None:
                time.sleep(POLL_SECONDS)
                state = read_progress(out)
                if state and time.time() - state["started"] > _limit(state, limits, options):
                    killed = state
                    break
                if time.monotonic() > deadline:
                    killed = state or {"step": "startup"}
                    killed["whole_file"] = True
                    break
                memory = _memory_exceeded(process, options)
                if memory or cancelled(options):
                    break
        finally:
            _stop_run(process)
            with _REAPERS_LOCK:
                _REAPERS.discard(process.pid)
            sweep_orphans()
            output.join(timeout=5)  # a grandchild may still hold the pipe; do not wait for it
            returncode = _worker_returncode(status_read, process)
    if cancelled(options):
        raise Cancelled()
    state = read_progress(out)
    if state is None:
        return {"step": "import", "index": -1, "status": "crashed",
                "error": _("the grader's worker could not start (exit status {code})").format(
                    code=returncode)}
    if state["step"] == "done":
        return None
    name = "import" if state["step"] in ("startup", "import") else state["step"]
    flood = (" " + _("(meanwhile it printed {printed:,.0f} MiB of output; the log keeps the "
                     "first {kept} MiB)").format(printed=output.total / 2**20,
                                                 kept=options.max_output_bytes >> 20)
             if output.total > options.max_output_bytes else "")
    state = _stopped_step(state, name, returncode, killed, memory, options, limits)
    state["error"] += flood
    state["reached"] = read_journal(out / "steps" / f"{name}.reached.jsonl")
    return state


def cancelled(options):
    return options.cancel is not None and options.cancel.is_set()


def _stopped_step(state, name, returncode, killed, memory, options, limits):
    """The record of the step a worker stopped in: why it stopped, in the student's terms."""
    if memory:
        return {"step": name, "index": state["index"], "status": "memory", "error": memory}
    if killed is not None and killed.get("whole_file"):
        return {"step": name, "index": state["index"], "status": "timeout",
                "error": _("stopped: the whole file's time limit ({limit:.0f} s) ran "
                           "out").format(limit=file_limit(limits, options.time_limit))}
    if killed is not None and state["step"] == killed["step"]:
        limit = _limit(state, limits, options)
        status = "timeout"
        if state["step"] == "startup":
            raise GraderError(f"TensorFlow did not finish importing within {limit:g} s")
        if state.get("phase") == "grader":
            error = _("stopped after {limit:.0f} s while the grader loaded this step's inputs or "
                      "saved what it returned (a model or value that takes that long to save?)"
                      ).format(limit=limit)
        else:
            error = _("stopped after {limit:.0f} s, the time limit for this step ({why})").format(
                limit=limit, why=limits[name].explained())
    else:
        status = "crashed"
        error = _describe_exit(returncode)
    return {"step": name, "index": state["index"], "status": status, "error": error}


class OutputKeeper(threading.Thread):
    """Copies the worker's printed output to its log up to ``limit`` bytes and drops the rest,
    so a flood of prints neither fills the disk nor blocks or breaks the student's process."""

    def __init__(self, stream, log, limit):
        super().__init__(daemon=True)
        self.stream, self.log, self.limit, self.total = stream, log, limit, 0
        self.start()

    def run(self):
        for chunk in iter(lambda: self.stream.read1(1 << 16), b""):
            if self.total < self.limit:
                self.log.write(chunk[: self.limit - self.total])
                if self.total + len(chunk) >= self.limit:
                    self.log.write(b"\n[output cut here: more than the size limit]\n")
            self.total += len(chunk)
        self.log.flush()


def _memory_exceeded(process, options):
    """A message when the worker (with its children) holds more memory than allowed."""
    if not options.memory_limit:
        return None
    import psutil

    try:
        parent = psutil.Process(process.pid)
        used = sum(p.memory_info().rss for p in [parent, *parent.children(recursive=True)])
    except psutil.Error:  # ended between two looks
        return None
    if used <= options.memory_limit * 2**20:
        return None
    return _("stopped: used {used:,.0f} MiB of memory, more than the limit of {limit:,} "
             "MiB").format(used=used / 2**20, limit=options.memory_limit)


def _isolate(options):
    """Whether the student's process gets namespaces of its own: when sealed, and where the
    kernel gave them to the probe (:func:`.student_side.sandbox.protections`), so that a kernel that
    refuses them halfway never leaves a run without its files' owner."""
    if not options.sandbox:
        return False
    from .student_side.sandbox import protections

    return bool(protections().namespaces)


def _sandbox_paths(spec, module_path, out, inputs, options):
    """What the student's process may read and write when confined (None: not confined)."""
    if not options.sandbox:
        return None
    from datasets._files import data_dir, keras_home

    read = [PROJECT_ROOT / "grader", PROJECT_ROOT / "datasets", PROJECT_ROOT / "messages",
            spec.path.parent,
            Path(module_path).resolve().parent, keras_home(),
            Path.home() / ".cache" / "kagglehub"]
    chosen = data_dir(options.data_dir)
    if chosen:
        read.append(chosen.resolve())
    if inputs:
        read.append(inputs)
    return {"read": [str(path) for path in read], "write": [str(out)]}


def _limit(state, limits, options):
    """Seconds the worker may stay in ``state``: the student's step within its limit, the
    grader's work around it within its own."""
    if state["step"] == "done":  # the worker is exiting
        return float("inf")
    if state["step"] == "startup":
        return STARTUP_TIME_LIMIT
    if state.get("phase") == "grader":
        return GRADER_TIME_LIMIT * options.time_limit_scale
    limit = limits.get(state["step"])
    return limit.seconds if limit else GRADER_TIME_LIMIT * options.time_limit_scale


def _describe_exit(code):
    if code is not None and code < 0:
        name = signal.Signals(-code).name
        extra = SIGNAL_CAUSES.get(name)
        return _("the process was killed by {signal}").format(signal=name) + (
            " " + _(extra) if extra else "")
    return _("the process ended with exit status {code} (os._exit or a crash) in the middle of "
             "this step").format(code=code)


SIGNAL_CAUSES = {"SIGKILL": N_("(often: out of memory)"),
                 "SIGSEGV": N_("(a crash inside native code: a segmentation fault)"),
                 "SIGXFSZ": N_("(it wrote a file, or printed output, past the size limit)")}


def child_env(options, out=None):
    """The environment of a student's process (with ``out``: of the run in that folder)."""
    env = shared_gpu_env(dict(os.environ))  # several processes share one GPU
    env.update(TF_CPP_MIN_LOG_LEVEL="3", PYTHONDONTWRITEBYTECODE="1", PYTHONHASHSEED="0",
               MPLBACKEND="Agg", PYTHONUNBUFFERED="1",
               PYTHONPATH=os.pathsep.join(filter(None, [str(PROJECT_ROOT), env.get("PYTHONPATH")])))
    if options.sandbox and out is not None:  # temporary files inside the one writable folder
        (Path(out) / "tmp").mkdir(exist_ok=True)
        env.update(TMPDIR=str(Path(out) / "tmp"), MPLCONFIGDIR=str(Path(out) / "tmp"))
    data_dir = options.data_dir or env.get("KIT_DATA_DIR")
    if data_dir:  # absolute: the worker runs in its own folder
        env["KIT_DATA_DIR"] = str(Path(data_dir).resolve())
    return env


def _rlimits(options):
    """The resource limits of a student's process, by name of :mod:`resource`'s constant."""
    limits = {"RLIMIT_FSIZE": options.max_file_bytes, "RLIMIT_CORE": 0}
    if options.memory_limit:  # each process's own heap, enforced by the kernel: an allocation
        limits["RLIMIT_DATA"] = options.memory_limit * 2**20  # past it fails at once
    return limits  # (MemoryError), however fast the machine


def _limit_resources(options):
    for name, value in _rlimits(options).items():
        resource.setrlimit(getattr(resource, name), (value, value))
    die_with_parent()


def die_with_parent():
    """Ask Linux to kill this process when the grader that started it dies (even by kill -9)."""
    try:
        import ctypes
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _stop_run(process):
    """End a run and everything its student's code started: the reaper kills every process below
    it (see :mod:`.student_side.reaper`); one that does not answer is killed with its group."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=REAPER_GRACE_SECONDS)
        except subprocess.TimeoutExpired:
            pass
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    process.wait()


def _worker_returncode(status_read, process):
    """How the worker ended, as the reaper saw it (``None`` if it was stopped or unknown)."""
    with os.fdopen(status_read, "rb") as pipe:
        try:
            status = json.loads(pipe.read() or b"{}")
        except ValueError:
            status = {}
    return status.get("returncode", None if status.get("stopped") else process.returncode)


_REAPERS = set()  # this process's running reapers: its only children that may live on
_REAPERS_LOCK = threading.Lock()
_SUBREAPER = False


def become_subreaper():
    """Make this grader process the second line of defence: if a student's code kills its
    run's reaper, the processes it left come here (not to init), and :func:`sweep_orphans`
    ends them. Called by the grading commands, not on import."""
    global _SUBREAPER
    from .student_side.reaper import become_subreaper as enable

    _SUBREAPER = enable()


def sweep_orphans():
    """Kill every child of this process that is not a running reaper (only when this process is
    a subreaper: then such a child is a student's process whose reaper was killed)."""
    if not _SUBREAPER:
        return
    import psutil

    with _REAPERS_LOCK:
        keep = _REAPERS | {warm.pid()}
        strays = [child for child in psutil.Process().children() if child.pid not in keep]
    for child in strays:
        try:
            child.kill()
            child.wait(timeout=5)
        except (psutil.Error, psutil.TimeoutExpired):
            pass


def read_progress(out):
    """The worker's current step: ``{"step", "index", "started"}``, or None before it starts."""
    try:
        return json.loads((Path(out) / "progress").read_text())
    except (OSError, ValueError):
        return None


def read_records(out):
    """Every step record written so far in a run's folder, by step name."""
    records = {}
    for path in (Path(out) / "steps").glob("*.result.json"):
        try:
            records[path.name[: -len(".result.json")]] = json.loads(path.read_text())
        except ValueError:
            records[path.name[: -len(".result.json")]] = {
                "status": "crashed", "error": "the step's record was left half-written"}
    return records


def _write(out, name, record):
    (out / "steps" / f"{name}.result.json").write_text(json.dumps(record))


def reference_run(spec, solution_path, options, on_build=None):
    """The reference solution's results for ``spec`` (cached: computed once per content).
    ``on_build()`` is called first when it has to be computed (for a progress line)."""
    folder = reference_folder(spec, solution_path, options)
    folder.parent.mkdir(parents=True, exist_ok=True)
    with open(folder.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # parallel graders build each reference once
        if not (folder / "complete").exists():
            if on_build:
                on_build()
            _build_reference(spec, solution_path, folder, options)
    return Run(folder, read_records(folder))


def reference_ready(spec, solution_path, options):
    """Whether the reference run is already cached (:func:`reference_run` returns at once)."""
    return (reference_folder(spec, solution_path, options) / "complete").exists()


def reference_folder(spec, solution_path, options):
    """Where the reference run is kept: named by what it depends on."""
    key = hashlib.sha256()
    here = Path(__file__).parent
    code = [*sorted((here / "student_side").glob("*.py")), here / "portable.py", here / "spec.py",
            *sorted((PROJECT_ROOT / "datasets").glob("*.py"))]  # what the reference run executes
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
    broken = {name: record for name, record in run.records.items() if record.get("status") != "ok"}
    if broken or len(run.records) < len(spec.steps) + 1:
        first = next((step.name for step in spec.run_order if step.name in broken), None)
        detail = "some steps did not run"
        if first:  # the first broken step is the cause; later ones only lack its result
            record = broken[first]
            detail = f"step {first}: {record.get('error', record.get('status'))}"
            if len(broken) > 1:
                detail += f"; {len(broken) - 1} later step(s) could not run without it"
        raise GraderError(f"the reference solution {solution_path} failed ({detail}); "
                          f"its output is in {building}")
    (building / "complete").write_text("")
    shutil.rmtree(folder, ignore_errors=True)
    building.rename(folder)


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
