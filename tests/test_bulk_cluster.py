"""Bulk grading on a real Dask cluster: a scheduler and worker processes started as separate
machines would be (each in a working folder of its own, with its own cache and scratch space),
grading the fixture cohort of tests/test_bulk.py. One worker is killed with SIGKILL mid-job; a
worker whose kit differs refuses the work."""

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from tests.conftest import ROOT
from tests.test_bulk import EXPECTED, KIT, LIMITS, cohort_run, gradebook, make_cohort  # noqa: F401

PYTHON = [sys.executable, "-m", "dask"]


def start(command, folder, kit=ROOT):
    """A process of the cluster in ``folder``, as on a machine of its own."""
    folder.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PYTHONPATH": str(kit), "KIT_GRADER_CACHE": str(folder / "cache"),
           "TMPDIR": str(folder)}
    with open(folder / "log", "wb") as log:
        return subprocess.Popen(command, cwd=folder, env=env, stdout=log, stderr=log,
                                start_new_session=True)


def worker(address, folder, name, kit=ROOT):
    return start(PYTHON + ["worker", address, "--nthreads", "1", "--resources", "grading=1",
                           "--memory-limit", "0", "--name", name, "--no-dashboard"], folder, kit)


def other_kit(folder):
    """A copy of the kit with one change in the grader: another commit, as a worker that was
    not updated would have."""
    for part in ("grader", "datasets", "messages"):
        shutil.copytree(ROOT / part, folder / part, ignore=shutil.ignore_patterns("__pycache__"))
    with open(folder / "grader" / "checks" / "__init__.py", "a") as handle:
        handle.write("\n# a later change to the checks\n")
    return folder


def wait_for_workers(address, count):
    from distributed import Client

    with Client(address, timeout=60) as client:
        client.wait_for_workers(count, timeout=120)
        return {info["name"]: address
                for address, info in client.scheduler_info(n_workers=-1)["workers"].items()}


def running_job(folder):
    """Whether the worker in ``folder`` is grading a file now (its job folder exists)."""
    return any(folder.glob("kit-grader-*/bulk-job-*"))


def stored(path):
    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT student, exercise FROM results").fetchall()


@pytest.mark.long
def test_a_cohort_graded_on_a_cluster_equals_the_local_run_despite_a_killed_worker(
        request, tmp_path):
    """The cohort is made here and the local run's results are asked for only at the end, so
    this test runs beside the one grading the cohort locally instead of waiting for it."""
    processes = []
    try:
        scheduler_file = tmp_path / "scheduler" / "scheduler.json"
        processes.append(start(PYTHON + ["scheduler", "--host", "127.0.0.1", "--port", "0",
                                         "--no-dashboard", "--scheduler-file",
                                         str(scheduler_file)], tmp_path / "scheduler"))
        deadline = time.monotonic() + 60
        while not scheduler_file.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        address = json.loads(scheduler_file.read_text())["address"]
        doomed = worker(address, tmp_path / "worker-1", "worker-1")
        processes += [doomed, worker(address, tmp_path / "worker-2", "worker-2"),
                      worker(address, tmp_path / "worker-old", "worker-old",
                             kit=other_kit(tmp_path / "old-kit"))]
        workers = wait_for_workers(address, 3)

        out = tmp_path / "results"
        # (grace tries to write to these: confined on the workers as on the lead's machine)
        targets = [out / "gradebook.csv", ROOT / "grader" / "checks" / "__init__.py",
                   KIT / "solutions" / "toy.py"]
        before = [target.read_bytes() for target in targets[1:]]
        submissions = make_cohort(tmp_path / "submissions", list(EXPECTED), targets)
        lead = subprocess.Popen(
            [sys.executable, "-m", "grader", "bulk", str(submissions),
             "--out", str(out), "--kit", str(KIT), "--scheduler", address, *LIMITS],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        # Kill worker-1 (its whole process group: the machine is gone) while it grades a file,
        # once most results are in (the rest is graded by worker-2 alone).
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline and lead.poll() is None:
            if (out / "results.sqlite").exists() and len(stored(out / "results.sqlite")) >= 10 \
                    and running_job(tmp_path / "worker-1"):
                os.killpg(doomed.pid, signal.SIGKILL)
                break
            time.sleep(0.2)
        output = lead.communicate(timeout=900)[0]
        assert lead.returncode == 0, output
        assert doomed.poll() is not None, "worker-1 was never seen grading"

        # The same gradebook as the local run, each file stored once.
        cohort_run = request.getfixturevalue("cohort_run")
        assert gradebook(out) == gradebook(cohort_run["out"])
        rows = stored(out / "results.sqlite")
        assert len(rows) == len(set(rows))
        assert sorted(rows) == sorted(stored(cohort_run["out"] / "results.sqlite"))
        # Every file graded by worker-1 or worker-2, never by the one that refused.
        graded_by = {json.loads(result)["timing"]["worker"] for result, in sqlite3.connect(
            out / "results.sqlite").execute("SELECT result FROM results")}
        assert graded_by <= {workers["worker-1"], workers["worker-2"]}, graded_by
        assert [target.read_bytes() for target in targets[1:]] == before
        assert f"worker worker-old ({workers['worker-old']}) refuses to grade: it differs from " \
               "this machine in the kit's code" in output, output
    finally:
        for process in processes:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            process.wait()
