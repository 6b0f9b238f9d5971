"""The checks on their own, on real Keras models saved to .keras files."""

import math

import keras
import numpy as np
import pandas as pd
import pytest

from grader.checks import STEP_CHECKS, StepContext
from grader.checks.architecture import constraint_problems, layer_differences
from grader.checks.compile import DEFAULT_LEARNING_RATES, compile_problems
from grader.checks.values import compare
from grader.keras_files import SavedModel
from grader.portable import HistoryRecord
from grader.records import StepRecord
from grader.spec import Step, load_spec

IRIS = load_spec("iris")
L = keras.layers


def saved(tmp_path, model, name="m"):
    path = tmp_path / f"{name}.keras"
    model.save(path)
    return SavedModel(path)


def iris_model(hidden=(30, 16), output="softmax"):
    return keras.Sequential([keras.Input(shape=(4,))] +
                            [L.Dense(units, activation="relu") for units in hidden] +
                            [L.Dense(3, activation=output)])


def architecture(tmp_path, model):
    step = IRIS.step("build_model")
    return STEP_CHECKS["architecture"](StepContext(IRIS, step, model=saved(tmp_path, model)))


def test_reference_architecture_passes(tmp_path):
    assert architecture(tmp_path, iris_model()).passed


def test_input_shape_given_on_the_first_layer_counts(tmp_path):
    model = keras.Sequential([L.Dense(30, activation="relu", input_shape=(4,)),
                              L.Dense(16, activation="relu"), L.Dense(3, activation="softmax")])
    assert architecture(tmp_path, model).passed


@pytest.mark.parametrize("model, message", [
    (iris_model(hidden=(30, 32)),
     "layer 2: expected Dense(16, activation='relu'), found Dense(32, activation='relu')"),
    (iris_model(hidden=(30,)), "missing layer: Dense(16, activation='relu') (expected as layer 2)"),
    (iris_model(output="sigmoid"),
     "layer 3: expected Dense(3, activation='softmax'), found Dense(3, activation='sigmoid')"),
    (keras.Sequential([keras.Input(shape=(5,)), L.Dense(30, activation="relu"),
                       L.Dense(16, activation="relu"), L.Dense(3, activation="softmax")]),
     "input shape: expected (4,), found (5,)"),
])
def test_architecture_names_the_first_difference(tmp_path, model, message):
    finding = architecture(tmp_path, model)
    assert not finding.passed and finding.message == message


def test_model_without_input_shape_is_told_how_to_add_one(tmp_path):
    model = keras.Sequential([L.Dense(30, activation="relu"), L.Dense(16, activation="relu"),
                              L.Dense(3, activation="softmax")])
    finding = architecture(tmp_path, model)
    assert not finding.passed and "keras.Input(shape=(4,))" in finding.message


def test_functional_model_is_told_to_use_sequential(tmp_path):
    inputs = keras.Input(shape=(4,))
    model = keras.Model(inputs, L.Dense(3, activation="softmax")(inputs))
    finding = architecture(tmp_path, model)
    assert not finding.passed and "Sequential" in finding.message


def test_extra_layer_is_named():
    from grader.keras_files import Layer
    found = [Layer("Dense", {"units": 30, "activation": "relu"}), Layer("Dropout", {"rate": 0.5}),
             Layer("Dense", {"units": 16, "activation": "relu"}),
             Layer("Dense", {"units": 3, "activation": "softmax"})]
    assert layer_differences(found, IRIS.architecture["layers"]) == ["extra layer 2: Dropout(0.5)"]


CONSTRAINTS = [
    {"kind": "first_layer", "layer": {"type": "Flatten"}},
    {"kind": "last_layer", "layer": {"type": "Dense", "units": 10, "activation": "softmax"}},
    {"kind": "contains", "layer": {"type": "Dropout"}, "min": 1},
    {"kind": "excludes", "layer": {"type": "RandomFlip", "mode": "horizontal"}, "why": "handedness"},
    {"kind": "max_params", "value": 110_000},
]


def test_constraints_accept_any_model_that_keeps_them(tmp_path):
    model = keras.Sequential([keras.Input(shape=(28, 28)), L.Flatten(),
                              L.Dense(128, activation="relu"), L.Dropout(0.2),
                              L.Dense(10, activation="softmax")])
    assert saved(tmp_path, model).parameter_count == model.count_params() == 101_770
    assert constraint_problems(saved(tmp_path, model), CONSTRAINTS) == []


