"""End to end on IMDB: the solution passes, the stubs are not done, wrong variants fail the right
check with a clear message, and a 2-way softmax is accepted with a note. Slow: real reviews."""

import pytest

from tests.conftest import needs_real_data
from tests.grading import (assert_key_lines, assert_not_graded, check_solution_passes,
                           check_stubs_not_done, grade, graded_only, graded_until, not_passed,
                           variant)

pytestmark = needs_real_data
EXERCISE = "imdb"
FIT = ("    return model.fit(x_train, y_train, epochs=40, batch_size=512, validation_split=0.2,\n"
       "                     callbacks=[stop], verbose=0)")


@pytest.mark.long
def test_reference_solution_passes_every_check(tmp_path):
    check_solution_passes(EXERCISE, tmp_path)


def test_untouched_stubs_are_all_not_done_yet_in_korean(tmp_path):
    _checks, output = check_stubs_not_done(EXERCISE, tmp_path, "--lang", "ko")
    assert_key_lines(output, f"ko/{EXERCISE}-stubs")


# name: (replacements, {check: status} of the checks that do not pass, the check whose message
# is asserted (grading stops after it), that message)
VARIANTS = {
    "softmax over one unit": (
        [('keras.layers.Dense(1, activation="sigmoid")', 'keras.layers.Dense(1, activation="softmax")')],
        {"build_model": "failed"}, "build_model",
        "the last layer should be Dense(1, activation='sigmoid'), found Dense(1, "
        "activation='softmax'): a softmax over one unit always outputs 1.0, whatever the review; "
        "one unit needs sigmoid"),
    "MSE loss": (
        [('loss="binary_crossentropy"', 'loss="mean_squared_error"')],
        {"compile_model": "failed"}, "compile_model",
        "loss: expected binary_crossentropy, found mean_squared_error"),
    "decoder off by the reserved offset": (
        [('words_by_rank.get(i - INDEX_FROM, "?")', 'words_by_rank.get(i, "?")')],
        {"decode_review": "failed"}, "decode_review",
        "your words are shifted: you read id i as the word of rank i - 0, but ids 0, 1 and 2 are "
        "kept for padding, start and unknown words, so id i is the word of rank i - 3"),
    "validating on the test reviews": (
        [(FIT, "    (_, _), (test_texts, test_labels) = load_data()\n"
               "    x_test = encode_reviews(test_texts, load_word_index())\n"
               "    return model.fit(x_train, y_train, epochs=2, batch_size=512,\n"
               "                     validation_data=(x_test, test_labels), callbacks=[stop], verbose=0)")],
        {"train_model": "failed"}, "train_model", "your validation data are rows of the 25,000 test reviews"),
}


@pytest.mark.parametrize("name", VARIANTS)
def test_wrong_variant_fails_the_right_check(tmp_path, name):
    replacements, expected, check, message = VARIANTS[name]
    # The training and decoding variants grade their step alone (given the reference's model and
    # encoded reviews); the model variants grade up to their step.
    stop, left_out = (graded_only(EXERCISE, check) if check in ("train_model", "decode_review")
                      else graded_until(EXERCISE, check))
    code, checks, output = grade(EXERCISE, variant(tmp_path, "imdb.py", *replacements), tmp_path,
                                 *stop)
    assert code == 1
    assert_not_graded(checks, left_out)
    graded = {step: status for step, status in not_passed(checks).items() if step not in left_out}
    assert graded == expected, output
    assert checks[check]["message"] == message


def test_the_tutorial_model_without_an_input_layer_is_built_and_judged(tmp_path):
    """TensorFlow's text-classification tutorial: no keras.Input, the model is built by fit."""
    folder = variant(tmp_path, "imdb.py", ("        keras.Input(shape=(MAXLEN,)),\n", ""))
    stop, left_out = graded_until(EXERCISE, "compile_model")
    code, checks, output = grade(EXERCISE, folder, tmp_path, *stop)
    assert set(not_passed(checks)) == set(left_out), output
    assert "has no keras.Input, so the grader built it for input shape (256,)" in checks[
        "build_model"]["notes"][0]


@pytest.mark.long
def test_two_way_softmax_with_its_loss_passes_with_a_note(tmp_path):
    folder = variant(tmp_path, "imdb.py",
                     ('keras.layers.Dense(1, activation="sigmoid")',
                      'keras.layers.Dense(2, activation="softmax")'),
                     ('loss="binary_crossentropy"', 'loss="sparse_categorical_crossentropy"'),
                     ("model.predict(encoded, verbose=0)[:, 0]", "model.predict(encoded, verbose=0)[:, 1]"))
    code, checks, output = grade(EXERCISE, folder, tmp_path)
    assert not_passed(checks) == {} and code == 0, output
    assert "2-way softmax: that is right too" in checks["build_model"]["notes"][0]
