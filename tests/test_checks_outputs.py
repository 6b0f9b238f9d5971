"""Checks on what later steps return: figures, evaluations, predicted names, value ranges."""

import keras
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from grader import portable  # noqa: E402
from grader.checks import STEP_CHECKS, StepContext  # noqa: E402
from grader.spec import Step, load_spec  # noqa: E402

FASHION = load_spec("fashion_mnist")
HISTORY = portable.HistoryRecord({"loss": [0.9, 0.5, 0.4], "val_loss": [0.8, 0.6, 0.55],
                                  "accuracy": [0.7, 0.8, 0.85], "val_accuracy": [0.72, 0.79, 0.8]},
                                 {"epochs": 3})


def figure_value(tmp_path, curves, save=True):
    fig, axes = plt.subplots(1, 2)
    for key in curves:
        axes[0 if "loss" in key else 1].plot(range(1, 4), HISTORY.history[key])
    if save:
        fig.savefig(tmp_path / "curves.png")
    portable.save(tmp_path / "figure", fig)
    plt.close(fig)
    return portable.load(tmp_path / "figure")


def curves_check(tmp_path, value):
    return STEP_CHECKS["learning_curves"](StepContext(
        FASHION, FASHION.step("plot_learning_curves"), value=value, args=[HISTORY, "curves.png"],
        workdir=tmp_path))


def test_figure_with_all_four_curves_and_png_passes(tmp_path):
    assert curves_check(tmp_path, figure_value(tmp_path, HISTORY.history)).passed


def test_missing_validation_curve_is_named(tmp_path):
    finding = curves_check(tmp_path, figure_value(tmp_path, ["loss", "accuracy", "val_accuracy"]))
    assert finding.message == ("the figure has no line showing the validation loss "
                               "(history.history['val_loss'], 3 points, one per epoch)")


def test_unsaved_png_and_missing_figure_are_named(tmp_path):
    assert curves_check(tmp_path, figure_value(tmp_path, HISTORY.history, save=False)).message == (
        "the picture curves.png was not saved")
    assert curves_check(tmp_path, None).message == "the step did not return a matplotlib Figure"


@pytest.fixture
def model_path(tmp_path):
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(3, activation="softmax")])
    path = tmp_path / "m.keras"
    model.save(path)
    return path, model


def test_evaluation_accepts_accuracy_or_evaluate_output_and_catches_a_wrong_number(model_path):
    path, model = model_path
    x = np.random.default_rng(0).normal(size=(50, 2)).astype("float32")
    y = np.random.default_rng(1).integers(0, 3, 50)
    accuracy = float((model.predict(x, verbose=0).argmax(axis=1) == y).mean())
    step = FASHION.step("evaluate")
    check = STEP_CHECKS["evaluation"]
    assert check(StepContext(FASHION, step, value=accuracy, args=[path, x, y])).passed
    assert check(StepContext(FASHION, step, value=[1.23, accuracy], args=[path, x, y])).passed
    wrong = check(StepContext(FASHION, step, value=accuracy + 0.1, args=[path, x, y]))
    assert not wrong.passed and "is not the model's accuracy" in wrong.message


def test_predicted_names_are_compared_with_the_grader_s_own_predictions(model_path):
    path, model = model_path
    x = np.eye(2, dtype="float32")
    names = ["cat", "dog", "owl"]
    step = Step("predict", "Predict", "predictions", expect={"class_names": names})
    right = [names[i] for i in model.predict(x, verbose=0).argmax(axis=1)]
    check = STEP_CHECKS["predictions"]
    assert check(StepContext(FASHION, step, value=right, args=[path, x])).passed
    wrong = [name if i else "bat" for i, name in enumerate(right)]
    assert not check(StepContext(FASHION, step, value=wrong, args=[path, x])).passed


def test_value_range_names_unscaled_pixels():
    step = FASHION.step("normalize")
    images = np.array([[0, 128, 255]], dtype="uint8")
    finding = STEP_CHECKS["same_as_reference"](StepContext(
        FASHION, step, value=(images, images), reference=(images / 255.0, images / 255.0)))
    assert finding.message == "the values go from 0 to 255; expected them between 0 and 1"


WORD_INDEX = {"the": 1, "and": 2, "a": 3, "of": 4, "film": 5, "good": 6, "bad": 7, "very": 8}


def decoding(value):
    """Grade a decoded text of ids for: padding, padding, start, the, film, good, unknown, the."""
    ids = np.array([0, 0, 1, 4, 8, 9, 2, 4])
    spec = load_spec("imdb")
    return STEP_CHECKS["decoding"](StepContext(spec, spec.step("decode_review"), value=value,
                                               reference="the film good ? the",
                                               args=[ids, WORD_INDEX]))


def test_right_decoding_passes_and_an_offset_slip_is_named():
    assert decoding("the film good ? the").passed
    shifted = decoding("of very ? ? of")  # looked up rank i, not i - 3
    assert shifted.message.startswith("your words are shifted: you read id i as the word of rank i - 0")
    shifted = decoding("? ? of very ? and of")  # and did not skip the reserved ids either
    assert shifted.message.startswith("your words are shifted: you read id i as the word of rank i - 0")


def test_other_decoding_mistakes_name_the_first_wrong_word():
    finding = decoding("the film bad ? the")
    assert finding.message.startswith("word 3 differs: expected 'good', found 'bad'")


