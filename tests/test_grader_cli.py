"""The grader command as a whole: bad input gets a clear message and the right exit status."""

import json
import subprocess
import sys


from tests.conftest import ROOT


def run(*args, env=None):
    return subprocess.run([sys.executable, "-m", "grader", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=900, env=env)


def test_unknown_exercise_is_exit_2_with_the_known_ones():
    completed = run("-e", "mnist")
    assert completed.returncode == 2
    assert "no exercise called 'mnist'" in completed.stderr and "iris" in completed.stderr
    assert "Traceback" not in completed.stderr


def test_missing_data_dir_is_exit_2():
    completed = run("--data-dir", "/nonexistent/folder")
    assert completed.returncode == 2 and "is not a folder" in completed.stderr


def test_missing_exercise_file_is_reported_not_crashed(tmp_path):
    report = tmp_path / "r.json"
    completed = run("-e", "iris", "--dir", str(tmp_path), "--json", str(report))
    assert completed.returncode == 1
    result = json.loads(report.read_text())["exercises"][0]
    assert "does not exist: copy it from exercises/iris.py" in result["problem"]


def test_an_exercise_whose_data_cannot_be_had_does_not_stop_the_others(tmp_path):
    """Offline, with no local IMDB copy: IMDB is reported as not graded, the other exercise (the
    toy one, in seconds) is still graded."""
    import os
    import shutil
    empty = tmp_path / "data"
    empty.mkdir()
    kit, files = tmp_path / "kit", tmp_path / "files"
    toy = ROOT / "tests" / "fixtures" / "toy_kit"
    for folder, name, source in [("specs", "imdb.toml", ROOT / "grader" / "specs"),
                                 ("specs", "toy.toml", toy / "specs"),
                                 ("solutions", "imdb.py", ROOT / "solutions"),
                                 ("solutions", "toy.py", toy / "solutions")]:
        (kit / folder).mkdir(parents=True, exist_ok=True)
        shutil.copy(source / name, kit / folder / name)
    files.mkdir()
    shutil.copy(ROOT / "exercises" / "imdb.py", files / "imdb.py")
    shutil.copy(toy / "solutions" / "toy.py", files / "toy.py")
    env = {**os.environ, "KIT_DATA_DIR": str(empty), "KERAS_HOME": str(tmp_path / "keras"),
           "KIT_GRADER_CACHE": str(tmp_path / "cache"),
           "HTTPS_PROXY": "http://127.0.0.1:9", "HTTP_PROXY": "http://127.0.0.1:9"}
    report = tmp_path / "r.json"
    completed = run("--kit", str(kit), "-e", "imdb", "-e", "toy", "--dir", str(files), "--json",
                    str(report), env=env)
    assert completed.returncode == 2
    assert "could not grade imdb" in completed.stderr and "aclImdb" in completed.stderr
    data = json.loads(report.read_text())
    assert data["not_graded"] == ["imdb"] and [e["id"] for e in data["exercises"]] == ["toy"]
    assert data["exercises"][0]["passed"]
    assert "Traceback" not in completed.stdout + completed.stderr


def test_a_relative_data_dir_reaches_the_worker_as_an_absolute_path(tmp_path, monkeypatch):
    from grader.runner import RunOptions
    from grader.supervision import child_env

    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").mkdir()
    assert child_env(RunOptions(data_dir="data"))["KIT_DATA_DIR"] == str(tmp_path / "data")
    monkeypatch.setenv("KIT_DATA_DIR", "data")
    assert child_env(RunOptions())["KIT_DATA_DIR"] == str(tmp_path / "data")
