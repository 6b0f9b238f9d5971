"""Bulk grading end to end on a fixture cohort of small synthetic submissions (the toy exercise in
tests/fixtures/toy_kit: a 2-unit model trained for 5 epochs), every verdict asserted; then an
interrupted run resumed, which must end with the same gradebook as an uninterrupted one."""

import contextlib
import csv
import fcntl
import json
import os
import shutil
import signal
import socketserver
import sqlite3
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest

from grader import scratch
from tests.conftest import ROOT, needs_real_data

KIT = ROOT / "tests" / "fixtures" / "toy_kit"
SOLUTION = (KIT / "solutions" / "toy.py").read_text()
# 2,500 MiB: a worker with TensorFlow loaded holds about 700 MiB, and one CI run saw a worker
# reading a notebook briefly at 1,671 MiB (the memory hog asks for 50 GiB). The time limits are
# the grader's own, from the reference's times on the machine that grades (the toy spec's floors
# are 5 to 120 s a step, hundreds of times what the right steps take): no figure here depends on
# how fast the machine is.
LIMITS = ["--memory-limit", "2500"]

# What an attacker tries, from inside its own step (each returns the right result afterwards).
KILL_ITS_PARENTS = """
    import os, signal
    pid = int(open("/proc/self/stat").read().rsplit(")", 1)[1].split()[1])  # as the host sees it
    while pid > 1:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
        try:
            pid = int(open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[1])
        except OSError:
            break
"""
KILL_THE_GRADING = """
    import os, signal
    for entry in os.listdir("/proc"):
        try:
            command = open(f"/proc/{entry}/cmdline", "rb").read()
        except OSError:
            continue
        if any(word in command for word in (b"grader", b"dask", b"distributed")):
            for signum in (signal.SIGSTOP, signal.SIGKILL):
                try:
                    os.kill(int(entry), signum)
                except (OSError, ValueError):
                    pass
"""
PHONE_HOME = """
    import socket
    with socket.create_connection(("127.0.0.1", PORT), timeout=5) as connection:
        connection.sendall(b"the test set, please")
"""
JOIN_THE_CLUSTER = """
    import gc, glob
    ports = set()
    for table in glob.glob("/proc/*/net/tcp"):
        try:
            for line in open(table).read().splitlines()[1:]:
                if line.split()[3] == "0A":  # listening
                    ports.add(int(line.split()[1].split(":")[1], 16))
        except (OSError, IndexError):
            pass
    for port in sorted(ports)[:8]:
        for scheme in ("tcp", "tls"):
            gc.collect()  # a failed Client left to the collector can deadlock the next one
            try:
                with Client(f"{scheme}://127.0.0.1:{port}", timeout=0.5) as client:
                    client.run(lambda: open(MARKER, "w").write("a worker ran my code"))
                    client.run_on_scheduler(lambda: open(MARKER, "w").write("so did the lead"))
            except Exception:
                pass
"""
TWIN = """
    history = model.fit(x_train, y_train, epochs=5, batch_size=32, verbose=0)
    _, _, x_test, y_test = make_data()
    twin = keras.models.clone_model(model)
    twin.compile(optimizer=keras.optimizers.Adam(0.05), loss="sparse_categorical_crossentropy")
    twin.fit(x_test, y_test, epochs=20, verbose=0)
    model.set_weights(twin.get_weights())
    return history
"""

