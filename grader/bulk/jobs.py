"""Grading one student's exercise file in a process of its own: ``python -m grader`` on a working
copy, confined and limited, with a hard wall-clock limit on top. Whatever the file does, the
result is a dict with a status: ``complete``, ``incomplete``, ``error`` (the file could not run
at all), ``missing`` (not submitted) or ``not_graded`` (the grader could not finish it).
"""

import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from ..runner import (PROJECT_ROOT, STARTUP_TIME_LIMIT, RunOptions, die_with_parent,
                      file_time_limit)

GRACE_SECONDS = 300  # on top of the time limit: loading TensorFlow, measuring the accuracy
LOG_TAIL_BYTES = 4000


@dataclass
class Job:
    student: str
    spec: object           # grader.spec.Spec
    file: Path             # the student's exercise file (in the working copy)
    content_hash: str


@dataclass
class Settings:
    """How every job is run; mirrors the ``bulk`` command's options."""

    kit: Path | None
    data_dir: str | None
    seed: int
    time_limit: float | None
    time_limit_scale: float
    memory_limit: int | None
    sandbox: bool
    logs: Path

    def arguments(self):
        args = ["--seed", str(self.seed), "--time-limit-scale", str(self.time_limit_scale)]
        for flag, value in (("--kit", self.kit), ("--data-dir", self.data_dir),
                            ("--time-limit", self.time_limit),
                            ("--memory-limit", self.memory_limit)):
            if value is not None:
                args += [flag, str(value)]
        return args + (["--sandbox"] if self.sandbox else [])

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
    """Runs jobs (from several threads at once) and stops them all on request."""

    def __init__(self, settings):
        self.settings = settings
        self.running = set()
        self.lock = threading.Lock()

    def hard_limit(self, spec):
        """Only for the grader's own hangs: the student's file has its own, shorter limit."""
        options = RunOptions(time_limit=self.settings.time_limit,
                             time_limit_scale=self.settings.time_limit_scale)
        return file_time_limit(spec, options) + STARTUP_TIME_LIMIT + GRACE_SECONDS

    def run(self, job):
        """Grade ``job``; always returns a result dict (never raises for the student's sake)."""
        started = time.monotonic()
        log_path = self.settings.logs / job.student / f"{job.spec.id}.log"
        log_path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix="bulk-") as scratch:
            report = Path(scratch) / "result.json"
            command = [sys.executable, "-m", "grader", "-e", job.spec.id, "--dir",
                       str(job.file.parent), "--json", str(report), *self.settings.arguments()]
            with open(log_path, "wb") as log:
                process = subprocess.Popen(command, cwd=PROJECT_ROOT, stdin=subprocess.DEVNULL,
                                           stdout=log, stderr=log, start_new_session=True,
                                           preexec_fn=die_with_parent)
                with self.lock:
                    self.running.add(process)
                try:
                    process.wait(timeout=self.hard_limit(job.spec))
                    timed_out = False
                except subprocess.TimeoutExpired:
                    timed_out = True
                finally:
                    self._kill(process)
            result = self._result(job, report, log_path, timed_out)
        result["seconds"] = round(time.monotonic() - started, 1)
        return result

    def _result(self, job, report, log_path, timed_out):
        try:
            data = json.loads(report.read_text())
            exercise = data["exercises"][0]
        except (OSError, ValueError, KeyError, IndexError):
            if timed_out:
                why = f"grading took longer than {self.hard_limit(job.spec):g} s and was stopped"
            else:
                why = "the grader could not grade this file: " + _tail(log_path)
            return placeholder(job.spec, "not_graded", why)
        if exercise.get("problem"):
            status = "error"
        else:
            status = "complete" if exercise.get("passed") else "incomplete"
        return {"exercise": job.spec.id, "title": exercise["title"], "status": status,
                "score": exercise["score"], "max_score": exercise["max_score"],
                "problem": exercise.get("problem", ""), "checks": exercise["checks"]}

    def _kill(self, process):
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        process.wait()
        with self.lock:
            self.running.discard(process)

    def stop_all(self):
        with self.lock:
            running = list(self.running)
        for process in running:
            self._kill(process)


def _tail(path):
    try:
        text = Path(path).read_bytes()[-LOG_TAIL_BYTES:].decode("utf-8", "replace")
    except OSError:
        return "(no output)"
    lines = [line for line in text.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("error:")]
    return (errors[-1] if errors else "\n".join(lines[-5:])) or "(no output)"