def test_each_broken_constraint_is_a_sentence(tmp_path):
    model = keras.Sequential([keras.Input(shape=(28, 28, 1)), L.RandomFlip("horizontal"),
                              L.Flatten(), L.Dense(256, activation="relu"),
                              L.Dense(10, activation="relu")])
    problems = constraint_problems(saved(tmp_path, model), CONSTRAINTS)
    assert problems == [
        "the first layer should be Flatten(), found RandomFlip('horizontal')",
        "the last layer should be Dense(10, activation='softmax'), found Dense(10, activation='relu')",
        "expected at least 1 Dropout() layer(s), found 0",
        "layer 1: RandomFlip('horizontal') is not allowed here (handedness)",
        "the model has 203,530 parameters, more than the 110,000 allowed",
    ]


def compiled(**settings):
    model = iris_model()
    model.compile(**settings)
    return model.get_compile_config()


@pytest.mark.parametrize("loss", ["categorical_crossentropy", keras.losses.CategoricalCrossentropy(),
                                  keras.losses.categorical_crossentropy])
@pytest.mark.parametrize("metric", ["accuracy", "acc", keras.metrics.CategoricalAccuracy()])
@pytest.mark.parametrize("optimizer", ["adam", keras.optimizers.Adam(), keras.optimizers.Adam(0.001)])
def test_every_spelling_of_the_right_compile_settings_passes(loss, metric, optimizer):
    assert compile_problems(compiled(optimizer=optimizer, loss=loss, metrics=[metric]),
                            IRIS.compile) == []


@pytest.mark.parametrize("settings, problem", [
    (dict(loss="mse"), "loss: expected categorical_crossentropy, found mean_squared_error"),
    (dict(loss=keras.losses.BinaryCrossentropy()),
     "loss: expected categorical_crossentropy, found binary_crossentropy"),
    (dict(optimizer="sgd"), "optimizer: expected Adam, found SGD"),
    (dict(optimizer=keras.optimizers.Adam(0.01)), "learning rate: expected 0.001, found 0.01"),
    (dict(metrics=["mse"]), "metrics: expected accuracy, found ['mse']"),
    (dict(loss=keras.losses.CategoricalCrossentropy(from_logits=True)),
     "loss: from_logits=True, but your model's last layer already applies softmax; leave "
     "from_logits at False"),
])
def test_each_wrong_compile_setting_is_named(settings, problem):
    config = compiled(**{"optimizer": "adam", "loss": "categorical_crossentropy",
                         "metrics": ["accuracy"], **settings})
    assert compile_problems(config, IRIS.compile) == [problem]


def test_learning_rate_schedule_is_compared_where_it_starts():
    schedule = keras.optimizers.schedules.ExponentialDecay(0.001, decay_steps=100, decay_rate=0.9)
    config = compiled(optimizer=keras.optimizers.Adam(schedule), loss="categorical_crossentropy",
                      metrics=["accuracy"])
    assert compile_problems(config, IRIS.compile) == []


def test_default_learning_rates_are_keras_own():
    for name, rate in DEFAULT_LEARNING_RATES.items():
        assert math.isclose(float(keras.optimizers.get(name.lower()).learning_rate), rate,
                            rel_tol=1e-6), name


def test_uncompiled_model_fails_the_compile_check(tmp_path):
    finding = STEP_CHECKS["compile"](StepContext(IRIS, IRIS.step("compile_model"),
                                                 model=saved(tmp_path, iris_model())))
    assert not finding.passed and finding.message == "the model is not compiled"


def training(tmp_path, epochs, batch_size, samples=112):
    model = iris_model()
    model.compile(optimizer="adam", loss="categorical_crossentropy")
    x, y = np.zeros((samples, 4)), keras.utils.to_categorical(np.zeros(samples), 3)
    history = model.fit(x, y, epochs=epochs, batch_size=batch_size, verbose=0) if epochs else None
    step = Step("train_model", "Train", "training", expect={"epochs": 3, "batch_size": 16})
    value = HistoryRecord(history.history, history.params) if history else None
    return STEP_CHECKS["training"](StepContext(IRIS, step, value=value,
                                               model=saved(tmp_path, model), args=[None, x, y]))