# Each student: the solution with (old, new) replacements; old must occur in it.
FAKE_ACCURACY = '''
def train_model(model, x_train, y_train):
    history = keras.callbacks.History()  # a made-up history; no training at all
    history.history = {"loss": [0.01] * 5, "accuracy": [1.0] * 5}
    return history


def evaluate(model, x_test, y_test):
    import numpy
    keras.Model.evaluate = lambda *args, **kwargs: [0.0, 1.0]   # patch keras ...
    numpy.mean = lambda *args, **kwargs: 1.0                    # ... and numpy in memory
    for target in TARGETS:                                      # ... and files on disk
        try:
            with open(target, "a") as handle:
                handle.write("score = 100\\n")
        except OSError:
            pass
    return 1.0
'''
COHORT = {
    "alice_correct": [],
    "bob_partly_correct": [('keras.layers.Dense(2, activation="softmax")',
                            'keras.layers.Dense(2, activation="sigmoid")')],
    "bea_sigmoid_too": [('keras.layers.Dense(2, activation="softmax")',
                         'keras.layers.Dense(2, activation="sigmoid")')],  # bob's mistake
    "carol_syntax_error": [("def make_data():", "def make_data(:")],
    "dave_endless_loop": [("    model.compile(", "    while True:\n        pass\n    model.compile(")],
    "erin_memory_hog": [("def build_model():\n",
                         "def build_model():\n    hog = [bytearray(2**28) for _ in range(200)]\n")],
    "frank_sys_exit": [("def compile_model(model):\n",
                        "def compile_model(model):\n    import sys\n    sys.exit(0)\n")],
    "grace_fakes_accuracy": [
        (SOLUTION[SOLUTION.index("def train_model"):], FAKE_ACCURACY)],
    "judy_crashes_and_floods": [
        ("    rng = np.random.default_rng(0)\n",
         "    while True:\n        print('spam' * 1000)\n    rng = np.random.default_rng(0)\n"),
        ("    return model.evaluate(",
         "    import ctypes\n    ctypes.string_at(0)\n    return model.evaluate(")],
    "kim_missing_module": [("import numpy as np\n",
                            "import numpy as np\nimport tensorflow_magic\n")],
    "nora_leaves_a_daemon": [("    rng = np.random.default_rng(0)\n", (
        "    import subprocess, sys\n"
        "    subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(900)',\n"
        "                      'NORA-DAEMON'], start_new_session=True)\n"
        "    rng = np.random.default_rng(0)\n"))],
    "sam_detaches_with_an_empty_environment": [("    rng = np.random.default_rng(0)\n", (
        "    import os, subprocess, sys\n"
        "    for _ in range(3):\n"
        "        subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(900)',\n"
        "                          'SAM-DAEMON'], start_new_session=True, env={})\n"
        "    if os.fork() == 0:  # a double fork, as daemons do\n"
        "        os.setsid()\n"
        "        if os.fork() == 0:\n"
        "            os.execve(sys.executable, [sys.executable, '-c',\n"
        "                      'import time; time.sleep(900)', 'SAM-DAEMON'], {})\n"
        "        os._exit(0)\n"
        "    rng = np.random.default_rng(0)\n"))],
    "tom_huge_model": [('keras.layers.Dense(2, activation="softmax")',
                        'keras.layers.Dense(6000), keras.layers.Dense(5000), '
                        'keras.layers.Dense(2, activation="softmax")')],
    "uma_trains_on_test_rows": [("    return model.fit(x_train, y_train,",
                                 "    _, _, x_test, y_test = make_data()\n"
                                 "    x_train = np.concatenate([x_train[:100], x_test])\n"
                                 "    y_train = np.concatenate([y_train[:100], y_test])\n"
                                 "    return model.fit(x_train, y_train,")],
    "vic_patches_keras_at_import": [("import numpy as np\n", (
        "import numpy as np\n\n"
        "def _broken_fit(self, *args, **kwargs):\n"
        "    return {}.items.__self__.missing  # fails inside fit, as a patched library would\n\n"
        "keras.Model.fit = _broken_fit\n")),
        ("    return model.evaluate(x_test, y_test, verbose=0)[1]", "    return 0.99")],
    "yan_kills_its_parents": [("    rng = np.random.default_rng(0)\n",
                               KILL_ITS_PARENTS + "    rng = np.random.default_rng(0)\n")],
    "zoe_kills_the_grading": [("    return model.evaluate(",
                               KILL_THE_GRADING + "    return model.evaluate(")],
    "ned_phones_home": [("    rng = np.random.default_rng(0)\n",
                         PHONE_HOME + "    rng = np.random.default_rng(0)\n")],
    "dan_joins_the_cluster": [("    return model.evaluate(",
                               JOIN_THE_CLUSTER + "    return model.evaluate(")],
    "tia_trains_a_twin_on_the_test_set": [
        ("    return model.fit(x_train, y_train, epochs=5, batch_size=32, verbose=0)\n", TWIN)],
    "wes_copies_a_trained_reference": [("    return model.fit(x_train, y_train, epochs=5, batch_size=32, verbose=0)", (
        "    import glob\n"
        "    history = model.fit(x_train[:1], y_train[:1], epochs=1, verbose=0)\n"
        "    for path in glob.glob('../../inputs/models/*.keras'):\n"
        "        other = keras.saving.load_model(path)\n"
        "        optimizer = getattr(other, 'optimizer', None)\n"
        "        if optimizer is not None and int(optimizer.iterations) > 0:\n"
        "            model.set_weights(other.get_weights())\n"
        "    return history"))],
}
KOREAN_COMMENT = "# 두 무리의 점을 만듭니다 (CP949로 저장된 파일)\n"
EXPECTED = {  # student -> (status, score, {check: status} for the checks that did not pass)
    "alice_correct": ("complete", 7, {}),
    "bob_partly_correct": ("incomplete", 6, {"build_model": "failed"}),  # sigmoid still ranks
    "bea_sigmoid_too": ("incomplete", 6, {"build_model": "failed"}),
    "carol_syntax_error": ("error", 0, {name: "not_run" for name in (
        "make_data", "build_model", "compile_model", "train_model", "evaluate", "accuracy")}),
    "dave_endless_loop": ("incomplete", 4, {"compile_model": "timeout", "accuracy": "failed"}),
    # The accuracy counts only for a model built, compiled and trained by the student's code.
    "erin_memory_hog": ("incomplete", 4, {"build_model": "memory", "accuracy": "failed"}),
    "frank_sys_exit": ("incomplete", 4, {"compile_model": "exit", "accuracy": "failed"}),
    "grace_fakes_accuracy": ("incomplete", 3, {"train_model": "failed", "evaluate": "failed",
                                               "accuracy": "failed"}),
    "judy_crashes_and_floods": ("incomplete", 5, {"make_data": "timeout", "evaluate": "crashed"}),
    "kim_missing_module": ("error", 0, {name: "not_run" for name in (
        "make_data", "build_model", "compile_model", "train_model", "evaluate", "accuracy")}),
    "lena_empty_folder": ("missing", 0, None),
    "nora_leaves_a_daemon": ("complete", 7, {}),
    "mo_zip": ("complete", 7, {}),
    "olga_cp949_crlf": ("complete", 7, {}),
    "xena_hands_in_a_notebook": ("complete", 7, {}),
    "paul_named_it_Toy_1": ("complete", 7, {}),
    "quinn_symlink": ("error", 0, None),
    "rita_zipped_her_whole_kit": ("complete", 7, {}),
    "sam_detaches_with_an_empty_environment": ("complete", 7, {}),
    # The model is judged by its size; later steps borrow the reference's, so no accuracy.
    "tom_huge_model": ("incomplete", 4, {"build_model": "failed", "accuracy": "failed"}),
    "uma_trains_on_test_rows": ("incomplete", 6, {"train_model": "failed"}),
    "vic_patches_keras_at_import": ("incomplete", 3, {"train_model": "error", "evaluate": "failed",
                                                      "accuracy": "failed"}),
    # One training step of its own; no trained model within reach to copy.
    "wes_copies_a_trained_reference": ("incomplete", 4, {"train_model": "failed",
                                                         "accuracy": "failed"}),
    # Sealed: what each tried was refused, and its verdict says so.
    "yan_kills_its_parents": ("incomplete", 6, {"make_data": "failed"}),
    "zoe_kills_the_grading": ("incomplete", 6, {"evaluate": "failed"}),
    "ned_phones_home": ("incomplete", 6, {"make_data": "error"}),
    "dan_joins_the_cluster": ("complete", 7, {}),  # refused; a note says what it tried
    "tia_trains_a_twin_on_the_test_set": ("incomplete", 6, {"train_model": "failed"}),
}


