"""Reference solution: the study notes' training tips, measured.

Same functions as ``exercises/training_tips.py``, each filled in. Run
``make grade EX=training_tips SOLUTIONS=1`` to see it pass every check.

Every experiment returns ``(curves, answers, interpretation)``: one curve per setting (a number
per epoch), the answers to the step's questions read from those curves, and a few words on what
they show.
"""

import keras
import numpy as np

from datasets import load_fashion_mnist


def prepare_data():
    (images, labels), _test = load_fashion_mnist()
    X = images[:3000].reshape(3000, 784).astype("float32")
    return X[:2000], X[2000:], labels[:2000], labels[2000:3000]


def scale_pixels(X_train, X_val):
    return X_train / 255, X_val / 255


def build_model(units=64, l2=0.0, dropout=0.0, l1=0.0):
    regularizer = keras.regularizers.L1L2(l1=l1, l2=l2) if l1 or l2 else None
    layers = [keras.Input(shape=(784,)),
              keras.layers.Dense(units, activation="relu", kernel_regularizer=regularizer)]
    if dropout:
        layers.append(keras.layers.Dropout(dropout))
    return keras.Sequential(layers + [keras.layers.Dense(10, activation="softmax")])


def fit_curve(model, optimizer, X_train, y_train, X_val, y_val, epochs, batch_size=32,
              curve="loss"):
    model.compile(optimizer=optimizer, loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    history = model.fit(X_train, y_train, epochs=epochs, batch_size=batch_size,
                        validation_data=(X_val, y_val), verbose=0)
    return [float(value) for value in history.history[curve]]


def last(curves, pick=min, among=None):
    names = among or list(curves)
    return pick(names, key=lambda name: curves[name][-1])


def learning_rates(X_train, y_train, X_val, y_val):
    rates = {"0.001": 0.001, "0.1": 0.1, "1.0": 1.0,
             "1.0 with decay": keras.optimizers.schedules.ExponentialDecay(1.0, 63, 0.5)}
    curves = {name: fit_curve(build_model(), keras.optimizers.SGD(rate), X_train, y_train,
                              X_val, y_val, epochs=10)
              for name, rate in rates.items()}
    fixed = ["0.001", "0.1", "1.0"]
    too_high, about_right = last(curves, max, fixed), last(curves, min, fixed)
    answers = {"too_high": too_high, "about_right": about_right,
               "too_low": next(name for name in fixed if name not in (too_high, about_right)),
               "better_of_1.0": last(curves, min, ["1.0", "1.0 with decay"])}
    return curves, answers, ("0.001 is still far from the bottom after 10 epochs, 1.0 jumps "
                             "around and gets nowhere, halving it every epoch helps.")


def optimizers(X_train, y_train, X_val, y_val):
    settings = {"sgd": keras.optimizers.SGD(0.01),
                "sgd_momentum": keras.optimizers.SGD(0.01, momentum=0.9),
                "adam": keras.optimizers.Adam(0.01)}
    curves = {name: fit_curve(build_model(), optimizer, X_train, y_train, X_val, y_val,
                              epochs=10)
              for name, optimizer in settings.items()}
    return curves, {"fastest": last(curves), "slowest": last(curves, max)}, (
        "Momentum and Adam go much further than plain SGD in the same 10 epochs.")


def batch_sizes(X_train, y_train, X_val, y_val):
    X_train, y_train = X_train[:1000], y_train[:1000]
    curves, updates = {}, {}
    for name, size in {"1": 1, "32": 32, "full": len(X_train)}.items():
        curves[name] = fit_curve(build_model(), keras.optimizers.SGD(0.01), X_train, y_train,
                                 X_val, y_val, epochs=3, batch_size=size)
        updates[name] = int(np.ceil(len(X_train) / size))
    return curves, {"lowest_loss": last(curves), "updates_per_epoch": updates}, (
        "Batch size 1 makes 1000 small noisy updates per epoch and learns the most per epoch; "
        "the full batch makes a single update per epoch.")


def regularization(X_train, y_train, X_val, y_val):
    models = {"plain": build_model(128), "l2": build_model(128, l2=0.001),
              "dropout": build_model(128, dropout=0.5)}
    curves = {name: fit_curve(model, keras.optimizers.Adam(0.001), X_train, y_train, X_val,
                              y_val, epochs=20, curve="val_accuracy")
              for name, model in models.items()}
    return curves, {"best": last(curves, max), "models": models}, (
        "The plain network learns the 2000 training images by heart; dropout and L2 keep its "
        "validation accuracy higher.")


def normalization(X_train, y_train, X_val, y_val):
    mean, std = X_train.mean(axis=0), X_train.std(axis=0) + 1e-7
    inputs = {"raw": (X_train, X_val), "min_max": (X_train / 255, X_val / 255),
              "standard": ((X_train - mean) / std, (X_val - mean) / std)}
    curves = {name: fit_curve(build_model(), keras.optimizers.SGD(0.01), train, y_train, val,
                              y_val, epochs=10)
              for name, (train, val) in inputs.items()}
    return curves, {"worst": last(curves, max)}, (
        "Raw pixels from 0 to 255 make the first steps far too large and training stalls; both "
        "scalings train well.")
