"""Watch mode (``make watch``): which steps a save changed, a save graded again (the changed step
first), a grading stopped when the file is saved again, and Ctrl-C leaving nothing behind.
How soon the verdict comes is measured by ``make bench``, not asserted here."""

import fcntl
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import replace

import psutil
import pytest

from grader.errors import Cancelled
from grader.reference import reference_folder, reference_run
from grader.runner import RunOptions, run_file
from grader.spec import load_spec
from grader.watch import changed_steps
from tests.conftest import ROOT

IRIS = (ROOT / "solutions" / "iris.py").read_text()


def test_a_step_changed_when_its_function_or_a_function_it_calls_changed():
    spec = load_spec("iris")
    assert changed_steps(spec, IRIS, IRIS + "\n# a comment\n\n") == []
    wrong = IRIS.replace('Dense(3, activation="softmax")', 'Dense(3, activation="sigmoid")')
    assert changed_steps(spec, IRIS, wrong) == ["build_model"]
    helper = IRIS + "\n\ndef epochs():\n    return 100\n"
    calls = helper.replace("epochs=100, batch_size=1", "epochs=epochs(), batch_size=1")
    assert changed_steps(spec, helper, calls) == ["train_model"]
    assert changed_steps(spec, calls, calls.replace("return 100", "return 50")) == [
        "train_model"]
    everything = [step.name for step in spec.run_order]
    assert changed_steps(spec, IRIS, "import os\n" + IRIS) == everything  # top-level code
    assert changed_steps(spec, IRIS, IRIS + "\ndef broken(:\n") == everything  # no parse


def test_a_cancelled_grading_stops_its_run_at_once(tmp_path):
    """What a new save does to the grading under way: its student process is stopped, and
    :class:`Cancelled` says so (a NumPy exercise: no Keras to import)."""
    cancel = threading.Event()
    cancel.set()
    before = {child.pid for child in psutil.Process().children(recursive=True)}
    spec = load_spec("numpy_network")
    with pytest.raises(Cancelled):
        run_file(spec, ROOT / "solutions" / spec.module, tmp_path / "out",
                 replace(RunOptions(cache_dir=tmp_path / "cache"), cancel=cancel))
    assert {child.pid for child in psutil.Process().children(recursive=True)} <= before


def test_a_cancelled_grading_stops_waiting_for_a_reference_another_grader_builds(tmp_path):
    """Ctrl-C, or a new save, while another grader holds the reference's lock (a minute or more
    of training): the grading stops waiting, and nothing is built."""
    spec = load_spec("iris")
    options = RunOptions(cache_dir=tmp_path / "cache")
    folder = reference_folder(spec, ROOT / "solutions" / spec.module, options)
    folder.parent.mkdir(parents=True)
    cancel, raised = threading.Event(), []

    def grade():
        try:
            reference_run(spec, ROOT / "solutions" / spec.module, replace(options, cancel=cancel))
        except Cancelled as error:
            raised.append(error)

    with open(folder.with_suffix(".lock"), "w") as building:
        fcntl.flock(building, fcntl.LOCK_EX)  # as the other grader holds it
        grading = threading.Thread(target=grade, daemon=True)
        grading.start()
        cancel.set()
        grading.join(timeout=60)  # a hang guard: it stops within a fraction of a second
        assert not grading.is_alive(), "still waiting for the lock after the grading was cancelled"
    assert raised
    assert list(folder.parent.iterdir()) == [folder.with_suffix(".lock")]


def test_a_saved_step_is_graded_again_first_and_ctrl_c_ends_it_cleanly(tmp_path):
    """Started with SIGINT ignored, as a script's background job is (the bench's): Ctrl-C
    still ends it."""
    shutil.copy(ROOT / "exercises" / "iris.py", tmp_path / "iris.py")
    watching = subprocess.Popen(
        [sys.executable, "-m", "grader", "-e", "iris", "--dir", str(tmp_path), "--watch",
         "--lang", "en"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "PYTHONFAULTHANDLER": "1"},  # a hang's SIGABRT prints every thread
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    lines = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in watching.stdout],
                     daemon=True).start()
    printed = []

    def wait_for(text, seconds=600):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                printed.append(lines.get(timeout=1))
            except queue.Empty:
                continue
            if text in printed[-1]:
                return
        raise AssertionError(f"{text!r} not printed (exit status {watching.poll()}):\n"
                             f"{''.join(printed)}")

    try:
        wait_for("Watching ")
        assert "TODO   5. Build the model" in "".join(printed)
        stub = (tmp_path / "iris.py").read_text()
        start = stub.index("def build_model():")
        body = stub.index("    raise NotImplementedError", start)
        (tmp_path / "iris.py").write_text(
            stub[:body] + "    return keras.Sequential([keras.Input(shape=(4,)), "
            "keras.layers.Dense(30, activation='relu'), keras.layers.Dense(16, activation='relu'),"
            " keras.layers.Dense(3, activation='sigmoid')])\n"
            + stub[stub.index("\n", body) + 1:])
        wait_for("Saved iris.py: grading build_model() first")
        wait_for("FAIL   5. Build the model")
        wait_for("found Dense(3,")
        family = psutil.Process(watching.pid).children(recursive=True)
    finally:
        watching.send_signal(signal.SIGINT)
        try:
            watching.wait(timeout=120)
        except subprocess.TimeoutExpired:  # where it hangs, then the failure
            watching.send_signal(signal.SIGABRT)
            try:
                watching.wait(timeout=10)
            except subprocess.TimeoutExpired:
                watching.kill()
    wait_for("Stopped watching.", 10)
    assert watching.returncode == 0, "".join(printed)
    assert "Traceback" not in "".join(printed)
    _gone, alive = psutil.wait_procs(family, timeout=30)
    assert not alive, alive  # the warm process and any student's run ended with it
