"""End to end on Fashion-MNIST: the solution passes, the stubs are not done, wrong variants fail
the right check with a clear message, and the official tutorial's model (logits) passes. Training
takes a minute: a test about one check grades only as far as that check (``--stop-after``)."""

import pytest

from tests.conftest import needs_real_data
from tests.grading import (assert_key_lines, assert_not_graded, check_solution_passes,
                           check_stubs_not_done, grade, graded_only, graded_until, not_passed,
                           variant)

pytestmark = needs_real_data
EXERCISE = "fashion_mnist"
FIT = ("    return model.fit(x_train, y_train, epochs=EPOCHS, batch_size=BATCH_SIZE,\n"
       "                     validation_split=VALIDATION_SPLIT, callbacks=[stop], verbose=0)")
RAW_TEST = "    (_, _), (x_test, y_test) = load_data()\n"


@pytest.mark.long
def test_reference_solution_passes_every_check(tmp_path):
    check_solution_passes(EXERCISE, tmp_path)


def test_untouched_stubs_are_all_not_done_yet_in_korean(tmp_path):
    _checks, output = check_stubs_not_done(EXERCISE, tmp_path, "--lang", "ko")
    assert_key_lines(output, f"ko/{EXERCISE}-stubs")


# name: (replacements, the last step graded, the check that fails, its message)
VARIANTS = {
    "no Flatten": (
        [("        keras.layers.Flatten(),\n", "")], "build_model",
        "build_model", "the first layer should be Flatten(), found Dense(256, activation='relu')"),
    "relu output": (
        [('keras.layers.Dense(10, activation="softmax")', 'keras.layers.Dense(10, activation="relu")')],
        "build_model", "build_model",
        "the last layer should be Dense(10, activation='softmax'), found Dense(10, activation='relu')"),
    "no normalization": (
        [('    return (x_train / 255.0).astype("float32"), (x_test / 255.0).astype("float32")',
          "    return x_train, x_test")],
        "normalize", "normalize", "the values go from 0 to 255; expected them between 0 and 1"),
    "missing EarlyStopping": (  # one epoch: the check is about how fit is called
        [(FIT, "    return model.fit(x_train, y_train, epochs=1, batch_size=BATCH_SIZE,\n"
               "                     validation_split=VALIDATION_SPLIT, verbose=0)")], "train_model",
        "train_model", "no EarlyStopping callback in model.fit(callbacks=[...])"),
    "validating on the test images": (
        [(FIT, RAW_TEST + "    return model.fit(x_train, y_train, epochs=1, batch_size=BATCH_SIZE,\n"
                          "        validation_data=(x_test / 255.0, y_test), callbacks=[stop], verbose=0)")],
        "train_model", "train_model",
        "your validation data are rows of the 10,000 Fashion-MNIST test images"),
    "training on the unscaled test images too": (
        [(FIT, RAW_TEST + "    import numpy as np\n"
                          "    x_train = np.concatenate([x_train[:50000], x_test])\n"
                          "    y_train = np.concatenate([y_train[:50000], y_test])\n"
                          "    return model.fit(x_train, y_train, epochs=1, batch_size=BATCH_SIZE,\n"
                          "        validation_split=VALIDATION_SPLIT, callbacks=[stop], verbose=0)")],
        "train_model", "train_model",
        "you trained on rows of the 10,000 Fashion-MNIST test images"),
}


@pytest.mark.parametrize("name", VARIANTS)
def test_wrong_variant_fails_the_right_check(tmp_path, name):
    replacements, last, check, message = VARIANTS[name]
    # A variant about how fit is called, or about the scaling step, grades that step alone (given
    # the reference's model and data); the others grade up to their step.
    stop, left_out = (graded_only(EXERCISE, last) if last in ("train_model", "normalize")
                      else graded_until(EXERCISE, last))
    code, checks, output = grade(EXERCISE, variant(tmp_path, "fashion_mnist.py", *replacements),
                                 tmp_path, *stop)
    assert code == 1
    assert_not_graded(checks, left_out)
    graded = {step: status for step, status in not_passed(checks).items() if step not in left_out}
    assert graded == {check: "failed"}, output
    assert checks[check]["message"] == message


def test_the_official_tutorial_model_with_logits_passes_the_model_checks(tmp_path):
    """TensorFlow's own Fashion-MNIST tutorial: an activation given as a TensorFlow function, a
    last layer without activation, and a loss told it gets logits."""
    folder = variant(tmp_path, "fashion_mnist.py",
                     ("import keras  #", "import tensorflow as tf\nimport keras  #"),
                     ('keras.layers.Dense(256, activation="relu")',
                      "keras.layers.Dense(256, activation=tf.nn.relu)"),
                     ('keras.layers.Dense(10, activation="softmax")', "keras.layers.Dense(10)"),
                     ('loss="sparse_categorical_crossentropy"',
                      "loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)"))
    stop, left_out = graded_until(EXERCISE, "compile_model")
    code, checks, output = grade(EXERCISE, folder, tmp_path, *stop)
    assert set(not_passed(checks)) == set(left_out), output
    assert "outputs logits" in checks["build_model"]["notes"][0]
    assert "from_logits=True" in checks["compile_model"]["notes"][0]
