# %% [markdown]
# # Exercise 4: read American Sign Language letters with a convolutional network.
#
# 수어 알파벳 MNIST: 손 모양 사진(28x28 흑백)을 보고 알파벳을 맞힙니다. CSV 읽기, 합성곱 신경망(CNN),
# 데이터 증강(augmentation)을 연습합니다.
#
# Fill in each function, replacing ``raise NotImplementedError``, and run
# ``make grade EX=sign_language_mnist`` after each step. Every step is graded on its own.
#
# The data: two CSV files (27,455 training and 7,172 test rows). Each row is one image: a ``label``
# column, then ``pixel1`` .. ``pixel784`` (28x28, row by row, 0-255). Label k is the k-th letter of
# the alphabet counting from 0 (A = 0, B = 1, ...). ``SIGN_LANGUAGE_LETTERS`` maps labels to letters.


# %%
import math

import keras  # noqa: F401
import matplotlib
import numpy as np  # noqa: F401

matplotlib.use("Agg")  # draw to files; no window needed
import matplotlib.pyplot as plt  # noqa: E402,F401

from datasets import SIGN_LANGUAGE_LETTERS, load_sign_language_mnist  # noqa: E402,F401

EPOCHS = 10
BATCH_SIZE = 128
VALIDATION_SPLIT = 0.1
# 24,709 training images after the validation split, in batches of 128.
STEPS_PER_EPOCH = math.ceil(27455 * (1 - VALIDATION_SPLIT) / BATCH_SIZE)


# %% [markdown]
# ## 1. Load the training and test CSV files


# %%
def load_data():
    """Step 1. Load the two CSV files.

    CSV 두 개(학습/테스트)를 pandas DataFrame 으로 불러오세요.

    Returns:
        ``(train, test)`` as ``load_sign_language_mnist()`` gives them.
    """
    raise NotImplementedError


# %% tags=["active-ipynb"]
# check("load_data")


# %% [markdown]
# ## 2. Split the label column from the 784 pixels


# %%
def split_labels(frame):
    """Step 2. Separate the labels from the pixels.

    레이블 열과 픽셀 784개를 나누세요.

    Returns:
        ``(pixels, labels)``: a numpy array of shape (rows, 784) and one of shape (rows,).
    """
    raise NotImplementedError


# %% tags=["active-ipynb"]
# check("split_labels")


# %% [markdown]
# ## 4. Reshape to 28x28x1 images scaled to [0, 1]


# %%
def to_images(pixels):
    """Step 3. Make images a CNN can read: 28x28 with one channel, values in [0, 1].

    (rows, 784) → (rows, 28, 28, 1) 로 바꾸고 255 로 나눠 0-1 로 정규화하세요.

    A convolution looks at neighbouring pixels, so each row of 784 numbers must become a 28x28
    grid again, with a last axis for the single (gray) channel. Divide by 255 as in exercise 2.

    Returns:
        A float32 array of shape (rows, 28, 28, 1).
    """
    raise NotImplementedError


# %% tags=["active-ipynb"]
# check("to_images")


# %% [markdown]
# ## 6. Decide how many outputs the model needs


# %%
def count_outputs(labels):
    """Step 4. Decide how many outputs the last layer needs, and explain the missing letters.

    출력 개수 정하기: 레이블은 0-24 인데 9(J)가 없습니다. 왜일까요? (아래 주석에 적어 보세요)

    Look at ``np.unique(labels)``: 0-24, but no 9. J and Z are signed with a moving hand, so a
    still photo cannot show them (Z would be 25). Two consistent choices: 25 outputs, one per
    label 0-24 (output 9 is simply never right); or 24 outputs after remapping labels 10-24 to
    9-23 (then remap them in training and back when you read predictions). Write why J and Z
    are missing in the comment below.

    Returns:
        The number of outputs you will use (25, or 24 if you remap).
    """
    # Why are J and Z missing?
    raise NotImplementedError


# %% tags=["active-ipynb"]
# check("count_outputs")


# %% [markdown]
# ## 7. Build the CNN with augmentation layers


