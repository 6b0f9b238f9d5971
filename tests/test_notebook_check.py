"""``check()`` inside a real Jupyter kernel (nbclient + ipykernel): a step's verdict in the
notebook, graded in a separate process on the code the notebook has run."""

import nbformat
from nbclient import NotebookClient

from tests.conftest import ROOT

SOLUTION = (ROOT / "solutions" / "iris.py").read_text()
IMPORTS = SOLUTION[SOLUTION.index("import keras"):SOLUTION.index("def load_data")]
BUILD = SOLUTION[SOLUTION.index("def build_model"):SOLUTION.index("def compile_model")]


def run_notebook(tmp_path, *cells):
    book = nbformat.v4.new_notebook()
    book.cells = [nbformat.v4.new_code_cell(cell) for cell in cells]
    NotebookClient(book, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    return ["".join(output.get("text", "") for output in cell.outputs) for cell in book.cells]


def test_check_reports_a_step_in_the_notebook_and_leaves_the_kernel_alone(tmp_path):
    outputs = run_notebook(
        tmp_path,
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom grader.notebook import check",
        "%matplotlib inline\n" + IMPORTS,
        BUILD,
        "passed = check('build_model')\nprint('returned', passed)",
        "def compile_model(model):\n    raise NotImplementedError",
        "check('compile_model')",
        "model = build_model()\nprint('kernel still here', model.count_params())",
        "check('no_such_step')")
    assert "PASS   5. Build the model" in outputs[3] and "returned True" in outputs[3]
    assert "SKIP" not in outputs[3]  # the steps this check did not grade are not listed
    assert "TODO   6. Compile" in outputs[5]
    assert "Replace `raise NotImplementedError` in compile_model()" in outputs[5]
    assert "kernel still here 697" in outputs[6]
    assert "(your notebook)" in outputs[3] and "kit-grader" not in outputs[3]
    assert "iris has no step 'no_such_step'" in outputs[7]
