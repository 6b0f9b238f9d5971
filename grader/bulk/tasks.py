"""What a Dask worker does with one job: everything it needs arrives inside the task (the
student's files as bytes, the exercise's spec and reference solution, the settings), so the
lead's machine and the workers share no folder.

On the worker, :func:`grade_task` checks that its kit is the lead's (else it refuses with
:class:`KitMismatch`), writes the files into a scratch folder of its own, prepares the reference
run once per machine (cached there), grades the file with :class:`~grader.bulk.jobs.JobRunner`
(the student's code in its own confined processes, with the time, memory and output limits), and
returns the result with the tail of the grading's log.

Example:
>>> task = Task("kim", "iris", files, "3f2a...", kit_files, settings, kit_identity())  # doctest: +SKIP
>>> grade_task(task)["status"]                                                     # doctest: +SKIP
'complete'
"""

import os
import shutil
import socket
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from messages import _

from .. import scratch
from ..environment import CACHE_ENV, PROJECT_ROOT
from ..results import SubmissionStatus
from .cluster import GRADING, host_of
from .jobs import Job, JobRunner, placeholder
from .kit import differences, kit_identity, unpack

LOG_BYTES_BACK = 256 * 1024  # of each grading's log, what travels back to the lead


class KitMismatch(Exception):
    """This worker's kit or libraries are not the lead's: it grades nothing."""

    def __init__(self, worker, found):
        self.worker, self.found = worker, found
        super().__init__(_("worker {worker} has a different kit: {differences}. Fix: install the "
                           "lead's commit and `pip install -r requirements.txt` on it, then "
                           "restart it").format(worker=worker, differences="; ".join(found)))

    def __reduce__(self):  # travels back to the lead as it is
        return KitMismatch, (self.worker, self.found)


@dataclass
class Task:
    """One student's file for one exercise, with all a worker needs to grade it."""

    student: str
    exercise: str
    files: dict             # the candidate file names -> (bytes, modification time)
    content_hash: str
    kit: dict               # :func:`~grader.bulk.kit.exercise_files`
    settings: object        # :class:`~grader.bulk.jobs.Settings` (its ``kit`` path is not used)
    identity: dict          # the lead's :func:`~grader.bulk.kit.kit_identity`
    threads: dict = field(default_factory=dict)  # host -> grading slots on it (share of cores)


_runner = None
_runner_lock = threading.Lock()


def grade_task(task):
    """Grade ``task`` on this worker; a result dict, as :meth:`JobRunner.run` gives."""
    from distributed import get_worker

    try:
        worker = get_worker()
    except ValueError:  # called outside a worker (tests)
        worker = None
    address = worker.address if worker else socket.gethostname()
    found = differences(task.identity, kit_identity())
    if found:
        raise KitMismatch(address, found)
    started = time.time()
    job_name = f"{task.student}/{task.exercise}"
    if worker:
        worker.log_event(GRADING, {"worker": address, "job": job_name, "state": "started"})
    folder = scratch.new_folder("bulk-job")
    try:
        kit = unpack(task.kit, kit_root())
        work = folder / task.student
        work.mkdir()
        for name, (content, saved) in task.files.items():
            (work / name).write_bytes(content)
            os.utime(work / name, (saved, saved))
        from ..spec import load_spec

        spec = load_spec(task.exercise, kit / "specs")
        job = Job(task.student, spec, work, task.content_hash)
        log = folder / "grading.log"
        problem = _prepare_reference(spec, kit, task.settings)
        if problem:
            result = placeholder(spec, SubmissionStatus.NOT_GRADED, problem)
        else:
            result = runner(task.settings, _cores(task.threads, address)).run(job, log, kit)
        result["log"] = _tail_bytes(log, LOG_BYTES_BACK)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        if worker:
            worker.log_event(GRADING, {"worker": address, "job": job_name, "state": "ended"})
    result["timing"] = {"worker": address, "started": started, "ended": time.time()}
    return result


def runner(settings, cores):
    """This worker process's :class:`JobRunner` (one grader process kept warm per slot)."""
    global _runner
    with _runner_lock:
        if _runner is None or _runner.settings != settings or _runner.cores != cores:
            if _runner is not None:
                _runner.stop_all()
            _runner = JobRunner(settings, cores=cores)
        return _runner


def kit_root():
    """Where this machine keeps the exercises' kits that came with jobs."""
    base = Path(os.environ.get(CACHE_ENV) or PROJECT_ROOT / ".grader")
    return base / "kits"


def _prepare_reference(spec, kit, settings):
    """Run the reference once per machine (a lock makes the other slots wait for it). Returns
    why it failed, or ``""``."""
    from datasets import DatasetError

    from ..errors import GraderError
    from ..reference import reference_run

    try:
        reference_run(spec, kit / "solutions" / spec.module, settings.run_options())
    except (GraderError, DatasetError) as error:
        return _("the grader could not run {exercise}: {error}").format(
            exercise=spec.id, error=error)
    return ""


def _cores(slots_by_host, address):
    """How many cores each grading on this machine may use: its share of them (a worker that
    joined after the lead counted the slots takes them all)."""
    slots = slots_by_host.get(host_of(address)) or 1
    return max(1, (len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                   else os.cpu_count() or 1) // max(1, slots))


def _tail_bytes(path, limit):
    try:
        with open(path, "rb") as handle:
            handle.seek(max(0, os.path.getsize(path) - limit))
            return handle.read()
    except OSError:
        return b""
