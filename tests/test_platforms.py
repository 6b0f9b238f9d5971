"""Grading where students work: a GPU shared by every process the grader starts, Keras on a
backend other than TensorFlow. The GPU test runs only on a machine with one."""

import shutil
import subprocess
from importlib import metadata

import pytest

from grader import environment, runner, supervision
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
