"""End to end: grade the iris solution, the untouched stubs and deliberately wrong variants.

Each variant is the reference solution with one mistake put in. It must fail the check that
mistake belongs to, and only that one, with a clear message, and the grader must not crash.
These run the real grader command on the real data (slow: each trains a model).
"""

import pytest

from tests.conftest import ROOT

from tests.grading import (assert_key_lines, assert_not_graded, check_solution_passes,
                           check_stubs_not_done, graded_only, graded_until, not_passed)
from tests.grading import grade as grade_exercise
from tests.grading import variant as solution_variant


def grade(folder, tmp_path, *extra):
    return grade_exercise("iris", folder, tmp_path, *extra)


def variant(tmp_path, *replacements):
    return solution_variant(tmp_path, "iris.py", *replacements)


@pytest.mark.long
def test_reference_solution_passes_every_check(tmp_path):
    assert "Everything passes" in check_solution_passes("iris", tmp_path)


def test_untouched_stubs_are_all_not_done_yet_in_korean(tmp_path):
    checks, output = check_stubs_not_done("iris", tmp_path, "--lang", "ko")
    assert output.count("TODO") == len(checks)
    assert_key_lines(output, "ko/iris-stubs")


VARIANTS = {
    "sigmoid output": (
        [('Dense(3, activation="softmax")', 'Dense(3, activation="sigmoid")')],
        {"build_model": "failed"},
        "layer 3: expected Dense(3, activation='softmax'), found Dense(3, activation='sigmoid')"),
    "wrong loss": (
        [('loss="categorical_crossentropy"', 'loss="mean_squared_error"')],
        {"compile_model": "failed"},
        "loss: expected categorical_crossentropy, found mean_squared_error"),
    "32 units instead of 16": (
        [('Dense(16, activation="relu")', 'Dense(32, activation="relu")')],
        {"build_model": "failed"},
        "layer 2: expected Dense(16, activation='relu'), found Dense(32, activation='relu')"),
    "missing hidden layer": (
        [('        keras.layers.Dense(16, activation="relu"),\n', "")],
        {"build_model": "failed"},
        "missing layer: Dense(16, activation='relu') (expected as layer 2)"),
    "untrained model": (
        [("    return model.fit(X_train, y_train, epochs=100, batch_size=1, verbose=0)",
          "    return None")],
        {"train_model": "failed", "accuracy": "failed"},
        "the model was not trained: its optimizer made no weight update"),
    "sys.exit in a step": (
        [('    return iris.drop(columns="species"), iris["species"]',
          "    import sys\n    sys.exit(3)")],
        {"split_features_target": "exit"},
        "your code called sys.exit(3)"),
    "endless loop": (
        [("    codes = LabelEncoder().fit_transform(species)", "    while True:\n        pass")],
        {"encode_species": "timeout"},
        "stopped after 3 s, the time limit for this step (the exercise's minimum for this step x 0.05"),
    "os._exit in a step": (
        [("    return np.argmax(model.predict(X_test, verbose=0), axis=1)",
          "    import os\n    os._exit(7)")],
        {"predict_species": "crashed"},
        "exit status 7"),
    "Keras error in build_model": (
        [('keras.layers.Dense(30, activation="relu")', 'keras.layers.Dense("thirty")')],
        {"build_model": "error", "accuracy": "failed"},
        "ValueError"),
}


# A variant about checks before training is graded only that far, one about a later step only
# on that step (the rest is asserted as not graded); "untrained model" needs them all.
PARTIAL = {"sigmoid output": graded_until("iris", "build_model"),
           "wrong loss": graded_until("iris", "compile_model"),
           "32 units instead of 16": graded_until("iris", "build_model"),
           "missing hidden layer": graded_until("iris", "build_model"),
           "sys.exit in a step": graded_until("iris", "split_features_target"),
           "endless loop": graded_until("iris", "encode_species"),
           "Keras error in build_model": graded_until("iris", "build_model"),
           "os._exit in a step": graded_only("iris", "predict_species")}
EXPECTED_BEFORE_STOP = {"Keras error in build_model": {"build_model": "error"}}
# The limits a fifth of the usual; the endless loop's a twentieth (3 s: the steps before it take
# 1 to 30 ms), so that it gives its time back soon.
TIME_LIMIT_SCALE = {"endless loop": "0.05"}
# Graded in Korean: the report's key lines, as a Korean reader checked them when written.
IN_KOREAN = {"sigmoid output": "ko/iris-sigmoid-output", "wrong loss": "ko/iris-wrong-loss",
             "sys.exit in a step": "ko/iris-sys-exit"}


@pytest.mark.parametrize("name", VARIANTS)
def test_wrong_variant_fails_only_its_check(tmp_path, name):
    replacements, expected, message = VARIANTS[name]
    stop, left_out = PARTIAL.get(name, ([], []))
    language = ["--lang", "ko"] if name in IN_KOREAN else []
    code, checks, output = grade(variant(tmp_path, *replacements), tmp_path,
                                 "--time-limit-scale", TIME_LIMIT_SCALE.get(name, "0.2"), *stop,
                                 *language)
    assert code == 1
    assert_not_graded(checks, left_out, translated=bool(language))
    graded = {step: status for step, status in not_passed(checks).items() if step not in left_out}
    assert graded == EXPECTED_BEFORE_STOP.get(name, expected), output
    if name in IN_KOREAN:
        assert_key_lines(output, IN_KOREAN[name])
    else:
        first = checks[next(iter(expected))]
        assert message in first["message"], first


