"""Running a student's (or the reference) exercise file in a worker process, under time limits.

The worker (:mod:`grader.worker`) runs the steps in order and records each one as it ends. This
side watches it: a step that runs past its time limit is killed, a process that dies mid-step
(``os._exit``, a segfault) is noted, and a fresh worker resumes at the next step, so one bad step
never costs the others their grade.
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
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from . import portable

PROJECT_ROOT = Path(__file__).resolve().parent.parent
STARTUP_TIME_LIMIT = 180.0  # importing TensorFlow; not the student's time
IMPORT_TIME_LIMIT = 60.0    # running the student's file's top level
MAX_FILE_BYTES = 1 << 30    # anything the student's process writes (floods of output included)
POLL_SECONDS = 0.1


class GraderError(Exception):
    """The grader itself could not run (not the student's fault). Exit status 2."""


@dataclass
class RunOptions:
    seed: int = 0
    data_dir: str | None = None
    time_limit_scale: float = 1.0
    cache_dir: Path = PROJECT_ROOT / ".grader"
    keep: bool = False


@dataclass
class Run:
    """What one worker run left behind: a record per step, and the files they point to."""

    out: Path
    records: dict
    inputs: Path | None = None  # the reference inputs this run was given (None: it made its own)

    def value(self, name):
        return portable.load(self.out / "steps" / name)

    def model_path(self, name):
        file = self.records.get(name, {}).get("model")
        return self.out / "models" / file if file else None


def step_limit(step, options):
    return step.time_limit * options.time_limit_scale


def run_file(spec, module_path, out, options, inputs=None):
    """Run ``module_path``'s steps in fresh worker processes; return the :class:`Run`."""
    out = Path(out)
    (out / "steps").mkdir(parents=True, exist_ok=True)
    cwd = out / "cwd"
    cwd.mkdir(exist_ok=True)
    start = 0
    while start < len(spec.steps):
        state = _run_worker(spec, module_path, out, cwd, options, inputs, start)
        if state is not None:
            name, index = state.pop("step"), state.pop("index")
            if not (out / "steps" / f"{name}.result.json").exists():
                _write(out, name, state)
            start = index + 1
        if state is None or _records(out).get("import", {}).get("status") != "ok":
            break
    return Run(out, _records(out))


def _run_worker(spec, module_path, out, cwd, options, inputs, start):
    """One worker process. ``None`` if it finished; else the state of the step it stopped in."""
    job = {"exercise": spec.id, "specs_dir": str(spec.path.parent), "module": str(module_path),
           "out": str(out), "inputs": str(inputs) if inputs else None, "start": start,
           "seed": options.seed}
    job_path = out / "job.json"
    job_path.write_text(json.dumps(job))
    progress = out / "progress"
    progress.unlink(missing_ok=True)
    with open(out / "output.log", "ab") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "grader.worker", str(job_path)], cwd=cwd, env=_child_env(options),
            stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True,
            preexec_fn=_limit_resources)
        killed = None
        try:
            while process.poll() is None:
                time.sleep(POLL_SECONDS)
                state = _read_progress(progress)
                if state and time.time() - state["started"] > _limit(spec, state, options):
                    killed = state
                    break
        finally:
            _kill_group(process)
    state = _read_progress(progress)
    if state is None:
        return {"step": "import", "index": -1, "status": "crashed",
                "error": f"the grader's worker could not start (exit status {process.returncode})"}
    if state["step"] == "done":
        return None
    if killed is not None and state["step"] == killed["step"]:
        limit = _limit(spec, state, options)
        status = "timeout"
        error = f"stopped after {limit:g} s: the time limit for this step"
        if state["step"] == "startup":
            raise GraderError(f"TensorFlow did not finish importing within {limit:g} s")
    else:
        status = "crashed"
        error = _describe_exit(process.returncode)
    name = "import" if state["step"] in ("startup", "import") else state["step"]
    return {"step": name, "index": state["index"], "status": status, "error": error}


def _limit(spec, state, options):
    if state["step"] == "done":  # the worker is exiting
        return float("inf")
    if state["step"] == "startup":
        return STARTUP_TIME_LIMIT
    if state["step"] == "import":
        return IMPORT_TIME_LIMIT * options.time_limit_scale
    return step_limit(spec.step(state["step"]), options)


