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
from tests.test_bulk import (KIT, LIMITS, cohort_run, gradebook, listening,  # noqa: F401
                             make_cohort)

PYTHON = [sys.executable, "-m", "dask"]
# The students graded on the cluster: one of each kind of run that could differ between a lead's
# machine and a worker's (the limits, a crash, the library patches, every attacker), so that the
# same files must get the same rows as in the local run.
ON_THE_CLUSTER = ["alice_correct", "bob_partly_correct", "dave_endless_loop", "erin_memory_hog",
                  "grace_fakes_accuracy", "judy_crashes_and_floods", "mo_zip",
                  "yan_kills_its_parents", "zoe_kills_the_grading", "ned_phones_home",
                  "dan_joins_the_cluster", "tia_trains_a_twin_on_the_test_set"]


def start(command, folder, kit=ROOT):
    """A process of the cluster in ``folder``, as on a machine of its own."""
    folder.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PYTHONPATH": str(kit), "KIT_GRADER_CACHE": str(folder / "cache"),
           "TMPDIR": str(folder)}
    with open(folder / "log", "wb") as log:
        return subprocess.Popen(command, cwd=folder, env=env, stdout=log, stderr=log,
                                start_new_session=True)


def tls_flags(certificates):
    """The TLS options of `make scheduler` and `make worker`, for the certificate in
    ``certificates`` (made by `make certs`)."""
    return ["--tls-ca-file", str(certificates / "ca.pem"), "--tls-cert",
            str(certificates / "cert.pem"), "--tls-key", str(certificates / "key.pem")]


def worker(address, folder, name, certificates, kit=ROOT):
    return start(PYTHON + ["worker", address, "--nthreads", "1", "--resources", "grading=1",
                           "--memory-limit", "0", "--name", name, "--no-dashboard",
                           *tls_flags(certificates)], folder, kit)


def other_kit(folder):
    """A copy of the kit with one change in the grader: another commit, as a worker that was
    not updated would have."""
    for part in ("grader", "datasets", "messages"):
        shutil.copytree(ROOT / part, folder / part, ignore=shutil.ignore_patterns("__pycache__"))
    with open(folder / "grader" / "checks" / "__init__.py", "a") as handle:
        handle.write("\n# a later change to the checks\n")
    return folder


def wait_for_workers(address, count, certificates):
    from distributed import Client

    from grader.bulk.certs import cluster_security

    with Client(address, timeout=60, security=cluster_security(certificates)) as client:
        client.wait_for_workers(count, timeout=120)
        return {info["name"]: address
                for address, info in client.scheduler_info(n_workers=-1)["workers"].items()}


def running_job(folder):
    """Whether the worker in ``folder`` is grading a file now (its job folder exists)."""
    return any(folder.glob("kit-grader-*/bulk-job-*"))


def stored(path, finished=False):
    """The results stored so far ([] while the lead has made the file but not yet its table).

    A ``finished`` run's file is read as immutable: no lock, no ``-wal``/``-shm`` file made
    beside it (the cohort's folder is read, and copied, by tests running side by side)."""
    source = f"{path.as_uri()}?immutable=1" if finished else str(path)
    try:
        with sqlite3.connect(source, uri=finished) as connection:
            return connection.execute("SELECT student, exercise FROM results").fetchall()
    except sqlite3.OperationalError:
        return []


@pytest.mark.long
def test_a_cohort_graded_on_a_cluster_equals_the_local_run_despite_a_killed_worker(
        request, tmp_path):
    """The cohort is made here and the local run's results are asked for only at the end, so
    this test runs beside the one grading the cohort locally instead of waiting for it."""
    processes = []
    try:
        certificates = tmp_path / "tls"  # as `make certs` makes them
        subprocess.run([sys.executable, "-m", "grader.bulk.certs", str(certificates)], cwd=ROOT,
                       check=True, capture_output=True)
        scheduler_file = tmp_path / "scheduler" / "scheduler.json"
        processes.append(start(PYTHON + ["scheduler", "--host", "127.0.0.1", "--port", "0",
                                         "--protocol", "tls", "--no-dashboard",
                                         "--scheduler-file", str(scheduler_file),
                                         *tls_flags(certificates)], tmp_path / "scheduler"))
        deadline = time.monotonic() + 180
        while not scheduler_file.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        address = json.loads(scheduler_file.read_text())["address"]
        assert address.startswith("tls://"), address
        doomed = worker(address, tmp_path / "worker-1", "worker-1", certificates)
        processes += [doomed, worker(address, tmp_path / "worker-2", "worker-2", certificates),
                      worker(address, tmp_path / "worker-old", "worker-old", certificates,
                             kit=other_kit(tmp_path / "old-kit"))]
        workers = wait_for_workers(address, 3, certificates)

        out = tmp_path / "results"
        # (grace tries to write to these: confined on the workers as on the lead's machine)
        targets = [out / "gradebook.csv", ROOT / "grader" / "checks" / "__init__.py",
                   KIT / "solutions" / "toy.py"]
        before = [target.read_bytes() for target in targets[1:]]
        with listening() as server:
            submissions = make_cohort(tmp_path / "submissions", ON_THE_CLUSTER, targets,
                                      server.server_address[1], tmp_path / "marker")
            lead = subprocess.Popen(
                [sys.executable, "-m", "grader", "bulk", str(submissions), "--out", str(out),
                 "--kit", str(KIT), "--scheduler", address, "--tls", str(certificates), *LIMITS],
                cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            # Kill worker-1 (its whole process group: the machine is gone) while it grades a
            # file, once most results are in (the rest is graded by worker-2 alone).
            deadline = time.monotonic() + 1800
            while time.monotonic() < deadline and lead.poll() is None:
                if (out / "results.sqlite").exists() and len(
                        stored(out / "results.sqlite")) >= 4 and running_job(
                        tmp_path / "worker-1"):
                    os.killpg(doomed.pid, signal.SIGKILL)
                    break
                time.sleep(0.2)
            output = lead.communicate(timeout=2400)[0]
        assert lead.returncode == 0, output
        assert doomed.poll() is not None, "worker-1 was never seen grading"
        # Sealed on the workers too: no connection out, no code run in the cluster.
        assert server.connections == 0 and not (tmp_path / "marker").exists()

        # The same rows as the local run gave these students, each file stored once.
        cohort_run = request.getfixturevalue("cohort_run")
        local = {row["student"]: row for row in gradebook(cohort_run["out"])}
        assert gradebook(out) == [local[name] for name in sorted(ON_THE_CLUSTER)]
        rows = stored(out / "results.sqlite")
        assert len(rows) == len(set(rows))
        local_rows = stored(cohort_run["out"] / "results.sqlite", finished=True)
        assert sorted(rows) == sorted(row for row in local_rows if row[0] in ON_THE_CLUSTER)
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