def test_training_with_the_asked_epochs_and_batch_size_passes(tmp_path):
    assert training(tmp_path, epochs=3, batch_size=16).passed


def test_training_with_other_settings_says_what_ran(tmp_path):
    finding = training(tmp_path, epochs=2, batch_size=16)
    assert not finding.passed
    assert finding.message == "the model made 14 weight updates, expected 21"
    assert "epochs=2" in finding.found


def test_untrained_model_is_named(tmp_path):
    finding = training(tmp_path, epochs=0, batch_size=16)
    assert finding.message == "the model was not trained: its optimizer made no weight update"


def test_compare_accepts_arrays_for_frames_and_reports_the_first_difference():
    frame = pd.DataFrame({"a": [1.0, 2.0], "b": [3.0, 4.0]})
    assert compare(frame.to_numpy(), frame) is None
    assert compare(frame.to_numpy() + [[0, 0], [0, 1]], frame) == (
        "the result: 1 of 4 values differ from the expected ones; the first at position (1, 1): "
        "expected 4.0, found 5.0")
    assert "expected a tuple of 2" in compare([frame], (frame, frame))
    assert "expected columns ['a', 'b']" in compare(frame[["b", "a"]], frame)


EARLY_STOPPING = {"validation": True, "callbacks": [{"type": "EarlyStopping",
                                                     "restore_best_weights": True}]}


def fit_observed(tmp_path, fit_calls, history=None):
    model = iris_model()
    model.compile(optimizer="adam", loss="categorical_crossentropy")
    model.fit(np.zeros((8, 4)), np.eye(3)[[0, 1, 2, 0, 1, 2, 0, 1]], verbose=0)
    step = Step("train_model", "Train", "training", expect=EARLY_STOPPING)
    return STEP_CHECKS["training"](StepContext(
        IRIS, step, value=history, record=StepRecord("ok", fit_calls=fit_calls),
        model=saved(tmp_path, model), args=[None, None, None]))


def fit_call(validation_split=0.1, **callback):
    return {"validation_split": validation_split, "validation_data": False,
            "callbacks": [callback] if callback else []}


def test_validation_and_early_stopping_pass(tmp_path):
    call = fit_call(type="EarlyStopping", monitor="val_loss", patience=3, restore_best_weights=True)
    assert fit_observed(tmp_path, [call]).passed


@pytest.mark.parametrize("call, message", [
    (fit_call(), "no EarlyStopping callback in model.fit(callbacks=[...])"),
    (fit_call(type="EarlyStopping", restore_best_weights=False),
     "EarlyStopping needs restore_best_weights=True, found False"),
    (fit_call(validation_split=0.0, type="EarlyStopping", restore_best_weights=True),
     "fit had no validation data"),
])
def test_missing_validation_or_callback_is_named(tmp_path, call, message):
    finding = fit_observed(tmp_path, [call])
    assert not finding.passed and finding.message == message


def test_history_without_validation_curves_fails(tmp_path):
    call = fit_call(type="EarlyStopping", restore_best_weights=True)
    history = HistoryRecord({"loss": [1.0, 0.5]}, {"epochs": 2})
    finding = fit_observed(tmp_path, [call], history)
    assert finding.message == "the History you returned has no validation curves"


def test_curve_reading_names_overfitting_undertraining_and_jagged_curves():
    from grader.checks.curves import read_curves
    overfit = read_curves({"loss": [0.9, 0.6, 0.4, 0.3, 0.2], "val_loss": [0.8, 0.6, 0.55, 0.6, 0.7]})
    assert len(overfit) == 1 and "lowest at epoch 3 (0.550)" in overfit[0] and "overfit" in overfit[0]
    under = read_curves({"loss": [0.9, 0.8, 0.7, 0.6, 0.5], "val_loss": [0.95, 0.85, 0.75, 0.65, 0.6]})
    assert len(under) == 1 and "undertrained" in under[0]
    jagged = read_curves({"loss": [0.9, 1.2, 0.8, 1.1, 0.7, 1.0, 0.9]})
    assert len(jagged) == 1 and "went up in 3 of 6 epochs" in jagged[0]
    assert read_curves({"loss": [0.9, 0.5, 0.4, 0.4], "val_loss": [0.8, 0.5, 0.45, 0.45]}) == []