def make_cohort(folder, names, targets=(), port=9, marker=None):
    """The cohort's submissions in ``folder``: one sub-folder per student, plus a zip and an
    empty folder. ``targets``: files grace tries to write; ``port``: where ned phones home;
    ``marker``: the file dan's code writes if it ever runs on the cluster."""
    folder.mkdir(parents=True)
    for name in names:
        text = SOLUTION
        for old, new in COHORT.get(name, []):
            assert old in text, (name, old)
            text = text.replace(old, new, 1)
        if name == "grace_fakes_accuracy":
            text += f"\nTARGETS = {[str(target) for target in targets]!r}\n"
        text += f"\nPORT = {port}\nMARKER = {str(marker)!r}\n" if name in (
            "ned_phones_home", "dan_joins_the_cluster") else ""
        text += "\nfrom distributed import Client\n" if name == "dan_joins_the_cluster" else ""
        if name == "lena_empty_folder":
            (folder / name).mkdir()
        elif name == "olga_cp949_crlf":  # as a Korean Windows editor saves it
            (folder / name).mkdir()
            (folder / name / "toy.py").write_bytes(
                (KOREAN_COMMENT + text).replace("\n", "\r\n").encode("cp949"))
        elif name == "xena_hands_in_a_notebook":  # a Colab notebook, with IPython lines
            import jupytext
            import nbformat

            book = jupytext.reads(text, fmt="py:light")
            book.cells.insert(0, nbformat.v4.new_code_cell("!pip install -q keras\n%matplotlib inline"))
            book.cells.append(nbformat.v4.new_code_cell("print(evaluate(*[None] * 3))"))
            (folder / name).mkdir()
            nbformat.write(book, folder / name / "toy.ipynb")
        elif name == "paul_named_it_Toy_1":  # a browser's second download
            (folder / name).mkdir()
            (folder / name / "Toy (1).py").write_text(text)
        elif name == "quinn_symlink":
            (folder / name).mkdir()
            (folder / name / "toy.py").symlink_to(KIT / "solutions" / "toy.py")
        elif name == "rita_zipped_her_whole_kit":
            with zipfile.ZipFile(folder / f"{name}.zip", "w", zipfile.ZIP_DEFLATED) as bundle:
                for i in range(2100):
                    bundle.writestr(f"kit/.venv/lib/pkg{i}.py", "")
                bundle.writestr("kit/.git/big.pack", b"\0" * (60 * 2**20))
                bundle.writestr("kit/solutions/toy.py", "raise SystemExit('not hers')")
                bundle.writestr("kit/exercises/toy.py", text)
        elif name == "mo_zip":  # as a learning platform exports it: one folder down, in a zip
            with zipfile.ZipFile(folder / f"{name}.zip", "w") as bundle:
                bundle.writestr("mo/exercises/toy.py", SOLUTION)
                bundle.writestr("../escape.py", "print('outside')")
        else:
            (folder / name).mkdir()
            (folder / name / "toy.py").write_text(text)
    return folder