FIT = "    return model.fit(X_train, y_train, epochs=100, batch_size=1, verbose=0)"
# Right answers in other styles: every check passes (the accuracy measured on the trained model).
OTHER_STYLES = {
    "activations as a TensorFlow function and as a layer": (
        [("import keras  #", "import tensorflow as tf\nimport keras  #"),
         ('keras.layers.Dense(3, activation="softmax")', "keras.layers.Dense(3, activation=tf.nn.softmax)"),
         ('keras.layers.Dense(30, activation="relu")', "keras.layers.Dense(30), keras.layers.ReLU()")],
        {}),
    "logits with from_logits=True": (
        [('keras.layers.Dense(3, activation="softmax")', "keras.layers.Dense(3)"),
         ('loss="categorical_crossentropy"',
          "loss=keras.losses.CategoricalCrossentropy(from_logits=True)")],
        {"build_model": "outputs logits", "compile_model": "from_logits=True"}),
}


@pytest.mark.parametrize("name", OTHER_STYLES)
def test_a_right_answer_in_another_style_gets_every_point(tmp_path, name):
    replacements, notes = OTHER_STYLES[name]
    code, checks, output = grade(variant(tmp_path, *replacements), tmp_path)
    assert code == 0 and not_passed(checks) == {}, output
    for check, note in notes.items():
        assert note in " ".join(checks[check]["notes"]), checks[check]


def test_logits_with_a_loss_that_expects_probabilities_are_named(tmp_path):
    folder = variant(tmp_path, ('keras.layers.Dense(3, activation="softmax")', "keras.layers.Dense(3)"))
    stop, left_out = graded_until("iris", "compile_model")
    code, checks, output = grade(folder, tmp_path, *stop)
    assert {k: v for k, v in not_passed(checks).items() if k not in left_out} == {
        "compile_model": "failed"}, output
    assert checks["compile_model"]["message"].startswith(
        "loss: your model's last layer has no activation, so it outputs logits")


def test_training_on_the_test_flowers_is_caught_even_with_the_step_count_unchanged(tmp_path):
    folder = variant(tmp_path, (FIT, (
        "    import pandas as pd\n"
        "    X, y = split_features_target(load_data())\n"
        "    _, X_test, _, y_test = split_train_test(X, encode_species(y))\n"
        "    X_train = pd.concat([X_train[:74], X_test])\n"
        "    y_train = np.concatenate([y_train[:74], y_test])\n" + FIT)))
    stop, left_out = graded_until("iris", "train_model")
    code, checks, output = grade(folder, tmp_path, *stop)
    assert {k: v for k, v in not_passed(checks).items() if k not in left_out} == {
        "train_model": "failed"}, output
    assert checks["train_model"]["message"] == (
        "you trained on rows of the 38 test flowers (train_test_split with random_state=417)")


def test_a_transposed_confusion_matrix_fails(tmp_path):
    """The step is given predictions with mistakes in them: a matrix turned round differs."""
    folder = variant(tmp_path, ("confusion_matrix(true_classes, predicted)\n",
                                "confusion_matrix(true_classes, predicted).T\n"))
    code, checks, output = grade(folder, tmp_path, *graded_only("iris", "summarize_results")[0])
    assert checks["summarize_results"]["status"] == "failed", output
    assert "2 of 9 values differ" in checks["summarize_results"]["message"]


def test_student_traceback_shows_only_the_students_frames(tmp_path):
    folder = variant(tmp_path, ('keras.layers.Dense(30, activation="relu")',
                                'keras.layers.Dense("thirty")'))
    _, checks, _ = grade(folder, tmp_path, *graded_until("iris", "build_model")[0])
    details = "\n".join(checks["build_model"]["details"])
    assert str(folder / "iris.py") in details and "in build_model" in details
    assert "site-packages" not in details


def test_a_notebook_handed_in_instead_of_the_file_gets_every_point(tmp_path):
    """The solution as a student's notebook: a cell per function, !pip and %matplotlib lines,
    cells that train and print at the top level, a saved error output. Only its code counts."""
    import jupytext
    import nbformat

    book = jupytext.reads((ROOT / "solutions" / "iris.py").read_text(), fmt="py:light")
    book.cells.insert(0, nbformat.v4.new_code_cell("!pip install -q scikit-learn\n%matplotlib inline"))
    book.cells.append(nbformat.v4.new_code_cell(
        "%%time\nX, y = split_features_target(load_data())\nmodel = compile_model(build_model())\n"
        "1 / 0"))
    book.cells[-1].outputs = [nbformat.v4.new_output("error", ename="ZeroDivisionError",
                                                      evalue="division by zero", traceback=[])]
    folder = tmp_path / "submission"
    folder.mkdir()
    nbformat.write(book, folder / "iris.ipynb")
    code, checks, output = grade(folder, tmp_path)
    assert code == 0 and not_passed(checks) == {}, output
    assert "graded the code cells of iris.ipynb" in output


def test_syntax_error_marks_every_step_not_run(tmp_path):
    folder = variant(tmp_path, ("def load_data():", "def load_data()"))
    code, checks, output = grade(folder, tmp_path)
    assert code == 1
    assert set(check["status"] for check in checks.values()) == {"not_run"}
    assert "SyntaxError" in output and "line" in output
