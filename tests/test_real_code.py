"""Mistakes and styles found in real people's code (public course solutions, tutorials, labs
ported into the stubs): each gets a fair verdict, a pass or a message naming the real cause."""

import numpy as np
import pandas as pd
import pytest

from datasets import diabetes
from grader import portable
from grader.grading import file_notes
from grader.rows import carries_over, same_up_to_scale
from tests.conftest import ROOT
from tests.grading import grade, graded_only, variant
from tests.test_grade_regression import judged as judged_regression


def test_a_forward_pass_over_the_wrong_axis_is_not_taken_for_the_same_data_in_another_scale():
    """Any two rows are an affine function of any other two: a (2, m) output with softmax over
    the wrong axis is not "the reference's data in another scale", nor are two random arrays."""
    rng = np.random.default_rng(0)
    right = rng.random((2, 5))
    assert same_up_to_scale(rng.random((2, 5)), right) is None
    wrong_axis = np.exp(right) / np.exp(right).sum(axis=1, keepdims=True)
    assert not carries_over(wrong_axis, right)
    rows = rng.random((50, 3))
    assert same_up_to_scale(rows * 4 + 1, rows) == "scaled"  # enough rows: it means something


def test_values_a_rounding_apart_are_the_same_not_another_scale():
    rows = np.random.default_rng(1).random((50, 4))
    assert same_up_to_scale(rows + 1e-15, rows) == "same"
    assert same_up_to_scale(rows.astype("float32"), rows) == "same"
    assert not carries_over(rows + 1e-15, rows)


def test_a_diverged_training_travels_as_nan_and_inf(tmp_path):
    portable.save(tmp_path / "v", (np.float64("nan"), [np.float32("inf"), -np.inf], 0.5))
    cost, curve, last = portable.load(tmp_path / "v")
    assert np.isnan(cost) and curve == [float("inf"), float("-inf")] and last == 0.5


def test_a_step_function_named_like_an_import_is_explained(tmp_path):
    """training_tips' step optimizers() takes over `from keras import optimizers`."""
    text = (ROOT / "exercises" / "training_tips.py").read_text(encoding="utf-8")
    text = text.replace("import keras\n", "import keras\nfrom keras import optimizers\n", 1)
    path = tmp_path / "training_tips.py"
    path.write_text(text, encoding="utf-8")
    notes = file_notes(path)
    assert any("defines optimizers(), which takes over the name `optimizers`" in note
               for note in notes), notes
    assert file_notes(ROOT / "solutions" / "training_tips.py") == []


def test_standardizing_with_pandas_std_is_a_standardization_with_a_note():
    """pandas' std() divides by n - 1 (as the TensorFlow regression tutorial does): every value
    is sqrt((n - 1) / n) of StandardScaler's, no leakage; still caught when fitted on all rows."""
    from sklearn.model_selection import train_test_split

    frame = diabetes.load_diabetes()
    X_train, X_test = train_test_split(frame.drop(columns="progression"), test_size=0.2,
                                       random_state=42)
    mean, std = X_train.mean(), X_train.std()
    finding = judged_regression("standardize", ((X_train - mean) / std, (X_test - mean) / std),
                                (X_train, X_test))
    assert finding.passed and "ddof=1" in finding.notes[0], finding
    every = pd.concat([X_train, X_test])
    leaky = judged_regression("standardize", ((X_train - every.mean()) / every.std(),
                                              (X_test - every.mean()) / every.std()),
                              (X_train, X_test))
    assert not leaky.passed and leaky.message.startswith("the scaler was fitted on all rows")


@pytest.mark.parametrize("shape", [(1, -1), (-1, 1)], ids=["a (1, m) row", "an (m, 1) column"])
def test_class_numbers_as_a_float_row_or_column_are_accepted(shape, tmp_path):
    from tests.grading import judge_check

    predicted = np.array([0, 2, 1, 1, 0])
    finding = judge_check("numpy_network", "predict", predicted.astype(float).reshape(shape),
                          reference=predicted)
    assert finding.passed, finding
    wrong = judge_check("numpy_network", "predict", predicted[::-1].reshape(shape),
                        reference=predicted)
    assert not wrong.passed and "values differ" in wrong.message


def test_badly_initialized_weights_charged_again_in_training_say_where_they_come_from(tmp_path):
    """Weights initialized far too small fail the initialization; the training loop, right but
    started from them, ends above the cost bound: its verdict names the student's own function
    that failed first. (A real learner's 1e-4 ends at about 0.27, near the bound of 0.25, where
    the CPU decides; 1e-6 stays near the untrained cost, ln 3 = 1.1, on any CPU.)"""
    folder = variant(tmp_path, "numpy_network.py", (
        'scale = np.sqrt(2 / fan_in) if method == "he" else np.sqrt(2 / (fan_in + fan_out))',
        'scale = 1e-6'))
    only, _left_out = graded_only("numpy_network", "init_he", "train")
    code, checks, output = grade("numpy_network", folder, tmp_path, *only)
    assert checks["init_he"]["status"] == "failed", output
    assert checks["train"]["status"] == "failed", output
    assert any("calls your initialize_parameters(), which did not pass its own check" in note
               for note in checks["train"]["notes"]), checks["train"]