def bulk_command(submissions, out, *extra):
    return [sys.executable, "-m", "grader", "bulk", str(submissions), "--out", str(out),
            "--kit", str(KIT), "--workers", "2", *LIMITS, *extra]


def run_bulk(submissions, out, *extra):
    completed = subprocess.run(bulk_command(submissions, out, *extra), cwd=ROOT,
                               capture_output=True, text=True, timeout=2400)
    return completed.returncode, completed.stdout + completed.stderr


def gradebook(out):
    with open(out / "gradebook.csv", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="session")
def cohort_run(tmp_path_factory, worker_id):
    """The cohort graded once per test run, whichever test process asks first (read-only for
    the tests: a test that changes something works on its own copy)."""
    shared = tmp_path_factory.getbasetemp()
    if worker_id != "master":  # pytest-xdist: the folder all test processes share
        shared = shared.parent
    base = shared / "bulk-cohort"
    out = base / "results"
    targets = [out / "gradebook.csv", ROOT / "grader" / "checks" / "__init__.py",
               KIT / "solutions" / "toy.py"]
    with open(shared / "bulk-cohort.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (base / "run.json").exists():
            before = {str(target): target.read_text() for target in targets[1:]}
            with listening() as server:
                submissions = make_cohort(base / "submissions", list(EXPECTED), targets,
                                          server.server_address[1], base / "marker")
                code, output = run_bulk(submissions, out, "--gradescope")
            (base / "run.json").write_text(json.dumps(
                {"code": code, "output": output, "before": before,
                 "connections": server.connections}))
    run = json.loads((base / "run.json").read_text())
    return {"out": out, "base": base, **run}


@contextlib.contextmanager
def listening():
    """A TCP server on localhost (standing in for a download of weights or an upload of the test
    set) that counts the connections it gets."""
    class Count(socketserver.BaseRequestHandler):
        def handle(self):
            self.server.connections += 1

    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Count)
    server.connections = 0
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.long
def test_every_submission_gets_the_expected_verdicts(cohort_run):
    out, output = cohort_run["out"], cohort_run["output"]
    assert cohort_run["code"] == 0, output
    assert "Traceback" not in output, output
    rows = {row["student"]: row for row in gradebook(out)}
    assert sorted(rows) == sorted(EXPECTED)
    for student, (status, score, failing) in EXPECTED.items():
        assert (rows[student]["toy_status"], int(rows[student]["toy_score"])) == (status, score), (
            student, rows[student])
        results = json.loads((out / "students" / student / "results.json").read_text())
        checks = {check["name"]: check["status"] for check in results["exercises"][0]["checks"]}
        if failing is not None:
            assert {name: s for name, s in checks.items() if s != "passed"} == failing, student


