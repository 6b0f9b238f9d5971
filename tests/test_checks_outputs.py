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
