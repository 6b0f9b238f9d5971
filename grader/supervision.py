"""Watching one worker process run a student's (or the reference) file, under its limits.

A run's worker (:mod:`.student_side.worker`) starts under a reaper, cold, or forked from the warm
process (:mod:`.warm`); this side watches it from outside: a step past its time limit is
stopped, memory past the limit too, printed output is kept up to its size limit, and whatever
the run started is ended with it (by the reaper, else here, as the subreaper). What the step was
doing when its process stopped becomes its record, in the student's terms.
"""

import json
import os
import resource
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from messages import N_, _

from . import warm
from .accelerators import shared_gpu_env
from .environment import PROJECT_ROOT
from .errors import Cancelled, GraderError
from .limits import GRADER_TIME_LIMIT, STARTUP_TIME_LIMIT, file_limit
from .records import read_progress
from .student_side.observe import read_journal

POLL_SECONDS = 0.1
REAPER_GRACE_SECONDS = 30.0  # for the reaper to end every process of a run


def starts_warm(spec):
    """Whether ``spec``'s runs are forked from the warm process (:mod:`grader.warm`), which has
    Keras loaded: not a NumPy-only exercise's, which must not find Keras there."""
    return "keras" not in spec.forbidden_modules


def run_worker(spec, module_path, out, cwd, options, inputs, start, stop, deadline, only,
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
    state["reached"] = [attempt for attempt in read_journal(out / "steps" / f"{name}.reached.jsonl")
                        if isinstance(attempt, dict)]  # the student's process wrote it
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


def child_env(options, out=None, base=None):
    """The environment of a student's process (with ``out``: of the run in that folder), made
    from ``base`` (default: this process's). Made from its own result, it is the same again."""
    env = shared_gpu_env(dict(os.environ if base is None else base))  # processes share a GPU
    paths = [str(PROJECT_ROOT)] + [path for path in env.get("PYTHONPATH", "").split(os.pathsep)
                                   if path and path != str(PROJECT_ROOT)]
    env.update(TF_CPP_MIN_LOG_LEVEL="3", PYTHONDONTWRITEBYTECODE="1", PYTHONHASHSEED="0",
               MPLBACKEND="Agg", PYTHONUNBUFFERED="1", PYTHONPATH=os.pathsep.join(paths))
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

