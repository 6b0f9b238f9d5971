"""The exercise notebooks (made by `make exercises`, see tests/test_authoring.py): runnable
top to bottom in a real Jupyter kernel: on the untouched stubs every ``check`` says TODO; filled
in with the reference solution's code, every ``check`` passes."""

import ast

import nbformat
import pytest

from grader.notebook import guess_exercise, stub_steps
from grader.spec import available_exercises, load_spec
from tests.conftest import ROOT
from tests.kernels import execute, output_text

EXERCISES = available_exercises()


@pytest.mark.parametrize("exercise", EXERCISES)
def test_each_notebook_runs_on_the_stubs_and_every_check_says_todo(exercise):
    path = notebook_path(exercise)
    book = execute(nbformat.read(path, as_version=4), path.parent, timeout=300)
    checks = check_cells(book)
    steps = [step for step in load_spec(exercise).steps if step.points]
    assert len(checks) == len(steps) + 1  # one per step, and check() at the end
    for cell in checks:
        text = output_text(cell)
        assert "TODO" in text and "FAIL" not in text and "PASS" not in text, (cell.source, text)


def test_a_stub_is_answered_without_grading_and_written_code_is_not():
    code = "def build_model():\n    '''Step 5.'''\n    raise NotImplementedError\n"
    assert "TODO   5. Build the model" in stub_steps(code, "iris", "build_model")
    assert stub_steps(code.replace("raise NotImplementedError", "return 1"), "iris",
                      "build_model") is None
    assert stub_steps(code, "iris") is None  # the other steps' functions are not even there


def test_a_notebook_of_ones_own_is_taken_for_the_exercise_its_functions_belong_to():
    """Several exercises have a load_data(): the step asked for, then the share of the
    notebook's functions each exercise has, decide."""
    code = "def load_data():\n    pass\n"
    assert guess_exercise(code, "split_features_target") == "iris"
    assert guess_exercise(code + "def split_features_target(iris):\n    pass\n") == "iris"
    assert guess_exercise(code + "def name_classes():\n    pass\n") == "fashion_mnist"
    assert guess_exercise(code + "def name_classes():\n    pass\n", "no_such_step") == (
        "fashion_mnist")
    assert guess_exercise("def my_own():\n    pass\n") is None


def notebook_path(exercise):
    return (ROOT / "exercises" / load_spec(exercise).module).with_suffix(".ipynb")


def is_check_cell(cell):
    return (cell.cell_type == "code" and "check(" in cell.source
            and "kit-setup" not in cell.metadata.get("tags", []))


def check_cells(book):
    return [cell for cell in book.cells if is_check_cell(cell)]


def filled_in(exercise, checks=None):
    """``exercise``'s notebook as a student who wrote the reference solution has it: the
    solution's imports and constants in the import cell, its functions in the steps' cells; of
    the check cells, those of ``checks`` (step names) only, when given."""
    spec = load_spec(exercise)
    solution = (ROOT / "solutions" / spec.module).read_text()
    tree = ast.parse(solution)
    functions = {node.name: ast.get_source_segment(solution, node) for node in tree.body
                 if isinstance(node, ast.FunctionDef)}
    preamble = "\n".join(ast.get_source_segment(solution, node) for node in tree.body
                         if isinstance(node, (ast.Import, ast.ImportFrom, ast.Assign))
                         or (isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)))
    book = nbformat.read(notebook_path(exercise), as_version=4)
    kept = []
    for cell in book.cells:
        if is_check_cell(cell):
            step = ast.literal_eval(cell.source[cell.source.index("(") + 1:-1] or "None")
            if checks is not None and step not in checks:
                continue
        elif cell.cell_type == "code" and "tags" not in cell.metadata:
            defined = [name for name in functions if f"def {name}(" in cell.source]
            if defined:  # (a cell may also hold the imports, before a function given to all)
                cell.source = "\n\n\n".join(([preamble] if "import" in cell.source else [])
                                             + [functions[name] for name in defined])
            elif "import" in cell.source:
                cell.source = preamble
        kept.append(cell)
    book.cells = kept
    return book


@pytest.mark.long
def test_the_iris_notebook_filled_in_passes_every_check_step_by_step_and_whole():
    """Each check(step) grades that step alone, in the grading process the kernel keeps for all
    its checks (grader.service: Keras loaded once), and says PASS (in colour where the front end
    shows HTML); check() grades the whole exercise; the kernel keeps its state. (Three steps' checks, a data step, the model and a prediction: each is the same
    call; the whole check grades every step.)"""
    book = filled_in("iris", ["encode_species", "build_model", "predict_species", None])
    book.cells += [nbformat.v4.new_code_cell(source) for source in [
        "model = build_model()\nprint('kernel still here', model.count_params())",
        "check('no_such_step')",
        "import grader.notebook\nprint('one grading process kept:',"
        " grader.notebook._GRADER.process.poll() is None)"]]
    book = execute(book, notebook_path("iris").parent)
    checks = check_cells(book)
    assert len(checks) == 3 + 2
    for cell in checks[:-1]:
        text = output_text(cell)
        assert "PASS" in text and not any(word in text for word in (
            "FAIL", "TODO", "ERROR", "SKIP", "BUG")), (cell.source, text)
        assert text.rstrip().endswith("True")  # check() returns whether everything passed
        assert "(your notebook)" in text and "kit-grader" not in text
    build = next(cell for cell in checks if "build_model" in cell.source)
    assert '<b style="color: #1a7f37">PASS</b>   5. Build the model' in output_text(
        build, "text/html")
    whole = output_text(checks[-2])
    assert "Score: 15/15" in whole and "Test accuracy" in whole, whole
    assert "kernel still here 697" in output_text(book.cells[-3])
    assert "iris has no step 'no_such_step'" in output_text(book.cells[-2])
    assert "one grading process kept: True" in output_text(book.cells[-1])


# (the newer exercises' model checks run the same code: fashion_mnist, imdb and
# sign_language_mnist cover it)
@pytest.mark.parametrize("exercise", ["fashion_mnist", "imdb", "sign_language_mnist"])
def test_the_other_notebooks_filled_in_pass_their_model_checks(exercise):
    """No data, no training: check("build_model") and check("compile_model") are judged on the
    notebook's own model, in seconds (training end to end in a notebook is iris's test)."""
    model_steps = [step.name for step in load_spec(exercise).early_steps]
    book = execute(filled_in(exercise, model_steps), notebook_path(exercise).parent)
    checks = check_cells(book)
    assert len(checks) == len(model_steps) >= 2
    for cell in checks:
        text = output_text(cell)
        assert "PASS" in text and "FAIL" not in text and "TODO" not in text, (cell.source, text)