def _describe_exit(code):
    if code is not None and code < 0:
        name = signal.Signals(-code).name
        extra = " (often: out of memory)" if name == "SIGKILL" else ""
        return f"the process was killed by {name}{extra}"
    return f"the process ended with exit status {code} (os._exit or a crash) in the middle of this step"


def _child_env(options):
    env = dict(os.environ)
    env.update(TF_CPP_MIN_LOG_LEVEL="3", PYTHONDONTWRITEBYTECODE="1", PYTHONHASHSEED="0",
               MPLBACKEND="Agg", PYTHONUNBUFFERED="1",
               PYTHONPATH=os.pathsep.join(filter(None, [str(PROJECT_ROOT), env.get("PYTHONPATH")])))
    if options.data_dir:
        env["KIT_DATA_DIR"] = str(options.data_dir)
    return env


def _limit_resources():
    resource.setrlimit(resource.RLIMIT_FSIZE, (MAX_FILE_BYTES, MAX_FILE_BYTES))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _kill_group(process):
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    process.wait()


def _read_progress(path):
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None


def _records(out):
    records = {}
    for path in (out / "steps").glob("*.result.json"):
        try:
            records[path.name[: -len(".result.json")]] = json.loads(path.read_text())
        except ValueError:
            records[path.name[: -len(".result.json")]] = {
                "status": "crashed", "error": "the step's record was left half-written"}
    return records


def _write(out, name, record):
    (out / "steps" / f"{name}.result.json").write_text(json.dumps(record))


def reference_run(spec, solution_path, options):
    """The reference solution's results for ``spec`` (cached: computed once per content)."""
    key = hashlib.sha256()
    here = Path(__file__).parent
    code = [here / "worker.py", here / "portable.py", here / "spec.py",
            *sorted((PROJECT_ROOT / "datasets").glob("*.py"))]  # what the reference run executes
    for path in [solution_path, spec.path, *code]:
        key.update(Path(path).read_bytes())
    versions = [f"{name}={metadata.version(name)}" for name in ("tensorflow", "keras", "numpy")]
    key.update(f"seed={options.seed} {' '.join(versions)}".encode())
    folder = Path(options.cache_dir) / "reference" / f"{spec.id}-{key.hexdigest()[:16]}"
    folder.parent.mkdir(parents=True, exist_ok=True)
    with open(folder.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # parallel graders build each reference once
        if not (folder / "complete").exists():
            _build_reference(spec, solution_path, folder, options)
    return Run(folder, _records(folder))


def _build_reference(spec, solution_path, folder, options):
    building = Path(tempfile.mkdtemp(prefix=f"{spec.id}-", dir=folder.parent))
    run = run_file(spec, solution_path, building, options)
    broken = {name: record for name, record in run.records.items() if record.get("status") != "ok"}
    if broken or len(run.records) < len(spec.steps) + 1:
        detail = "; ".join(f"{name}: {record.get('error', record.get('status'))}"
                           for name, record in broken.items()) or "some steps did not run"
        raise GraderError(f"the reference solution {solution_path} failed ({detail}); "
                          f"its output is in {building}")
    (building / "complete").write_text("")
    shutil.rmtree(folder, ignore_errors=True)
    building.rename(folder)


def student_run(spec, module_path, reference, options):
    """Run a student's file with a private copy of the reference inputs.

    A training step's model is copied as it was before training: the student's process is never
    handed a trained reference model it could pass off as its own.
    """
    work = Path(tempfile.mkdtemp(prefix=f"grade-{spec.id}-"))
    inputs = work / "inputs"
    shutil.copytree(reference.out / "steps", inputs / "steps")
    (inputs / "models").mkdir()
    for path in (reference.out / "models").glob("*.keras"):
        if not path.name.endswith(".before.keras"):
            shutil.copy(path, inputs / "models" / path.name)
    for step in spec.steps:
        before = reference.out / "models" / f"{step.name}.before.keras"
        if step.trains and before.exists():
            shutil.copy(before, inputs / "models" / f"{step.name}.keras")
    run = run_file(spec, module_path, work / "out", options, inputs=inputs)
    run.inputs = inputs
    return run
