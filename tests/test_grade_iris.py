"""End to end: grade the iris solution, the untouched stubs and deliberately wrong variants.

Each variant is the reference solution with one mistake put in. It must fail the check that
mistake belongs to, and only that one, with a clear message, and the grader must not crash.
These run the real grader command on the real data (slow: each trains a model).
"""

import pytest

from tests.grading import check_solution_passes, check_stubs_not_done, not_passed
from tests.grading import grade as grade_exercise
from tests.grading import variant as solution_variant


def grade(folder, tmp_path, *extra):
    return grade_exercise("iris", folder, tmp_path, *extra)


def variant(tmp_path, *replacements):
    return solution_variant(tmp_path, "iris.py", *replacements)


def test_reference_solution_passes_every_check(tmp_path):
    assert "Everything passes" in check_solution_passes("iris", tmp_path)


def test_untouched_stubs_are_all_not_done_yet(tmp_path):
    checks, output = check_stubs_not_done("iris", tmp_path)
    assert output.count("TODO") == len(checks)


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
        "the model was not trained: its optimizer took no step"),
    "sys.exit in a step": (
        [('    return iris.drop(columns="species"), iris["species"]',
          "    import sys\n    sys.exit(3)")],
        {"split_features_target": "exit"},
        "your code called sys.exit(3)"),
    "endless loop": (
        [("    codes = LabelEncoder().fit_transform(species)", "    while True:\n        pass")],
        {"encode_species": "timeout"},
        "stopped after 12 s: the time limit for this step"),
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


@pytest.mark.parametrize("name", VARIANTS)
def test_wrong_variant_fails_only_its_check(tmp_path, name):
    replacements, expected, message = VARIANTS[name]
    code, checks, output = grade(variant(tmp_path, *replacements), tmp_path,
                                 "--time-limit-scale", "0.2")
    assert code == 1
    assert not_passed(checks) == expected, output
    first = checks[next(iter(expected))]
    assert message in first["message"], first


def test_student_traceback_shows_only_the_students_frames(tmp_path):
    folder = variant(tmp_path, ('keras.layers.Dense(30, activation="relu")',
                                'keras.layers.Dense("thirty")'))
    _, checks, _ = grade(folder, tmp_path)
    details = "\n".join(checks["build_model"]["details"])
    assert str(folder / "iris.py") in details and "in build_model" in details
    assert "site-packages" not in details


def test_syntax_error_marks_every_step_not_run(tmp_path):
    folder = variant(tmp_path, ("def load_data():", "def load_data()"))
    code, checks, output = grade(folder, tmp_path)
    assert code == 1
    assert set(check["status"] for check in checks.values()) == {"not_run"}
    assert "SyntaxError" in output and "line" in output
