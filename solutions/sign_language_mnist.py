"""Reference solution: Sign-Language-MNIST with a small CNN and data augmentation.

Same functions as ``exercises/sign_language_mnist.py``, each filled in.
"""

import math

import keras
import matplotlib
import numpy as np

matplotlib.use("Agg")  # draw to files; no window needed
import matplotlib.pyplot as plt  # noqa: E402

from datasets import SIGN_LANGUAGE_LETTERS, load_sign_language_mnist  # noqa: E402

EPOCHS = 10
BATCH_SIZE = 128
VALIDATION_SPLIT = 0.1
# 24,709 training images after the validation split, in batches of 128.
STEPS_PER_EPOCH = math.ceil(27455 * (1 - VALIDATION_SPLIT) / BATCH_SIZE)


def load_data():
    return load_sign_language_mnist()


def split_labels(frame):
    return frame.drop(columns="label").to_numpy(), frame["label"].to_numpy()


def to_images(pixels):
    return (pixels / 255.0).reshape(-1, 28, 28, 1).astype("float32")


def count_outputs(labels):
    # Labels are the letters' positions in the alphabet (A = 0); J (9) and Z (25) need a moving
    # hand, so they are not in the data. Keeping label = output number needs max + 1 = 25 outputs;
    # output 9 is simply never the right answer.
    return int(labels.max()) + 1


def build_model():
    return keras.Sequential([
        keras.Input(shape=(28, 28, 1)),
        # Augmentation: small rotations, shifts and zooms, active only while training. No
        # horizontal flip: a mirrored hand is the other hand, and some signs change meaning.
        keras.layers.RandomRotation(0.05),
        keras.layers.RandomTranslation(0.1, 0.1),
        keras.layers.RandomZoom(0.1),
        # Each block: convolution -> batch normalization -> relu -> pooling. Normalizing the
        # convolution's outputs keeps them on a steady scale, so ten epochs are enough even
        # though augmentation changes the images every time.
        keras.layers.Conv2D(16, 3),
        keras.layers.BatchNormalization(),
        keras.layers.Activation("relu"),
        keras.layers.MaxPooling2D(),
        keras.layers.Conv2D(32, 3),
        keras.layers.BatchNormalization(),
        keras.layers.Activation("relu"),
        keras.layers.MaxPooling2D(),
        keras.layers.Flatten(),
        keras.layers.Dense(128, activation="relu"),
        keras.layers.Dropout(0.3),
        keras.layers.Dense(25, activation="softmax"),
    ])


def compile_model(model):
    # Learning-rate decay: start at 0.002 (twice adam's default: batch normalization tolerates
    # big steps) and follow a cosine curve down to 0 over the planned epochs, so the last epochs
    # take small steps and the accuracy settles instead of jumping around.
    schedule = keras.optimizers.schedules.CosineDecay(0.002, decay_steps=EPOCHS * STEPS_PER_EPOCH)
    model.compile(optimizer=keras.optimizers.Adam(schedule),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def train_model(model, x_train, y_train):
    stop = keras.callbacks.EarlyStopping(monitor="val_loss", patience=3, restore_best_weights=True)
    return model.fit(x_train, y_train, epochs=EPOCHS, batch_size=BATCH_SIZE,
                     validation_split=VALIDATION_SPLIT, callbacks=[stop], verbose=0)


def evaluate(model, x_test, y_test):
    loss, accuracy = model.evaluate(x_test, y_test, verbose=0)
    return accuracy


def show_misclassified(model, x_test, y_test, path, count=12):
    predicted = model.predict(x_test, verbose=0).argmax(axis=1)
    indices = np.flatnonzero(predicted != y_test)[:count]
    fig, axes_grid = plt.subplots(3, 4, figsize=(8, 6))
    for axes in axes_grid.flat:
        axes.axis("off")
    for axes, index in zip(axes_grid.flat, indices):
        true, guess = (SIGN_LANGUAGE_LETTERS.get(int(label), "?")
                       for label in (y_test[index], predicted[index]))
        axes.imshow(x_test[index, :, :, 0], cmap="gray")
        axes.set_title(f"true {true}, predicted {guess}", fontsize=9)
    fig.tight_layout()
    fig.savefig(path)
    return fig, indices


if __name__ == "__main__":
    train, test = load_data()
    (x_train, y_train), (x_test, y_test) = split_labels(train), split_labels(test)
    x_train, x_test = to_images(x_train), to_images(x_test)
    model = compile_model(build_model())
    train_model(model, x_train, y_train)
    print(f"test accuracy {evaluate(model, x_test, y_test):.4f}")
    show_misclassified(model, x_test, y_test, "misclassified.png")
