"""Grading one student's exercise file: ``python -m grader`` on a working copy, run in the
worker's long-lived grader process (:mod:`.judge`), the student's code confined and limited in
processes of its own, with a hard wall-clock limit on top. Whatever the file does, the
result is a dict with a status: ``complete``, ``incomplete``, ``error`` (the file could not run
at all), ``missing`` (not submitted) or ``not_graded`` (the grader could not finish it).
"""

import json
import shutil
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from messages import _

from .. import scratch
from ..limits import STARTUP_TIME_LIMIT, file_limit
from ..reference import reference_run
from ..results import SubmissionStatus
from ..runner import RunOptions, limits_for
from .judge import JudgeDied, JudgeProcess

GRACE_SECONDS = 300  # on top of the time limit: loading TensorFlow, measuring the accuracy
LOG_TAIL_BYTES = 4000


@dataclass
class Job:
    """One student's file for one exercise, on the lead's side (its working copy)."""

    student: str
    spec: object           # grader.spec.Spec
    file: Path             # the student's exercise file (in the working copy)
    content_hash: str


@dataclass
class Settings:
    """How every job is run; mirrors the ``bulk`` command's options."""

    data_dir: str | None
    seed: int
    time_limit: float | None
    time_limit_scale: float
    memory_limit: int | None
    sandbox: bool
    require_sealed: bool = False

    def arguments(self):
        args = ["--seed", str(self.seed), "--time-limit-scale", str(self.time_limit_scale)]
        for flag, value in (("--data-dir", self.data_dir),
                            ("--time-limit", self.time_limit),
                            ("--memory-limit", self.memory_limit)):
            if value is not None:
                args += [flag, str(value)]
        return args + ([] if self.sandbox else ["--no-sandbox"]) + (
            ["--require-sealed"] if self.require_sealed else [])

    def run_options(self):
        """The same settings as the grader's :class:`~grader.runner.RunOptions`."""
        return RunOptions(seed=self.seed, data_dir=self.data_dir, time_limit=self.time_limit,
                          time_limit_scale=self.time_limit_scale,
                          memory_limit=self.memory_limit, sandbox=self.sandbox)


def max_points(spec):
    return sum(step.points for step in spec.steps) + (spec.accuracy or {}).get("points", 0)


def placeholder(spec, status, message):
    """A result for a file that was not (or could not be) graded."""
    return {"exercise": spec.id, "title": spec.title, "status": status, "score": 0,
            "max_score": max_points(spec), "problem": message, "checks": []}


class JobRunner:
    """Runs jobs (from several threads at once, each with its own grader process) and stops
    them all on request. ``cores``: how many cores each grading may use (its share of the
    machine's: the libraries' thread pools are sized to it)."""

    def __init__(self, settings, cores=None):
        self.settings = settings
        self.cores = cores
        self.judges = []
        self.local = threading.local()
        self.lock = threading.Lock()

    def hard_limit(self, spec, kit):
        """Only for the grader's own hangs: the student's file has its own, shorter limit (from
        the reference's times on this machine: its run is cached here by then)."""
        options = self.settings.run_options()
        reference = reference_run(spec, Path(kit) / "solutions" / spec.module, options)
        return (file_limit(limits_for(spec, options, reference), options.time_limit)
                + STARTUP_TIME_LIMIT + GRACE_SECONDS)

    def _judge(self):
        if not hasattr(self.local, "judge"):
            self.local.judge = JudgeProcess(scratch.root() / "grader-processes.log",
                                            env=thread_limits(self.cores))
            with self.lock:
                self.judges.append(self.local.judge)
        return self.local.judge

    def run(self, job, log_path, kit):
        """Grade ``job`` (its ``file`` is the folder holding the student's file) with the kit
        folder ``kit``, the grading's report going to ``log_path``; always returns a result
        dict (never raises for the student's sake)."""
        started = time.monotonic()
        log_path.write_bytes(b"")
        folder = scratch.new_folder("bulk")
        try:
            report = folder / "result.json"
            arguments = ["-e", job.spec.id, "--dir", job.file, "--kit", kit, "--json", report,
                         "--no-cache", *self.settings.arguments()]
            try:
                self._judge().grade(arguments, log_path, timeout=self.hard_limit(job.spec, kit))
                died = None
            except JudgeDied as error:
                died = str(error)
            result = self._result(job, report, log_path, died)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        result["seconds"] = round(time.monotonic() - started, 1)
        return result

    def _result(self, job, report, log_path, died):
        try:
            data = json.loads(report.read_text())
            exercise = data["exercises"][0]
        except (OSError, ValueError, KeyError, IndexError):
            why = _("the grader could not grade this file: {why}").format(
                why=died or _tail(log_path))
            return placeholder(job.spec, SubmissionStatus.NOT_GRADED, why)
        if exercise.get("problem"):
            status = SubmissionStatus.DID_NOT_RUN
        else:
            status = (SubmissionStatus.COMPLETE if exercise.get("passed")
                      else SubmissionStatus.INCOMPLETE)
        return {"exercise": job.spec.id, "title": exercise["title"], "status": status,
                "score": exercise["score"], "max_score": exercise["max_score"],
                "problem": exercise.get("problem", ""), "notes": exercise.get("notes", []),
                "platform": exercise.get("platform", ""),
                "checks": exercise["checks"]}

    def stop_all(self):
        """Stop every grader process (and with them the students' processes they run)."""
        with self.lock:
            judges = list(self.judges)
        for judge in judges:
            judge.stop()


def thread_limits(cores):
    """Environment that sizes the thread pools of TensorFlow, XLA and the BLAS libraries to
    ``cores`` (``{}``: the libraries' defaults, every core). Each grading on a machine graded
    ``N`` at a time then keeps to its share instead of all of them competing for every core."""
    if not cores:
        return {}
    n = str(cores)
    return {"TF_NUM_INTRAOP_THREADS": n, "TF_NUM_INTEROP_THREADS": n, "OMP_NUM_THREADS": n,
            "OPENBLAS_NUM_THREADS": n, "MKL_NUM_THREADS": n}


def _tail(path):
    try:
        text = Path(path).read_bytes()[-LOG_TAIL_BYTES:].decode("utf-8", "replace")
    except OSError:
        return "(no output)"
    lines = [line for line in text.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("error:")]
    return (errors[-1] if errors else "\n".join(lines[-5:])) or "(no output)"
