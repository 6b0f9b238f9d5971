"""Grading one student's exercise file: the grading API
(:func:`grader.grading.grade_exercise`) on a working copy, run in the slot's long-lived grader
process (:class:`grader.service.GraderProcess`), the student's code confined and limited in
processes of its own, with a hard wall-clock limit on top. Whatever the file does, the result is
a dict with a :class:`~grader.results.SubmissionStatus`: ``complete``, ``incomplete``, ``error``
(the file could not run at all), ``missing`` (not submitted) or ``not_graded`` (the grader could
not finish it).
"""

import threading
import time
from dataclasses import dataclass
from pathlib import Path

from messages import _

from .. import scratch
from ..errors import GraderError
from ..limits import STARTUP_TIME_LIMIT, file_limit
from ..reference import reference_run
from ..results import SubmissionStatus
from ..runner import RunOptions, limits_for
from ..service import GradeRequest, GraderProcess, GraderStopped

REQUESTS_PER_PROCESS = 25  # files one grader process grades before a new one (bounds its memory)
GRACE_SECONDS = 300  # on top of the time limit: loading TensorFlow, measuring the accuracy


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

    def options(self):
        """The :class:`~grader.runner.RunOptions` that these settings set."""
        return {"seed": self.seed, "data_dir": self.data_dir, "time_limit": self.time_limit,
                "time_limit_scale": self.time_limit_scale, "memory_limit": self.memory_limit,
                "sandbox": self.sandbox}

    def run_options(self):
        """The same settings as the grader's :class:`~grader.runner.RunOptions`."""
        return RunOptions(**self.options())


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
        self.graders = []
        self.local = threading.local()
        self.lock = threading.Lock()

    def hard_limit(self, spec, kit):
        """Only for the grader's own hangs: the student's file has its own, shorter limit (from
        the reference's times on this machine: its run is cached here by then)."""
        options = self.settings.run_options()
        reference = reference_run(spec, Path(kit) / "solutions" / spec.module, options)
        return (file_limit(limits_for(spec, options, reference), options.time_limit)
                + STARTUP_TIME_LIMIT + GRACE_SECONDS)

    def _grader(self):
        if not hasattr(self.local, "grader"):
            env = thread_limits(self.cores)
            if self.settings.data_dir:  # in its environment as in its runs': its warm process
                # can then be a fork of it (grader.warm.fork_here)
                env["KIT_DATA_DIR"] = str(Path(self.settings.data_dir).resolve())
            self.local.grader = GraderProcess(log=scratch.root() / "grader-processes.log",
                                              env=env, requests_per_process=REQUESTS_PER_PROCESS)
            with self.lock:
                self.graders.append(self.local.grader)
        return self.local.grader

    def run(self, job, log_path, kit):
        """Grade ``job`` (its ``file`` is the folder holding the student's file) with the kit
        folder ``kit``, the grading's report going to ``log_path``; always returns a result
        dict (never raises for the student's sake)."""
        started = time.monotonic()
        log_path.write_bytes(b"")
        request = GradeRequest(job.spec.id, str(job.file), str(kit), self.settings.options(),
                               self.settings.require_sealed)
        try:
            exercise = self._grader().grade(request, log_path,
                                            timeout=self.hard_limit(job.spec, kit))
            result = _result(job.spec, exercise)
        except (GraderStopped, GraderError) as error:
            result = placeholder(job.spec, SubmissionStatus.NOT_GRADED, _(
                "the grader could not grade this file: {why}").format(why=error))
        result["seconds"] = round(time.monotonic() - started, 1)
        return result

    def stop_all(self):
        """Stop every grader process (and with them the students' processes they run)."""
        with self.lock:
            graders = list(self.graders)
        for grader in graders:
            grader.close(kill=True)


def thread_limits(cores):
    """Environment that sizes the thread pools of TensorFlow, XLA and the BLAS libraries to
    ``cores`` (``{}``: the libraries' defaults, every core). Each grading on a machine graded
    ``N`` at a time then keeps to its share instead of all of them competing for every core."""
    if not cores:
        return {}
    n = str(cores)
    return {"TF_NUM_INTRAOP_THREADS": n, "TF_NUM_INTEROP_THREADS": n, "OMP_NUM_THREADS": n,
            "OPENBLAS_NUM_THREADS": n, "MKL_NUM_THREADS": n}


def _result(spec, exercise):
    """Bulk's result dict of an :class:`~grader.results.ExerciseResult`."""
    if exercise.problem:
        status = SubmissionStatus.DID_NOT_RUN
    else:
        status = SubmissionStatus.COMPLETE if exercise.passed else SubmissionStatus.INCOMPLETE
    return {"exercise": spec.id, "title": exercise.title, "status": status,
            "score": exercise.score, "max_score": exercise.max_score, "problem": exercise.problem,
            "notes": exercise.notes, "platform": exercise.platform,
            "checks": exercise.to_dict()["checks"]}
