"""End to end on Sign-Language-MNIST: the solution passes, the stubs are not done, and wrong
variants fail the right check with a clear message. Slow: trains a CNN on 27,455 real images."""

import pytest

from tests.conftest import ROOT, needs_real_data
from tests.grading import grade, not_passed, variant

pytestmark = needs_real_data
EXERCISE = "sign_language_mnist"
CONV_BLOCKS = ('        keras.layers.Conv2D(32, 3, activation="relu"),\n'
               '        keras.layers.MaxPooling2D(),\n'
               '        keras.layers.Conv2D(64, 3, activation="relu"),\n'
               '        keras.layers.MaxPooling2D(),\n')


def test_reference_solution_passes_every_check(tmp_path):
    code, checks, output = grade(EXERCISE, ROOT / "solutions", tmp_path)
    assert not_passed(checks) == {} and code == 0, output


def test_untouched_stubs_are_all_not_done_yet(tmp_path):
    code, checks, output = grade(EXERCISE, ROOT / "exercises", tmp_path)
    assert code == 1 and set(check["status"] for check in checks.values()) == {"not_done"}


VARIANTS = {
    "24 outputs with unmapped labels": (
        [('keras.layers.Dense(25, activation="softmax")', 'keras.layers.Dense(24, activation="softmax")')],
        {"train_model": "error", "accuracy": "failed"}, "train_model", "label value of 24"),
    "horizontal flip": (
        [("        keras.layers.RandomRotation(0.05),\n",
          '        keras.layers.RandomFlip("horizontal"),\n        keras.layers.RandomRotation(0.05),\n')],
        {"build_model": "failed"}, "build_model",
        "layer 1: RandomFlip('horizontal') is not allowed here (a mirrored hand is the other hand: "
        "a horizontal flip changes what a sign means)"),
    "Dense-only model": (
        [(CONV_BLOCKS, "")],
        {"build_model": "failed", "accuracy": "failed"}, "build_model",
        "expected at least 1 Conv2D() layer(s), found 0"),
    "forgetting to normalize": (
        [('    return (pixels / 255.0).reshape(-1, 28, 28, 1).astype("float32")',
          '    return pixels.reshape(-1, 28, 28, 1).astype("float32")')],
        {"to_images": "failed", "test_images": "failed"}, "to_images",
        "the values go from 0 to 255; expected them between 0 and 1"),
}


@pytest.mark.parametrize("name", VARIANTS)
def test_wrong_variant_fails_the_right_check(tmp_path, name):
    replacements, expected, check, message = VARIANTS[name]
    code, checks, output = grade(EXERCISE, variant(tmp_path, "sign_language_mnist.py",
                                                   *replacements), tmp_path)
    assert code == 1
    assert not_passed(checks) == expected, output
    assert message in checks[check]["message"]
