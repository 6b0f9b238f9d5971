"""The exercise notebooks: generated from the exercise files (never out of date), and runnable
top to bottom in a real Jupyter kernel on the untouched stubs, every ``check`` saying TODO."""

import json

import nbformat
import pytest
from nbclient import NotebookClient

from grader.notebook import exercise_notebook, stub_steps
from grader.spec import available_exercises, load_spec
from tests.conftest import ROOT

EXERCISES = available_exercises()


def cells(notebook):
    return [(cell.cell_type, cell.source, cell.metadata.get("tags", [])) for cell in notebook.cells]


@pytest.mark.parametrize("exercise", EXERCISES)
def test_each_committed_notebook_is_what_its_exercise_file_generates(exercise):
    module = ROOT / "exercises" / load_spec(exercise).module
    committed = nbformat.read(module.with_suffix(".ipynb"), as_version=4)
    assert cells(committed) == cells(exercise_notebook(module)), (
        f"exercises/{module.stem}.ipynb is out of date with {module.name}: run make notebooks")


@pytest.mark.parametrize("exercise", EXERCISES)
def test_each_notebook_runs_on_the_stubs_and_every_check_says_todo(exercise):
    path = (ROOT / "exercises" / load_spec(exercise).module).with_suffix(".ipynb")
    book = nbformat.read(path, as_version=4)
    NotebookClient(book, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    checks = [cell for cell in book.cells if cell.cell_type == "code" and "check(" in cell.source
              and "import" not in cell.source]
    steps = [step for step in load_spec(exercise).steps if step.points]
    assert len(checks) == len(steps) + 1  # one per step, and check() at the end
    for cell in checks:
        text = "".join(output.get("text", "") for output in cell.outputs)
        assert "TODO" in text and "FAIL" not in text and "PASS" not in text, (cell.source, text)


def test_a_stub_is_answered_without_grading_and_written_code_is_not():
    code = "def build_model():\n    '''Step 5.'''\n    raise NotImplementedError\n"
    assert "TODO   5. Build the model" in stub_steps(code, "iris", "build_model")
    assert stub_steps(code.replace("raise NotImplementedError", "return 1"), "iris",
                      "build_model") is None
    assert stub_steps(code, "iris") is None  # the other steps' functions are not even there
