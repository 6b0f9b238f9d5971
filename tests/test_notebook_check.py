"""``check()`` inside a real Jupyter kernel (nbclient + ipykernel): a step's verdict in the
notebook, graded in a separate process on the code the notebook has run."""

from tests.conftest import ROOT
from tests.kernels import output_text, run_cells

SOLUTION = (ROOT / "solutions" / "iris.py").read_text()
IMPORTS = SOLUTION[SOLUTION.index("import keras"):SOLUTION.index("def load_data")]
BUILD = SOLUTION[SOLUTION.index("def build_model"):SOLUTION.index("def compile_model")]


def test_check_reports_a_step_in_the_notebook_and_leaves_the_kernel_alone(tmp_path):
    cells = run_cells(
        tmp_path,
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom grader.notebook import check",
        "%matplotlib inline\n" + IMPORTS,
        BUILD,
        "passed = check('build_model')\nprint('returned', passed)",
        "def compile_model(model):\n    raise NotImplementedError",
        "check('compile_model')",
        "model = build_model()\nprint('kernel still here', model.count_params())",
        "check('no_such_step')")
    outputs = [output_text(cell) for cell in cells]
    assert "PASS   5. Build the model" in outputs[3] and "returned True" in outputs[3]
    assert '<b style="color: #1a7f37">PASS</b>   5. Build the model' in output_text(
        cells[3], "text/html")  # in colour where the front end shows HTML
    assert "SKIP" not in outputs[3]  # the steps this check did not grade are not listed
    assert "TODO   6. Compile" in outputs[5]
    assert "Replace `raise NotImplementedError` in compile_model()" in outputs[5]
    assert "kernel still here 697" in outputs[6]
    assert "(your notebook)" in outputs[3] and "kit-grader" not in outputs[3]
    assert "iris has no step 'no_such_step'" in outputs[7]