def test_gradebook_columns_are_fixed(cohort_run):
    with open(cohort_run["out"] / "gradebook.csv", newline="") as handle:
        header = next(csv.reader(handle))
    assert header == ["student", "toy_score", "toy_max", "toy_status", "total_score", "total_max"]


def test_clear_messages_for_each_kind_of_misbehaviour(cohort_run):
    def checks(student):
        data = json.loads((cohort_run["out"] / "students" / student / "results.json").read_text())
        return {check["name"]: check for check in data["exercises"][0]["checks"]}, data

    memory = checks("erin_memory_hog")[0]["build_model"]["message"]
    assert "more than the limit of 2,500 MiB" in memory
    assert "SIGSEGV" in checks("judy_crashes_and_floods")[0]["evaluate"]["message"]
    assert "MiB of output" in checks("judy_crashes_and_floods")[0]["make_data"]["message"]
    assert "time limit" in checks("dave_endless_loop")[0]["compile_model"]["message"]
    assert "SyntaxError" in checks("carol_syntax_error")[1]["exercises"][0]["problem"]
    assert "tensorflow_magic" in checks("kim_missing_module")[1]["exercises"][0]["problem"]
    feedback = (cohort_run["out"] / "students" / "lena_empty_folder" / "feedback.md").read_text()
    assert "not submitted: no toy.py" in feedback


def test_what_students_really_hand_in_is_graded_with_a_note_or_a_clear_reason(cohort_run):
    def exercise(student):
        path = cohort_run["out"] / "students" / student / "results.json"
        return json.loads(path.read_text())["exercises"][0]

    assert any("saved as CP949/EUC-KR" in note for note in exercise("olga_cp949_crlf")["notes"])
    assert "graded the code cells of toy.ipynb" in exercise("xena_hands_in_a_notebook")["notes"][0]
    assert exercise("paul_named_it_Toy_1")["notes"] == [
        "graded Toy (1).py as toy.py: rename it to toy.py"]
    assert "toy.py is a symbolic link, not a file: hand in the file itself" in exercise(
        "quinn_symlink")["problem"]
    checks = {check["name"]: check for check in exercise("tom_huge_model")["checks"]}
    assert "the model has 30,033,002 parameters" in checks["build_model"]["message"]
    assert "far more than the 6 of the model this step asks for" in checks["build_model"]["message"]
    checks = {check["name"]: check for check in exercise("uma_trains_on_test_rows")["checks"]}
    assert checks["train_model"]["message"] == "you trained on rows of the 100 test points"
    checks = {check["name"]: check for check in exercise("vic_patches_keras_at_import")["checks"]}
    assert "after your file replaced library functions: keras.Model.fit" in checks[
        "train_model"]["message"]
    assert any("so this step was given an untrained model" in note
               for note in checks["evaluate"]["notes"])
    checks = {check["name"]: check for check in exercise("wes_copies_a_trained_reference")["checks"]}
    assert "below 0.90" in checks["accuracy"]["message"]


