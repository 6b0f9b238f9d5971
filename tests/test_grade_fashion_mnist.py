"""End to end on Fashion-MNIST: the solution passes, the stubs are not done, and wrong variants
fail the right check with a clear message. Slow: each run trains on the real 60,000 images."""

import pytest

from tests.conftest import needs_real_data
from tests.grading import (check_solution_passes, check_stubs_not_done, grade, not_passed,
                           variant)

pytestmark = needs_real_data
EXERCISE = "fashion_mnist"


def test_reference_solution_passes_every_check(tmp_path):
    check_solution_passes(EXERCISE, tmp_path)


def test_untouched_stubs_are_all_not_done_yet(tmp_path):
    check_stubs_not_done(EXERCISE, tmp_path)


VARIANTS = {
    "no Flatten": (
        ("        keras.layers.Flatten(),\n", ""),
        "build_model", "the first layer should be Flatten(), found Dense(256, activation='relu')"),
    "relu output": (
        ('keras.layers.Dense(10, activation="softmax")', 'keras.layers.Dense(10, activation="relu")'),
        "build_model",
        "the last layer should be Dense(10, activation='softmax'), found Dense(10, activation='relu')"),
    "no normalization": (
        ('    return (x_train / 255.0).astype("float32"), (x_test / 255.0).astype("float32")',
         "    return x_train, x_test"),
        "normalize", "the values go from 0 to 255; expected them between 0 and 1"),
    "missing EarlyStopping": (
        ("callbacks=[stop], ", ""),
        "train_model", "no EarlyStopping callback in model.fit(callbacks=[...])"),
}
# Checks that fail as a consequence of the mistake, besides the one it belongs to.
CONSEQUENCES = {"no Flatten": {"train_model": "error", "accuracy": "failed"},
                "relu output": {"accuracy": "failed"}}  # relu outputs die: 0.10 accuracy


@pytest.mark.parametrize("name", VARIANTS)
def test_wrong_variant_fails_the_right_check(tmp_path, name):
    replacement, check, message = VARIANTS[name]
    code, checks, output = grade(EXERCISE, variant(tmp_path, "fashion_mnist.py", replacement),
                                 tmp_path)
    assert code == 1
    assert not_passed(checks) == {check: "failed", **CONSEQUENCES.get(name, {})}, output
    assert checks[check]["message"] == message
