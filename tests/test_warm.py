"""Warm starts (grader.warm, student_side.zygote): a student's run forked from a process with Keras
imported starts with one thread, confined as a cold start, and inherits nothing of the runs
before it."""

import pytest

from grader import warm
from grader.student_side import sandbox
from grader.runner import RunOptions, run_file
from grader.spec import load_spec
from tests.test_bulk import KIT

LOOK_AROUND = """
import json, os, sys
import numpy as np
import keras

SEEN = {"threads": len(os.listdir("/proc/self/task")),
        "started by": sys.modules["__main__"].__spec__.name,  # grader.student_side.worker when cold
        "main's name": sys.modules["__main__"].__name__,
        "planted module": "planted" in sys.modules,
        "patched library": hasattr(json, "PATCHED"),
        "environment": os.environ.get("PLANTED"),
        "floatx": keras.config.floatx(),
        "numpy's random state": float(np.random.get_state()[1][0]),
        "a new layer's name": keras.layers.Dense(1).name}  # "dense" unless one was made before
CHANGE = "{change}"
if CHANGE == "yes":  # what a run may leave behind, if anything came back from it
    sys.modules["planted"] = sys
    json.PATCHED = True
    os.environ["PLANTED"] = "1"
    keras.config.set_floatx("float16")
    np.random.seed(12345)


def make_data():
    return json.dumps(SEEN)
"""


def made_data(tmp_path, name, source):
    """What ``make_data`` returned in a run of the toy exercise's file ``source`` (its other
    steps are not run), as the grader runs a student's file: warm and confined."""
    folder = tmp_path / name
    folder.mkdir()
    (folder / "toy.py").write_text(source)
    run = run_file(load_spec("toy", KIT / "specs"), folder / "toy.py", tmp_path / f"{name}-run",
                   RunOptions(sandbox=sandbox.available(), cache_dir=tmp_path / "cache"),
                   only=("make_data",))
    assert run.records["make_data"].ok, run.records
    return run.value("make_data")


def seen(tmp_path, name, change):
    import json

    return json.loads(made_data(tmp_path, name, LOOK_AROUND.replace("{change}", change)))


@pytest.mark.skipif(not warm.enabled(), reason="warm starts need Linux with pidfd")
def test_a_warm_run_starts_with_one_thread_and_nothing_of_the_run_before_it(tmp_path):
    first = seen(tmp_path, "first", "yes")
    second = seen(tmp_path, "second", "no")
    assert first["started by"] == second["started by"] == "grader.student_side.zygote", (
        first, second)
    assert first["threads"] == second["threads"] == 1
    assert second == first, "a run saw something an earlier run changed"
    assert second["floatx"] == "float32" and not second["planted module"]


def test_the_student_process_holds_no_way_back_to_the_warm_process(tmp_path):
    """Its descriptors: the run's output and nothing else (no socket to ask for more forks)."""
    opened = made_data(
        tmp_path, "fds",
        "import os\n\n"
        "def make_data():\n"
        "    found = []\n"
        "    for fd in os.listdir('/proc/self/fd'):\n"
        "        try:\n"
        "            found.append(os.readlink(f'/proc/self/fd/{fd}'))\n"
        "        except OSError:  # the folder listing's own descriptor, closed since\n"
        "            pass\n"
        "    return sorted(found)\n")
    assert opened and not [target for target in opened if target.startswith("socket:")], opened


@pytest.mark.skipif(not warm.enabled(), reason="warm starts need Linux with pidfd")
def test_a_grader_process_forks_its_warm_process_and_its_runs_start_as_clean(tmp_path):
    """The grader process (grader.service) imports Keras once for itself and its warm process:
    the warm process is a fork of it, no second one is started, and its runs start as a started
    warm process's do: one thread, the same ``__main__``, nothing of the run before them."""
    import json

    import psutil

    from grader.service import GraderProcess

    seen = tmp_path / "seen.jsonl"  # each run adds what it saw (not sealed: it writes here)
    reporting = LOOK_AROUND.replace("def make_data():\n", (
        "def make_data():\n"
        "    with open(os.environ['SEEN_FILE'], 'a') as out:\n"
        "        out.write(json.dumps(SEEN) + '\\n')\n"))
    grader = GraderProcess(env={"SEEN_FILE": str(seen), "KIT_GRADER_CACHE": str(tmp_path)})
    try:
        for name, change in (("first", "yes"), ("second", "no")):
            folder = tmp_path / name
            folder.mkdir()
            (folder / "toy.py").write_text(reporting.replace("{change}", change))
            code, output = grader.command(["--kit", KIT, "-e", "toy", "--dir", folder, "--only",
                                           "make_data", "--no-sandbox", "--no-cache"],
                                          timeout=900)
            assert "Traceback" not in output, output
        service = psutil.Process(grader.process.pid)
        children = [child.cmdline() for child in service.children()]
        assert service.cmdline() in children, children  # the warm process: a fork of it
        assert not [line for line in children if "grader.student_side.zygote" in line], children
    finally:
        grader.close()
    first, second = (json.loads(line) for line in seen.read_text().splitlines())
    assert first["started by"] == "grader.student_side.zygote" and first["threads"] == 1, first
    assert first["main's name"] == "__main__", first
    assert second == first, "a run saw something an earlier run changed"


def test_a_run_forks_from_the_warm_process_as_it_was_started_or_as_its_imports_left_it():
    """TensorFlow's import sets a few variables: a grader that imported Keras after starting its
    warm process asks with them, and still gets that warm process; any other difference (another
    backend, another data folder) needs another one, without waiting for this one's imports."""
    started = {"KERAS_BACKEND": "tensorflow", "KIT_DATA_DIR": "/data"}
    process = warm.WarmProcess(started, process=None, channel=None)
    process.ready, process.imports_set = True, {"TF2_BEHAVIOR": "1"}
    assert process.serves(started)
    assert process.serves({**started, "TF2_BEHAVIOR": "1"})
    assert not process.serves({**started, "TF2_BEHAVIOR": "1", "OMP_NUM_THREADS": "1"})
    assert not process.serves({**started, "TF2_BEHAVIOR": "0"})
    waiting = warm.WarmProcess(started, process=None, channel=None)  # never says ready:
    assert not waiting.serves({**started, "KERAS_BACKEND": "jax"})  # answered at once
