"""End to end on the regression exercise: the solution passes and beats linear regression, the
stubs are not done, and hand-made mistakes get the right verdict: a scaler fitted on all rows
or refitted on the test rows (leakage, named), dropout forgotten, learning curves misread, and a
model trained too briefly (its test MAE, measured by the grader, too high). Mistakes whose check
needs no model are judged by the check alone, without a grading run."""

import json

import pytest

from datasets import DatasetError, diabetes
from grader.checks.curves import read_curves
from grader.spec import SPECS_DIR, load_spec
from tests.grading import (assert_only_step_fails, check_stubs_not_done, grade, judge_check,
                           not_passed, variant)

EXERCISE = "regression"
MODULE = "regression.py"


@pytest.mark.long
def test_reference_solution_passes_and_its_test_error_beats_linear_regression(tmp_path):
    code, checks, output = grade(EXERCISE, variant(tmp_path, MODULE), tmp_path)
    assert not_passed(checks) == {} and code == 0, output
    found = float(checks["accuracy"]["found"].split()[2])  # "test MAE 41.58 over 89 rows"
    assert found <= load_spec(EXERCISE).accuracy["threshold"] < linear_regression_test_error()


def linear_regression_test_error():
    """scikit-learn's LinearRegression on the exercise's split and scaling (42.79)."""
    from solutions import regression as reference

    X_train, X_test, y_train, y_test = reference.split_data(reference.load_data())
    scaled_train, scaled_test = reference.standardize(X_train, X_test)
    return reference.linear_baseline(scaled_train, y_train, scaled_test, y_test)


def test_untouched_stubs_are_all_not_done_yet(tmp_path):
    check_stubs_not_done(EXERCISE, tmp_path)


# name: (replacements, the step graded, the start of its message)
VARIANTS = {
    "scaler fitted on all rows": (
        [("    scaler = StandardScaler().fit(X_train)\n",
          "    import pandas as pd\n    scaler = StandardScaler().fit(pd.concat([X_train, X_test]))\n")],
        "standardize", "the scaler was fitted on all rows, the test rows too: the test set leaked "
                       "into the scaling (data leakage)"),
    "dropout forgotten": (
        [("        keras.layers.Dropout(0.2),\n        keras.layers.Dense(16",
          "        keras.layers.Dense(16")],
        "build_model", "missing layer: Dropout(0.2) (expected as layer 2)"),
}


@pytest.mark.parametrize("name", VARIANTS)
def test_wrong_variant_fails_its_step_with_a_message_to_act_on(tmp_path, name):
    assert_only_step_fails(EXERCISE, tmp_path, *VARIANTS[name])


def test_a_model_trained_too_briefly_fails_on_its_test_error_measured_by_the_grader(tmp_path):
    folder = variant(tmp_path, MODULE, ("    return model.fit(X_train, y_train, epochs=100,",
                                        "    return model.fit(X_train, y_train, epochs=2,"))
    code, checks, output = grade(EXERCISE, folder, tmp_path)
    assert set(not_passed(checks)) == {"train_model", "accuracy"}, output
    assert checks["train_model"]["message"] == "the model made 36 weight updates, expected 1800"
    assert checks["accuracy"]["message"].startswith("test MAE ") and checks["accuracy"][
        "message"].endswith(" is above 42.5"), output


def test_the_committed_learning_curves_read_as_the_answers_say():
    """The curves were made by real runs (bench/learning_curves.py); the grader's own reader
    finds in each what the spec's answer names."""
    curves = json.loads((SPECS_DIR / "regression_curves.json").read_text())
    answers = load_spec(EXERCISE).step("read_learning_curves").expect["answers"]
    words = {"undertrained": "undertrained", "jagged": "jagged", "overfitting": "overfit"}
    for label, answer in answers.items():
        assert words[answer] in " ".join(read_curves(curves[label])), label


def test_damaged_diabetes_files_are_named_with_the_fix(monkeypatch):
    wrong = tuple(remote.__class__(remote.dataset, remote.name, "0" * 64)
                  for remote in diabetes.FILES)
    monkeypatch.setattr(diabetes, "FILES", wrong)
    with pytest.raises(DatasetError) as error:
        diabetes.load_diabetes()
    assert "diabetes_data_raw.csv.gz is damaged" in str(error.value)
    assert "reinstall scikit-learn" in str(error.value)


def judged(step, value, args=()):
    return judge_check(EXERCISE, step, value, args)


def test_test_rows_scaled_on_their_own_are_named():
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import StandardScaler

    frame = diabetes.load_diabetes()
    X_train, X_test = train_test_split(frame.drop(columns="progression"), test_size=0.2,
                                       random_state=42)
    train = StandardScaler().fit(X_train).transform(X_train)
    finding = judged("standardize", (train, StandardScaler().fit_transform(X_test)),
                     (X_train, X_test))
    assert finding.message.startswith("the test rows were scaled with their own mean and "
                                      "standard deviation")
    assert judged("standardize", (train, StandardScaler().fit(X_train).transform(X_test)),
                  (X_train, X_test)).passed


ANSWERS = {"A": ("jagged", "lower_learning_rate"), "B": ("overfitting", "early_stopping"),
           "C": ("undertrained", "more_epochs")}


def test_misread_curves_and_harmful_remedies_are_named():
    assert judged("read_learning_curves", ANSWERS).passed
    swapped = {**ANSWERS, "A": ANSWERS["B"], "B": ANSWERS["A"]}
    assert judged("read_learning_curves", swapped).message == "curve A is not overfitting"
    harmful = {**ANSWERS, "C": ("undertrained", "fewer_epochs")}
    assert judged("read_learning_curves", harmful).message == (
        "curve C: 'fewer_epochs' does not help a curve that is undertrained")
