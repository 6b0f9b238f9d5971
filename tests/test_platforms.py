"""Grading where students work: a GPU shared by every process the grader starts, Keras on a
backend other than TensorFlow (JAX, installed with the kit). The GPU test runs only on a
machine with one."""

import shutil
import subprocess
from importlib import metadata

import pytest

from grader import environment, runner, supervision, warm
from grader.accelerators import SHARED_GPU
from tests.conftest import needs_real_data
from tests.grading import check_solution_passes


def test_every_child_process_shares_the_gpu(monkeypatch):
    monkeypatch.setenv("TF_FORCE_GPU_ALLOW_GROWTH", "false")  # a user's setting that would hog it
    env = supervision.child_env(runner.RunOptions())
    for name, value in SHARED_GPU.items():
        assert env[name] == value
    assert env["TF_FORCE_GPU_ALLOW_GROWTH"] == "true" and env["XLA_PYTHON_CLIENT_PREALLOCATE"] == "false"


def test_the_grader_sets_it_for_itself_before_anything_starts(monkeypatch):
    import grader.__main__
    from grader import accelerators

    calls = []
    monkeypatch.setattr(accelerators, "share_gpu_here", lambda: calls.append("shared"))
    monkeypatch.setattr(supervision, "become_subreaper", lambda: None)
    assert grader.__main__.main(["-e", "no_such_exercise"]) == 2
    assert calls == ["shared"]


def test_a_missing_backend_is_a_version_not_a_crash(monkeypatch):
    real = metadata.version

    def version(name):
        if name == "tensorflow":
            raise metadata.PackageNotFoundError(name)
        return real(name)

    monkeypatch.setattr(environment.metadata, "version", version)
    versions = environment.library_versions()
    assert "tensorflow=none" in versions and any(v.startswith("keras=3.") for v in versions)


def gpu_present():
    if not shutil.which("nvidia-smi"):
        return False
    return subprocess.run(["nvidia-smi", "-L"], capture_output=True).returncode == 0


@needs_real_data
@pytest.mark.skipif(not gpu_present(), reason="needs a machine with an NVIDIA GPU")
def test_the_fashion_mnist_solution_passes_on_a_gpu(tmp_path):
    output = check_solution_passes("fashion_mnist", tmp_path)
    assert "GPU" in output


JAX_RUN = """
import json, sys
import keras
import numpy as np


def make_data():
    started = {"started by": sys.modules["__main__"].__spec__.name}
    model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(2, activation="softmax")])
    model.compile("adam", "categorical_crossentropy")
    history = model.fit(np.random.rand(16, 2), np.eye(2)[np.arange(16) % 2], epochs=2, verbose=0)
    return json.dumps({**started, "backend": keras.backend.backend(),
                       "loss": history.history["loss"]})
"""


@pytest.mark.skipif(not warm.enabled(), reason="warm starts need Linux with pidfd")
def test_keras_on_jax_trains_in_runs_forked_from_the_warm_process(tmp_path, monkeypatch):
    """JAX must not be initialised before the fork: the warm process imports Keras on JAX and
    runs nothing, each run trains in its fork, two in a row."""
    import json
    import os

    from tests.test_warm import made_data

    monkeypatch.setenv("KERAS_BACKEND", "jax")
    seen = [json.loads(made_data(tmp_path, f"run-{number}", JAX_RUN)) for number in (1, 2)]
    for found in seen:
        assert found["started by"] == "grader.student_side.zygote", found
        assert found["backend"] == "jax" and len(found["loss"]) == 2, found
    # The warm process itself never started JAX (its runtime's threads): one thread, still.
    assert len(os.listdir(f"/proc/{warm.pid()}/task")) == 1


def test_a_whole_grading_on_jax_gives_every_point(tmp_path, monkeypatch):
    """The grading API as bulk calls it, with Keras on JAX in the grader and in the students'
    runs: the toy solution, twice through one grader process, gets every point."""
    from grader.service import GradeRequest, GraderProcess
    from tests.test_bulk import KIT

    monkeypatch.setenv("KIT_GRADER_CACHE", str(tmp_path / "cache"))
    grader = GraderProcess(env={"KERAS_BACKEND": "jax"})
    try:
        for number in (1, 2):
            log = tmp_path / f"{number}.log"
            result = grader.grade(GradeRequest("toy", str(KIT / "solutions"), str(KIT)), log,
                                  timeout=900)
            assert result.passed and result.score == result.max_score, log.read_text()
            assert "jax backend" in result.platform, result.platform
    finally:
        grader.close()
