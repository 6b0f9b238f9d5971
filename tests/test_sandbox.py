"""Sealed: a student's process cannot reach past its own grading. Each layer on its own, in a
process started as the grader starts a student's (the reaper's namespaces, then Landlock),
without TensorFlow: seconds. The bulk cohort (tests/test_bulk.py) does the same end to end."""

import json
import os
import signal
import stat
import subprocess
import sys
import textwrap

import pytest

from grader.bulk.certs import CertificateError, cluster_security, make_certificates
from grader.bulk.cluster import ClusterError, open_cluster
from grader.student_side.sandbox import Protections, protections
from tests.conftest import ROOT
from tests.test_bulk import KIT, listening

# Run as the grader runs a student's code: the reaper enters the namespaces, the child confines
# itself, then tries everything an attacker would; it prints what happened to each attempt.
ATTACKER = textwrap.dedent("""
    import json, os, signal, socket, sys
    from grader.student_side.sandbox import confine
    grader_pid, port, folder, outside = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
    confine(read=[], write=[folder])
    tried = {}
    def attempt(name, action):
        try:
            action()
            tried[name] = "done"
        except OSError as error:
            tried[name] = type(error).__name__
    attempt("connect", lambda: socket.create_connection(("127.0.0.1", port), timeout=3))
    attempt("listen", lambda: socket.create_server(("127.0.0.1", 0)))
    attempt("signal the grader", lambda: os.kill(grader_pid, signal.SIGTERM))
    attempt("write outside", lambda: open(outside, "w").write("x"))
    attempt("write inside", lambda: open(os.path.join(folder, "mine"), "w").write("x"))
    child = os.fork()
    if child == 0:
        signal.pause()
        os._exit(0)
    attempt("signal its own child", lambda: os.kill(child, signal.SIGKILL))
    os.waitpid(child, 0)
    print(json.dumps(tried))
""")


def run_confined(tmp_path, grader_pid, port):
    read, write = os.pipe()
    folder = tmp_path / "run"
    folder.mkdir()
    completed = subprocess.run(
        [sys.executable, "-m", "grader.student_side.reaper", "--isolate", str(write), "--",
         sys.executable,
         "-c", ATTACKER, str(grader_pid), str(port), str(folder), str(tmp_path / "outside")],
        cwd=ROOT, capture_output=True, text=True, pass_fds=(write,), timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)})
    os.close(write)
    os.close(read)
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout.strip().splitlines()[-1])


def test_this_machine_seals_a_students_process_completely():
    """CI's kernel (and this kind of machine) has every layer; the commands print the same."""
    found = protections()
    assert found.sealed, found.summary()
    assert "Sealed: files, processes, signals, network" in found.summary()


def test_a_sealed_process_reaches_nothing_outside_and_keeps_its_own(tmp_path):
    received = []
    previous = signal.signal(signal.SIGTERM, lambda *args: received.append(args))
    try:
        with listening() as server:
            tried = run_confined(tmp_path, os.getpid(), server.server_address[1])
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert tried["connect"] != "done" and tried["listen"] != "done", tried
    assert tried["signal the grader"] != "done" and received == [], tried
    assert tried["write outside"] != "done" and not (tmp_path / "outside").exists(), tried
    assert server.connections == 0
    assert tried["write inside"] == "done" and tried["signal its own child"] == "done", tried


def test_what_is_missing_is_said_with_what_it_takes():
    half = Protections(files=True, processes=False, signals=True, network=False, landlock=6)
    assert not half.sealed
    summary = half.summary()
    assert "Sealed: files, signals (Landlock ABI 6; namespaces: none)" in summary
    assert "other processes (needs PID namespaces" in summary and "network (needs" in summary


def test_require_sealed_refuses_to_grade_unsealed(tmp_path):
    completed = subprocess.run(
        [sys.executable, "-m", "grader", "--kit", str(KIT), "--dir", str(tmp_path),
         "--no-sandbox", "--require-sealed"], cwd=ROOT, capture_output=True, text=True,
        timeout=300)
    assert completed.returncode == 2, completed.stdout + completed.stderr
    assert "--require-sealed" in completed.stderr and "Not sealed" in completed.stdout


def test_a_cluster_talks_only_tls_with_its_own_certificate(tmp_path):
    with pytest.raises(ClusterError, match="must use TLS"):
        with open_cluster("tcp://127.0.0.1:8786", 1):
            pass
    with pytest.raises(CertificateError, match="run `make certs` once"):
        cluster_security(tmp_path / "none")
    folder = make_certificates(tmp_path / "tls")
    assert stat.S_IMODE((folder / "key.pem").stat().st_mode) == 0o600
    assert cluster_security(folder).require_encryption


def test_make_worker_without_a_certificate_says_how_to_get_one(tmp_path):
    completed = subprocess.run(["make", "worker", "SCHEDULER=tls://127.0.0.1:8786",
                                f"TLS={tmp_path}"], cwd=ROOT, capture_output=True, text=True,
                               timeout=300)
    assert completed.returncode != 0 and "run 'make certs' once" in completed.stderr, (
        completed.stdout + completed.stderr)


def test_the_local_cluster_speaks_tls_only():
    with open_cluster(None, 1) as client:
        assert client.scheduler.address.startswith("tls://")
        assert all(address.startswith("tls://")
                   for address in client.scheduler_info()["workers"])