# %%
def build_model():
    """Step 5. Build a CNN, with data augmentation inside the model.

    CNN 만들기: 증강 층(RandomRotation 등) → Conv2D + MaxPooling2D 블록 → Flatten → Dense(relu) →
    Dropout → Dense(softmax). 좌우 반전(horizontal flip)은 쓰지 마세요: 왼손/오른손이 바뀌면 다른 수어가 됩니다.

    A ``keras.Sequential`` model that
      * takes ``keras.Input(shape=(28, 28, 1))``;
      * augments the training images with Keras preprocessing layers: small rotations
        (``RandomRotation(0.05)``), shifts (``RandomTranslation(0.1, 0.1)``) and zooms
        (``RandomZoom(0.1)``). They only act during training, and show the network varied
        versions of each sign. Do NOT use a horizontal flip: a mirrored hand is the other hand;
      * has one or more convolution blocks, each ``Conv2D`` then ``MaxPooling2D`` (e.g. 16 then
        32 filters of 3x3). Ten epochs are enough if each block normalizes its outputs:
        ``Conv2D(16, 3)``, ``BatchNormalization()``, ``Activation("relu")``, ``MaxPooling2D()``;
      * then ``Flatten``, a ``Dense`` layer with relu, ``Dropout``;
      * ends with ``Dense(outputs, activation="softmax")``, outputs as decided in step 4.
    Keep it under 1,000,000 parameters.

    Returns:
        The model (not compiled yet).
    """
    raise NotImplementedError


# %% tags=["active-ipynb"]
# check("build_model")


# %% [markdown]
# ## 8. Compile: adam from 0.002 with decay, cross-entropy, accuracy


# %%
def compile_model(model):
    """Step 6. Compile: adam, sparse categorical cross-entropy, accuracy.

    컴파일: adam, sparse categorical cross-entropy, accuracy. 학습률은 0.002 에서 시작해 코사인 곡선으로
    0 까지 줄입니다(learning-rate decay).

    Start the learning rate at 0.002, twice adam's default: batch normalization keeps the
    training stable with bigger steps, so ten epochs are enough. Then let it decay: with the
    augmented images every batch looks new, and a constant rate keeps the accuracy jumping
    around from epoch to epoch. A cosine schedule lowers it smoothly to 0 over the planned
    training steps::

        schedule = keras.optimizers.schedules.CosineDecay(
            0.002, decay_steps=EPOCHS * STEPS_PER_EPOCH)
        optimizer = keras.optimizers.Adam(schedule)

    Returns:
        The same model, compiled.
    """
    raise NotImplementedError


# %% tags=["active-ipynb"]
# check("compile_model")


# %% [markdown]
# ## 9. Train, validating on rows held out from the training set


# %%
def train_model(model, x_train, y_train):
    """Step 7. Train, validating on rows held out from the training set.

    학습: validation_split 으로 학습 데이터 일부를 검증용으로. EarlyStopping 을 쓰면 좋습니다.

    Hold out part of the training rows (``validation_split=VALIDATION_SPLIT``); never the test
    rows. ``EPOCHS`` epochs with ``batch_size=BATCH_SIZE`` and early stopping on the validation
    loss take about a minute and a half. If you chose 24 outputs, remap the labels here first.

    Returns:
        The History object ``fit`` returns.
    """
    raise NotImplementedError


# %% tags=["active-ipynb"]
# check("train_model")


# %% [markdown]
# ## 10. Measure the test accuracy


# %%
def evaluate(model, x_test, y_test):
    """Step 8. Measure the accuracy on the test images.

    Returns:
        The test accuracy, a number between 0 and 1.
    """
    raise NotImplementedError


# %% tags=["active-ipynb"]
# check("evaluate")


# %% [markdown]
# ## 11. Show misclassified signs with true and predicted letters


# %%
def show_misclassified(model, x_test, y_test, path):
    """Step 9. Look at the signs the model gets wrong.

    틀린 예측 보기: 틀린 사진 몇 장을 격자로 그리고, 제목에 정답 글자와 예측 글자를 쓰세요.

    Predict the test images, find the indices where the prediction differs from ``y_test``, and
    draw at least 6 of them in a grid (``fig, axes = plt.subplots(3, 4)``), each with
    ``axes.imshow(image[:, :, 0], cmap="gray")`` and a title naming the true and the predicted
    letter, e.g. ``"true A, predicted E"``. Save it to ``path`` (``fig.savefig(path)``).
    Which letters get confused? Do their hand shapes look alike?

    Returns:
        ``(fig, indices)``: the Figure and the test indices you drew, in drawing order.
    """
    raise NotImplementedError


# %% tags=["active-ipynb"]
# check("show_misclassified")


# %% [markdown]
# ## All together: every step, then the test accuracy of your trained model


# %% tags=["active-ipynb"]
# check()
