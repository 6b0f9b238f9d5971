"""The notebooks' set-up cell, as far as it runs offline: finding the kit, cloning it where the
notebook was opened without it (as in a fresh Colab runtime), and installing only what the
runtime lacks without touching what it has."""

import shutil
from types import SimpleNamespace

import nbformat
import pytest

from grader.notebook import with_colab_links
from grader.notebook_setup import (CLONE_FOLDER, colab_url, install_missing, install_plan,
                                   kit_settings, setup_cell)
from tests.conftest import ROOT
from tests.kernels import output_text, run_cells

REQUIREMENTS = (ROOT / "requirements.txt").read_text().splitlines()

# What a Colab runtime has (its own versions), and lacks: jupytext, landlockpy and tossi (and its
# wcwidth is too old).
COLAB = {"tensorflow": "2.19.0", "keras": "3.10.0", "numpy": "2.0.2", "pandas": "2.2.2",
         "scikit-learn": "1.6.1", "seaborn": "0.13.2", "matplotlib": "3.10.0", "h5py": "3.14.0",
         "kagglehub": "0.3.12", "charset-normalizer": "3.4.2", "nbformat": "5.10.4",
         "ipykernel": "6.17.1", "psutil": "5.9.5", "tqdm": "4.67.1", "pytest": "8.3.5",
         "babel": "2.17.0", "wcwidth": "0.2.13"}


def test_a_colab_runtime_gets_only_what_it_lacks_and_keeps_its_own_tensorflow():
    to_install, to_keep = install_plan(REQUIREMENTS, COLAB.get)
    assert sorted(to_install) == ["jupytext==1.19.6", "landlockpy==0.2.0", "tossi==0.3.1",
                                 "wcwidth==0.9.4"]
    assert "tensorflow==2.19.0" in to_keep and "keras==3.10.0" in to_keep
    assert "numpy==2.0.2" in to_keep  # held at Colab's version while pip installs
    assert not any(line.startswith(("pytest-xdist", "nbclient")) for line in to_install)


def test_keras_on_another_backend_is_not_given_tensorflow():
    jax_runtime = {name: version for name, version in COLAB.items() if name != "tensorflow"}
    to_install, _ = install_plan(REQUIREMENTS, jax_runtime.get)
    assert not any(line.startswith("tensorflow") for line in to_install)
    bare = install_plan(REQUIREMENTS, {}.get)[0]
    assert "tensorflow==2.21.0" in bare and "keras==3.15.1" in bare


def test_this_python_needs_nothing_and_pip_is_not_started():
    def no_pip(*args, **kwargs):
        raise AssertionError(f"pip was started: {args}")
    assert install_missing(run=no_pip) == []


def test_pinned_versions_that_do_not_fit_are_retried_unpinned_then_explained(capsys):
    commands = []

    def pip(command, **kwargs):
        commands.append(command)
        constraints = command[command.index("--constraint") + 1]
        assert "numpy==2.0.2" in open(constraints).read().split()
        return SimpleNamespace(returncode=0 if len(commands) == 2 else 1, stdout="",
                               stderr="ResolutionImpossible: numpy")

    assert sorted(install_missing(run=pip, installed=COLAB.get)) == [
        "jupytext", "landlockpy", "tossi", "wcwidth"]
    assert "jupytext==1.19.6" in commands[0] and "jupytext" in commands[1]
    assert "newer versions than the kit's pins" in capsys.readouterr().out

    commands.clear()
    failing = lambda command, **kwargs: SimpleNamespace(returncode=1, stdout="",  # noqa: E731
                                                         stderr="ResolutionImpossible: numpy")
    with pytest.raises(RuntimeError, match="(?s)ResolutionImpossible.*run the set-up cell again"):
        install_missing(run=failing, installed=COLAB.get)


def test_the_readme_links_and_the_set_up_cells_follow_the_one_repository_setting():
    repository = kit_settings()["repository"]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert with_colab_links(readme) == readme, "README's Colab links are out of date: make exercises"
    assert colab_url("exercises/iris.ipynb") in readme
    assert colab_url("exercises/iris.ipynb").startswith("https://colab.research.google.com/github/")
    for notebook in sorted((ROOT / "exercises").glob("*.ipynb")):
        first_code = next(c for c in nbformat.read(notebook, 4).cells if c.cell_type == "code")
        assert first_code.source == setup_cell(exercise=notebook.stem)
        assert repository in first_code.source
        assert f"set_exercise('{notebook.stem}')" in first_code.source


@pytest.mark.skipif(shutil.which("git") is None or not (ROOT / ".git").exists(),
                    reason="needs git and the kit as a git repository")
def test_a_notebook_opened_without_the_kit_clones_it_and_checks_a_step(tmp_path):
    """As in a fresh Colab runtime: the notebook's folder has no kit. The set-up cell clones it
    (here from this repository, offline) beside the notebook, twice run clones once, and check()
    then answers from the clone."""
    cell = setup_cell().replace(kit_settings()["repository"], ROOT.as_uri())
    outputs = [output_text(c) for c in run_cells(
        tmp_path, cell, cell,
        "import grader; print('grader from', grader.__file__)",
        'def load_data():\n    """Step 1."""\n    raise NotImplementedError',
        'check("load_data", exercise="iris")')]
    assert (tmp_path / CLONE_FOLDER / "grader" / "notebook.py").is_file()
    assert str(tmp_path / CLONE_FOLDER / "grader") in outputs[2]
    assert "TODO   1. Load the iris data" in outputs[4]
    assert not any("Installing" in output for output in outputs[:2])  # this Python lacks nothing