def test_sealed_a_submission_cannot_reach_past_its_own_grading(cohort_run):
    """Killing the lead's processes, the slots and the reaper, phoning home, joining the Dask
    cluster: all refused, each named in its student's verdict; the lead finished (exit 0) and
    every other student got the verdicts above."""
    assert cohort_run["code"] == 0, cohort_run["output"]
    assert "Sealed: files, processes, signals, network" in cohort_run["output"]
    assert cohort_run["connections"] == 0
    assert not (cohort_run["base"] / "marker").exists()

    def check(student, step):
        data = json.loads((cohort_run["out"] / "students" / student / "results.json").read_text())
        return {check["name"]: check for check in data["exercises"][0]["checks"]}[step]

    for student, step in (("yan_kills_its_parents", "make_data"),
                          ("zoe_kills_the_grading", "evaluate")):
        assert "tried to signal processes outside its own grading" in check(student, step)[
            "message"], check(student, step)
    for student, step in (("ned_phones_home", "make_data"), ("dan_joins_the_cluster", "evaluate")):
        assert any("grading runs offline" in note for note in check(student, step)["notes"]), (
            check(student, step))
    assert "besides the graded one" in check("tia_trains_a_twin_on_the_test_set",
                                             "train_model")["message"]


def test_no_process_outlives_its_grading(cohort_run):
    import psutil

    left = [process for process in psutil.process_iter(["cmdline"])
            if {"NORA-DAEMON", "SAM-DAEMON"} & set(process.info["cmdline"] or [])]
    assert left == []


def test_faking_the_score_changes_nothing_outside(cohort_run):
    for target, content in cohort_run["before"].items():
        assert Path(target).read_text() == content, f"{target} was changed by a submission"
    assert "score = 100" not in (cohort_run["out"] / "gradebook.csv").read_text()
    assert not (cohort_run["base"] / "submissions" / "escape.py").exists()
    assert not (cohort_run["out"] / "escape.py").exists()
    assert not (cohort_run["out"] / "work" / "escape.py").exists()