def data_problem(tmp_path, test_x, train_x, x=None, validation=None):
    """The training check's test-row finding for a fit on ``x`` validated on ``validation``."""
    from grader.checks.training import _data_problem
    from grader.rows import row_keys

    spec = load_spec("imdb")
    call = {}
    for field, rows in (("x_rows", x), ("validation_rows", validation)):
        if rows is not None:
            np.save(tmp_path / f"{field}.npy", row_keys(rows))
            call[field] = f"{field}.npy"
    context = StepContext(spec, spec.step("train_model"), args=["model", train_x, None],
                          steps_dir=tmp_path, lookup=lambda text: test_x)
    finding = _data_problem(context, [call])
    return finding.message if finding else None


def test_validation_or_training_rows_from_the_test_set_are_caught_wherever_they_are(tmp_path):
    test_x = np.arange(400).reshape(100, 4)
    train_x = np.arange(400).reshape(100, 4) + 1000
    assert data_problem(tmp_path, test_x, train_x, x=train_x, validation=test_x) == (
        "your validation data are rows of the 25,000 test reviews")
    # The test rows at the end of the training data, with the row count unchanged.
    assert data_problem(tmp_path, test_x, train_x, x=np.concatenate([train_x[:50], test_x[:50]])) == (
        "you trained on rows of the 25,000 test reviews")
    assert data_problem(tmp_path, test_x, train_x, x=train_x) is None


def test_a_few_rows_shared_upstream_do_not_count(tmp_path):
    test_x = np.arange(400).reshape(100, 4)
    train_x = np.concatenate([np.arange(400).reshape(100, 4) + 1000, test_x[:5]])
    # Five test rows are in the training set too (duplicates upstream): not a leak.
    assert data_problem(tmp_path, test_x, train_x, x=train_x, validation=test_x[:5]) is None
    assert data_problem(tmp_path, test_x, train_x, x=train_x, validation=test_x[5:8]) == (
        "your validation data are rows of the 25,000 test reviews")


def test_test_images_are_caught_in_another_scale_too(tmp_path):
    test_x = np.random.default_rng(0).integers(0, 256, (30, 4, 4, 1)).astype("float32")
    train_x = np.random.default_rng(1).random((30, 4, 4, 1)).astype("float32")
    assert data_problem(tmp_path, test_x / 255.0, train_x, x=train_x, validation=test_x) == (
        "your validation data are rows of the 25,000 test reviews")
    assert data_problem(tmp_path, test_x, train_x, x=train_x, validation=test_x + 1) is None


def grid_value(tmp_path, images, titles, indices, save=True):
    fig, axes = plt.subplots(1, max(1, len(titles)))
    for ax, image, title in zip(np.atleast_1d(axes), images, titles):
        ax.imshow(image)
        ax.set_title(title)
    if save:
        fig.savefig(tmp_path / "grid.png")
    portable.save(tmp_path / "grid", (fig, np.asarray(indices)))
    plt.close(fig)
    return portable.load(tmp_path / "grid")


def test_misclassified_grid_checks_indices_titles_and_png(model_path, tmp_path):
    path, model = model_path
    x = np.random.default_rng(0).normal(size=(30, 2)).astype("float32")
    predicted = model.predict(x, verbose=0).argmax(axis=1)
    y = (predicted + np.array([1] * 8 + [0] * 22)) % 3  # the first 8 are wrong
    spec = load_spec("sign_language_mnist")
    names = {"0": "A", "1": "B", "2": "C"}
    step = Step("show", "Show", "misclassified_grid", expect={"at_least": 2, "names": names})

    def check(value):
        return STEP_CHECKS["misclassified_grid"](StepContext(
            spec, step, value=value, args=[path, x, y, "grid.png"], workdir=tmp_path))

    def title(i):
        return f"true {names[str(y[i])]}, predicted {names[str(predicted[i])]}"

    image = np.zeros((4, 4))
    assert check(grid_value(tmp_path, [image] * 2, [title(0), title(1)], [0, 1])).passed
    assert check(grid_value(tmp_path, [image] * 2, [title(0), title(9)], [0, 9])).message == (
        "test image 9 is not misclassified by this model")
    wrong_title = check(grid_value(tmp_path, [image] * 2, [title(0), "a sign"], [0, 1]))
    assert wrong_title.message.startswith("the title of the image of test sample 1 should name")
    assert check(grid_value(tmp_path, [image], [title(0)], [0])).message == (
        "only 1 images shown; expected at least 2")


def test_tensorflow_graph_errors_are_said_plainly():
    from grader.student_side.worker import plain_error
    raw = ("tensorflow.python.framework.errors_impl.InvalidArgumentError: Graph execution error:\n\n"
           "Detected at node loss defined at (most recent call last):\n"
           '  File "/venv/keras/src/losses.py", line 34, in call\n\n'
           "Received a label value of 24 which is outside the valid range of [0, 24).  Label "
           "values: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15\n\t [[{{node loss}}]] [Op:__inference]")
    message = plain_error(raw)
    assert message.startswith("InvalidArgumentError: Received a label value of 24")
    assert "File " not in message and "13 14 15" not in message
    assert "the last layer has 24 outputs, for labels 0 to 23" in message
