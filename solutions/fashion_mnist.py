"""Reference solution: Fashion-MNIST with a dense network, dropout and early stopping.

Same functions as ``exercises/fashion_mnist.py``, each filled in.
"""

import math

import keras
import matplotlib

matplotlib.use("Agg")  # draw to files; no window needed
import matplotlib.pyplot as plt  # noqa: E402

from datasets import FASHION_MNIST_CLASSES, load_fashion_mnist  # noqa: E402

EPOCHS = 20
BATCH_SIZE = 128
VALIDATION_SPLIT = 0.1
# 54,000 training images after the validation split, in batches of 128.
STEPS_PER_EPOCH = math.ceil(60000 * (1 - VALIDATION_SPLIT) / BATCH_SIZE)


def load_data():
    return load_fashion_mnist()


def name_classes():
    return list(FASHION_MNIST_CLASSES)


def normalize(x_train, x_test):
    return (x_train / 255.0).astype("float32"), (x_test / 255.0).astype("float32")


def build_model():
    return keras.Sequential([
        keras.Input(shape=(28, 28)),
        keras.layers.Flatten(),
        keras.layers.Dense(256, activation="relu"),
        keras.layers.Dropout(0.2),
        keras.layers.Dense(128, activation="relu"),
        keras.layers.Dropout(0.2),
        keras.layers.Dense(10, activation="softmax"),
    ])


def compile_model(model):
    # Learning-rate decay: big steps first, ever smaller ones as training settles (cosine curve
    # from adam's default 0.001 down to 0 over the planned epochs).
    schedule = keras.optimizers.schedules.CosineDecay(0.001, decay_steps=EPOCHS * STEPS_PER_EPOCH)
    model.compile(optimizer=keras.optimizers.Adam(schedule),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def train_model(model, x_train, y_train):
    stop = keras.callbacks.EarlyStopping(monitor="val_loss", patience=5, restore_best_weights=True)
    return model.fit(x_train, y_train, epochs=EPOCHS, batch_size=BATCH_SIZE,
                     validation_split=VALIDATION_SPLIT, callbacks=[stop], verbose=0)


def plot_learning_curves(history, path):
    curves = history.history
    epochs = range(1, len(curves["loss"]) + 1)
    fig, (loss_axes, accuracy_axes) = plt.subplots(1, 2, figsize=(10, 4))
    for axes, metric in ((loss_axes, "loss"), (accuracy_axes, "accuracy")):
        axes.plot(epochs, curves[metric], label="training")
        axes.plot(epochs, curves[f"val_{metric}"], label="validation")
        axes.set_xlabel("epoch")
        axes.set_ylabel(metric)
        axes.legend()
    fig.tight_layout()
    fig.savefig(path)
    return fig


def evaluate(model, x_test, y_test):
    loss, accuracy = model.evaluate(x_test, y_test, verbose=0)
    return accuracy


def predict_class_names(model, images, class_names):
    probabilities = model.predict(images, verbose=0)
    return [class_names[i] for i in probabilities.argmax(axis=1)]


if __name__ == "__main__":
    (x_train, y_train), (x_test, y_test) = load_data()
    x_train, x_test = normalize(x_train, x_test)
    model = compile_model(build_model())
    history = train_model(model, x_train, y_train)
    plot_learning_curves(history, "learning_curves.png")
    print(f"test accuracy {evaluate(model, x_test, y_test):.4f}")
    print(predict_class_names(model, x_test[:5], name_classes()), [name_classes()[i] for i in y_test[:5]])