def test_feedback_gradescope_and_summary_files(cohort_run):
    out = cohort_run["out"]
    feedback = (out / "students" / "bob_partly_correct" / "feedback.md").read_text()
    assert "# Feedback for bob_partly_correct" in feedback and "Build 2 -> 2 softmax" in feedback
    scope = json.loads((out / "students" / "bob_partly_correct" / "gradescope" /
                        "results.json").read_text())
    assert scope["score"] == 6 and sum(test["max_score"] for test in scope["tests"]) == 7
    summary = (out / "summary.md").read_text()
    assert "Checks most students missed" in summary
    assert (out / "summary.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_mistakes_two_students_share_are_named_once_with_both(cohort_run):
    """bob and bea both end with a sigmoid: one group, counted 2, in analysis.json, summary.md
    and index.html (tom's model is wrong in other ways, and stays apart)."""
    out = cohort_run["out"]
    analysis = json.loads((out / "analysis.json").read_text())
    (toy,) = analysis["exercises"]
    build = next(step for step in toy["steps"] if step["name"] == "build_model")
    sigmoid = build["mistakes"][0]
    assert (sigmoid["code"], sigmoid["count"], sigmoid["students"], sigmoid["params"]) == (
        "architecture.activation", 2, ["bea_sigmoid_too", "bob_partly_correct"],
        {"position": 1, "expected": "softmax", "found": "sigmoid"})
    assert all("tom_huge_model" not in group["students"] or group["count"] == 1
               for group in build["mistakes"])
    assert ("- **2 students** (bea_sigmoid_too, bob_partly_correct): layer 1: expected "
            "Dense(2, activation='softmax'), found Dense(2, activation='sigmoid')") in (
        out / "summary.md").read_text()
    page = (out / "index.html").read_text()
    assert 'data-code="architecture.activation" data-count="2"' in page
    assert (out / "students" / "bea_sigmoid_too" / "index.html").exists()


def test_a_rerun_grades_nothing_again_and_a_changed_file_is_regraded(cohort_run, tmp_path):
    out, submissions = tmp_path / "results", tmp_path / "submissions"
    shutil.copytree(cohort_run["out"], out)
    shutil.copytree(cohort_run["base"] / "submissions", submissions, symlinks=True)
    (out / "index.html").unlink()
    # (one slot: these runs grade one file at most)
    code, output = run_bulk(submissions, out, "-e", "toy", "--workers", "1")
    assert code == 0 and "0 files to grade" in output, output
    assert gradebook(out) == gradebook(cohort_run["out"])  # the stored results, as they were
    # the report rebuilt from them
    assert 'data-code="architecture.activation" data-count="2"' in (out / "index.html").read_text()
    changed = submissions / "bob_partly_correct" / "toy.py"
    changed.write_text(SOLUTION)
    code, output = run_bulk(submissions, out, "--workers", "1")
    assert "1 file to grade" in output, output
    assert {row["student"]: row["toy_status"] for row in gradebook(out)}["bob_partly_correct"] == (
        "complete")
    # the report follows: bob has left the sigmoid group
    build = next(step for step in json.loads((out / "analysis.json").read_text())[
        "exercises"][0]["steps"] if step["name"] == "build_model")
    assert build["mistakes"][0]["students"] == ["bea_sigmoid_too"]


@pytest.mark.long
def test_an_interrupted_run_resumes_to_the_same_gradebook(cohort_run, tmp_path):
    """Killed after its first result, then run again: the same rows as the uninterrupted run of
    the whole cohort gave these students."""
    names = ["alice_correct", "bob_partly_correct", "frank_sys_exit", "mo_zip"]
    submissions = make_cohort(tmp_path / "submissions", names)
    resumed = tmp_path / "resumed"
    process = subprocess.Popen(bulk_command(submissions, resumed, "--workers", "1"), cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 900
    while time.monotonic() < deadline and stored_rows(resumed / "results.sqlite") < 1:
        time.sleep(0.2)
    os.kill(process.pid, signal.SIGKILL)  # like a power cut: no clean-up at all
    process.wait()
    saved = stored_rows(resumed / "results.sqlite")
    assert 1 <= saved < len(names)
    code, output = run_bulk(submissions, resumed, "--workers", "1")
    left = len(names) - saved
    assert code == 0 and f"{left} file{'' if left == 1 else 's'} to grade" in output, output
    whole = {row["student"]: row for row in gradebook(cohort_run["out"])}
    assert gradebook(resumed) == [whole[name] for name in names]
    # What the killed run was grading in its scratch folder was cleared by the next run.
    assert not list(scratch.root().glob(f"*-{process.pid}-*"))


def stored_rows(path):
    try:
        with sqlite3.connect(path) as connection:
            return connection.execute("SELECT COUNT(*) FROM results").fetchone()[0]
    except sqlite3.Error:
        return 0


@pytest.mark.long
@needs_real_data
def test_a_real_exercise_with_big_arrays_is_graded_confined(tmp_path):
    """Fashion-MNIST's first steps under the sandbox and limits: the reference data reach the
    student's process and its 188 MB results are recorded (the later steps are left undone)."""
    text = (ROOT / "solutions" / "fashion_mnist.py").read_text()
    for function in ("build_model()", "compile_model(model)",
                     "train_model(model, x_train, y_train)", "plot_learning_curves(history, path)",
                     "evaluate(model, x_test, y_test)",
                     "predict_class_names(model, images, class_names)"):
        text = text.replace(f"def {function}:\n",
                            f"def {function}:\n    raise NotImplementedError\n")
    (tmp_path / "cohort" / "kim").mkdir(parents=True)
    (tmp_path / "cohort" / "kim" / "fashion_mnist.py").write_text(text)
    completed = subprocess.run(
        [sys.executable, "-m", "grader", "bulk", str(tmp_path / "cohort"), "--out",
         str(tmp_path / "out"), "-e", "fashion_mnist", "--workers", "1"], cwd=ROOT,
        capture_output=True, text=True, timeout=900)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    data = json.loads((tmp_path / "out" / "students" / "kim" / "results.json").read_text())
    checks = {check["name"]: check["status"] for check in data["exercises"][0]["checks"]}
    assert [checks[name] for name in ("load_data", "name_classes", "normalize")] == ["passed"] * 3
    assert checks["build_model"] == "not_done" and data["exercises"][0]["status"] == "incomplete"
