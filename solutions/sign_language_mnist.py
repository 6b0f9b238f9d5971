### BEGIN SOLUTION
# The master of exercises/sign_language_mnist.py and its notebook: the reference solution, with the
# instructions students read. `make exercises` writes the exercise from it, each solution block
# replaced by `raise NotImplementedError` (or left out, at the top level).
### END SOLUTION

# %% [markdown]
# # Exercise 4: read American Sign Language letters with a convolutional network.
#
# Fill in each function, replacing ``raise NotImplementedError``, and run
# ``make grade EX=sign_language_mnist`` after each step. Every step is graded on its own.
#
# The data: two CSV files (27,455 training and 7,172 test rows). Each row is one image: a ``label``
# column, then ``pixel1`` .. ``pixel784`` (28x28, row by row, 0-255). Label k is the k-th letter of
# the alphabet counting from 0 (A = 0, B = 1, ...). ``SIGN_LANGUAGE_LETTERS`` maps labels to letters.
#
# **연습 문제 4.** 합성곱 신경망으로 미국 수어(ASL)의 알파벳 글자를 읽습니다.
#
# 함수마다 ``raise NotImplementedError``를 여러분의 코드로 바꾸고, 한 단계를 끝낼 때마다
# ``make grade EX=sign_language_mnist``를 실행하세요. 단계마다 따로 채점합니다.
#
# 데이터는 CSV 파일 두 개(학습 27,455행, 테스트 7,172행)입니다. 한 행이 이미지 하나로, ``label`` 열
# 다음에 ``pixel1`` .. ``pixel784``(28x28 이미지를 한 줄씩 이어 붙인 0-255 값)가 옵니다.
# 레이블(label) k는 0부터 셌을 때 알파벳의 k번째 글자입니다(A = 0, B = 1, ...).
# ``SIGN_LANGUAGE_LETTERS``가 레이블을 글자로 바꿔 줍니다.


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
# ## 1. Load the training and test CSV files · 학습용과 테스트용 CSV 파일 불러오기


# %%
def load_data():
    """Step 1. Load the two CSV files.

    Returns:
        ``(train, test)`` as ``load_sign_language_mnist()`` gives them.

    1단계. CSV 파일 두 개를 불러오세요.

    반환값: ``load_sign_language_mnist()``가 주는 그대로의 ``(train, test)``(pandas DataFrame 두
    개).
    """
    ### BEGIN SOLUTION
    return load_sign_language_mnist()
    ### END SOLUTION


# %% tags=["active-ipynb"]
# check("load_data")


# %% [markdown]
# ## 2. Split the label column from the 784 pixels · 레이블 열과 784개 픽셀 나누기


# %%
def split_labels(frame):
    """Step 2. Separate the labels from the pixels.

    Returns:
        ``(pixels, labels)``: a numpy array of shape (rows, 784) and one of shape (rows,).

    2단계. 레이블(label)과 픽셀을 나누세요.

    반환값: ``(pixels, labels)``. 모양이 (rows, 784)인 numpy 배열과 모양이 (rows,)인 배열입니다.
    """
    ### BEGIN SOLUTION
    return frame.drop(columns="label").to_numpy(), frame["label"].to_numpy()
    ### END SOLUTION


# %% tags=["active-ipynb"]
# check("split_labels")


# %% [markdown]
# ## 4. Reshape to 28x28x1 images scaled to [0, 1] · [0, 1]로 스케일을 조정한 28x28x1 이미지로 바꾸기


# %%
def to_images(pixels):
    """Step 4. Make images a CNN can read: 28x28 with one channel, values in [0, 1].

    A convolution looks at neighbouring pixels, so each row of 784 numbers must become a 28x28
    grid again, with a last axis for the single (gray) channel. Divide by 255 as in exercise 2.

    Returns:
        A float32 array of shape (rows, 28, 28, 1).

    4단계. CNN이 읽을 수 있는 이미지, 즉 채널이 하나이고 값이 [0, 1] 범위인 28x28 이미지로 만드세요.

    합성곱은 이웃한 픽셀들을 함께 보므로, 숫자 784개로 된 행을 다시 28x28 격자로 만들고, (회색) 채널
    하나를 위한 마지막 축을 붙여야 합니다. 연습 문제 2에서처럼 255로 나누세요.

    반환값: 모양이 (rows, 28, 28, 1)인 float32 배열.
    """
    ### BEGIN SOLUTION
    return (pixels / 255.0).reshape(-1, 28, 28, 1).astype("float32")
    ### END SOLUTION


# %% tags=["active-ipynb"]
# check("to_images")


# %% [markdown]
# ## 6. Decide how many outputs the model needs · 모델에 필요한 출력 개수 정하기


# %%
def count_outputs(labels):
    """Step 6. Decide how many outputs the last layer needs, and explain the missing letters.

    Look at ``np.unique(labels)``: 0-24, but no 9. J and Z are signed with a moving hand, so a
    still photo cannot show them (Z would be 25). Three consistent choices: 25 outputs, one per
    label 0-24 (output 9 is simply never right); 26 outputs, one per letter A-Z (outputs 9 and
    25 are never right); or 24 outputs after remapping labels 10-24 to 9-23 (then remap them in
    training and back when you read predictions). Write why J and Z are missing in the comment
    below.

    Returns:
        The number of outputs you will use (25, 26, or 24 if you remap).

    6단계. 마지막 층(layer)에 출력이 몇 개 필요한지 정하고, 빠진 글자가 있는 이유를 설명하세요.

    ``np.unique(labels)``를 보세요. 레이블(label)은 0-24인데 9가 없습니다. J와 Z는 손을 움직이며
    나타내는 수어라서, 멈춰 있는 사진으로는 보여 줄 수 없습니다(Z가 있었다면 25였을 것입니다).
    앞뒤가 맞는 선택은 세 가지입니다. 레이블 0-24마다 하나씩 출력 25개를 두거나(출력 9는 정답이 되는
    일이 없습니다), 알파벳 A-Z마다 하나씩 출력 26개를 두거나(출력 9와 25는 정답이 되는 일이
    없습니다), 레이블 10-24를 9-23으로 다시 매긴 뒤 출력 24개를 두는 것입니다(이때는 학습할 때
    레이블을 다시 매기고, 예측을 읽을 때 원래대로 되돌리세요). J와 Z가 왜 빠졌는지 아래 주석에
    적으세요.

    반환값: 사용할 출력 개수(25나 26, 또는 레이블을 다시 매긴다면 24).
    """
    # Why are J and Z missing? · J와 Z는 왜 빠졌을까요?
    ### BEGIN SOLUTION
    # Labels are the letters' positions in the alphabet (A = 0); J (9) and Z (25) need a moving
    # hand, so they are not in the data. Keeping label = output number needs max + 1 = 25 outputs;
    # output 9 is simply never the right answer.
    return int(labels.max()) + 1
    ### END SOLUTION


# %% tags=["active-ipynb"]
# check("count_outputs")


# %% [markdown]
# ## 7. Build the CNN with augmentation layers · 증강 층을 넣은 CNN 만들기


# %%
def build_model():
    """Step 7. Build a CNN, with data augmentation inside the model.

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
      * ends with ``Dense(outputs, activation="softmax")``, outputs as decided in step 6.
    Keep it under 1,000,000 parameters.

    Returns:
        The model (not compiled yet).

    7단계. 데이터 증강(data augmentation)을 모델 안에 넣은 CNN을 만드세요.

    다음과 같은 ``keras.Sequential`` 모델을 만드세요.
      * ``keras.Input(shape=(28, 28, 1))``을 입력으로 받습니다.
      * Keras 전처리 층(layer)으로 학습 이미지를 증강합니다. 조금씩 회전(``RandomRotation(0.05)``),
        이동(``RandomTranslation(0.1, 0.1)``), 확대·축소(``RandomZoom(0.1)``)를 합니다. 이 층들은
        학습할 때만 작동하며, 신경망에 수어마다 조금씩 다른 모습을 보여 줍니다. 좌우
        뒤집기(horizontal flip)는 쓰지 마세요. 거울에 비친 손은 반대쪽 손이 되기 때문입니다.
      * 합성곱 블록이 하나 이상 있습니다. 블록마다 ``Conv2D`` 다음에 ``MaxPooling2D``를 둡니다(예:
        3x3 필터 16개, 다음 블록은 32개). 블록마다 출력을 정규화하면, 즉 ``Conv2D(16, 3)``,
        ``BatchNormalization()``, ``Activation("relu")``, ``MaxPooling2D()`` 순서로 쌓으면 10
        에포크(epoch)로 충분합니다.
      * 그다음 ``Flatten``, relu를 쓰는 ``Dense`` 층, ``Dropout``이 옵니다.
      * ``Dense(outputs, activation="softmax")``로 끝납니다. outputs는 6단계에서 정한 값입니다.
    파라미터는 1,000,000개 미만으로 하세요.

    반환값: 모델(아직 컴파일하지 않은 상태).
    """
    ### BEGIN SOLUTION
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
    ### END SOLUTION


# %% tags=["active-ipynb"]
# check("build_model")


# %% [markdown]
# ## 8. Compile: adam from 0.002 with decay, cross-entropy, accuracy · 컴파일: adam(0.002부터 감쇠), 교차 엔트로피, 정확도


# %%
def compile_model(model):
    """Step 8. Compile: adam, sparse categorical cross-entropy, accuracy.

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

    8단계. 컴파일: adam, sparse categorical 교차 엔트로피, 정확도(accuracy).

    학습률(learning rate)은 adam 기본값의 두 배인 0.002에서 시작하세요. 배치
    정규화(batch normalization) 덕분에 가중치(weight)를 한 번에 더 크게 업데이트해도 학습이
    안정적이므로, 10 에포크(epoch)면 충분합니다. 그리고 학습률이 점점 작아지도록
    감쇠(decay)시키세요. 증강한 이미지 때문에 배치(batch)마다 처음 보는 데이터처럼 보이므로,
    학습률이 일정하면 정확도가 에포크마다 들쭉날쭉합니다. 코사인 스케줄은 계획한 가중치
    업데이트(weight update) 횟수에 걸쳐 학습률을 0까지 매끄럽게 낮춥니다::

        schedule = keras.optimizers.schedules.CosineDecay(
            0.002, decay_steps=EPOCHS * STEPS_PER_EPOCH)
        optimizer = keras.optimizers.Adam(schedule)

    반환값: 컴파일한 같은 모델.
    """
    ### BEGIN SOLUTION
    # Learning-rate decay: start at 0.002 (twice adam's default: batch normalization tolerates
    # big steps) and follow a cosine curve down to 0 over the planned epochs, so the last epochs
    # take small steps and the accuracy settles instead of jumping around.
    schedule = keras.optimizers.schedules.CosineDecay(0.002, decay_steps=EPOCHS * STEPS_PER_EPOCH)
    model.compile(optimizer=keras.optimizers.Adam(schedule),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
    ### END SOLUTION


# %% tags=["active-ipynb"]
# check("compile_model")


# %% [markdown]
# ## 9. Train, validating on rows held out from the training set · 학습 세트에서 떼어 둔 행으로 검증하며 학습하기


# %%
def train_model(model, x_train, y_train):
    """Step 9. Train, validating on rows held out from the training set.

    Hold out part of the training rows (``validation_split=VALIDATION_SPLIT``); never the test
    rows. ``EPOCHS`` epochs with ``batch_size=BATCH_SIZE`` and early stopping on the validation
    loss take about a minute and a half. If you chose 24 outputs, remap the labels here first.

    Returns:
        The History object ``fit`` returns.

    9단계. 학습 세트에서 떼어 둔 행으로 검증하면서 모델을 학습시키세요.

    학습 행 일부를 검증용으로 떼어 두세요(``validation_split=VALIDATION_SPLIT``). 테스트 행은 절대
    쓰지 마세요. ``batch_size=BATCH_SIZE``로 ``EPOCHS`` 에포크(epoch) 동안, 검증 손실(loss)을
    지켜보는 조기 종료(early stopping)와 함께 학습시키면 1분 30초쯤 걸립니다. 출력을 24개로 정했다면
    여기서 먼저 레이블(label)을 다시 매기세요.

    반환값: ``fit``이 반환하는 History 객체.
    """
    ### BEGIN SOLUTION
    stop = keras.callbacks.EarlyStopping(monitor="val_loss", patience=3, restore_best_weights=True)
    return model.fit(x_train, y_train, epochs=EPOCHS, batch_size=BATCH_SIZE,
                     validation_split=VALIDATION_SPLIT, callbacks=[stop], verbose=0)
    ### END SOLUTION


# %% tags=["active-ipynb"]
# check("train_model")


# %% [markdown]
# ## 10. Measure the test accuracy · 테스트 정확도 측정하기


# %%
def evaluate(model, x_test, y_test):
    """Step 10. Measure the accuracy on the test images.

    Returns:
        The test accuracy, a number between 0 and 1.

    10단계. 테스트 이미지로 정확도(accuracy)를 재세요.

    반환값: 테스트 정확도. 0과 1 사이의 숫자입니다.
    """
    ### BEGIN SOLUTION
    loss, accuracy = model.evaluate(x_test, y_test, verbose=0)
    return accuracy
    ### END SOLUTION


# %% tags=["active-ipynb"]
# check("evaluate")


# %% [markdown]
# ## 11. Show misclassified signs with true and predicted letters · 잘못 분류된 수어를 정답 글자, 예측 글자와 함께 보여 주기


# %%
def show_misclassified(model, x_test, y_test, path):
    """Step 11. Look at the signs the model gets wrong.

    Predict the test images, find the indices where the prediction differs from ``y_test``, and
    draw at least 6 of them in a grid (``fig, axes = plt.subplots(3, 4)``), each with
    ``axes.imshow(image[:, :, 0], cmap="gray")`` and a title naming the true and the predicted
    letter, e.g. ``"true A, predicted E"``. Save it to ``path`` (``fig.savefig(path)``).
    Which letters get confused? Do their hand shapes look alike?

    Returns:
        ``(fig, indices)``: the Figure and the test indices you drew, in drawing order.

    11단계. 모델이 틀리는 수어를 살펴보세요.

    테스트 이미지에 대한 예측을 구하고, 예측이 ``y_test``와 다른 인덱스를 찾은 뒤, 그 이미지 가운데
    적어도 6장을 격자로 그리세요(``fig, axes = plt.subplots(3, 4)``). 한 장마다
    ``axes.imshow(image[:, :, 0], cmap="gray")``로 그리고, 제목에 정답 글자와 예측한 글자를 쓰세요.
    예: ``"true A, predicted E"``. 그림은 ``path``에 저장하세요(``fig.savefig(path)``). 어떤
    글자끼리 헷갈리나요? 그 글자들은 손 모양이 닮았나요?

    반환값: ``(fig, indices)``. Figure와, 그린 순서대로 나열한 테스트 인덱스입니다.
    """
    ### BEGIN SOLUTION
    predicted = model.predict(x_test, verbose=0).argmax(axis=1)
    indices = np.flatnonzero(predicted != y_test)[:12]  # the first 12: a 3x4 grid
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
    ### END SOLUTION


# %% tags=["active-ipynb"]
# check("show_misclassified")


# %% [markdown]
# ## All together: every step, then the test accuracy of your trained model · 모두 함께: 모든 단계, 그다음 학습한 모델의 테스트 정확도


# %% tags=["active-ipynb"]
# check()


### BEGIN SOLUTION
if __name__ == "__main__":
    train, test = load_data()
    (x_train, y_train), (x_test, y_test) = split_labels(train), split_labels(test)
    x_train, x_test = to_images(x_train), to_images(x_test)
    model = compile_model(build_model())
    train_model(model, x_train, y_train)
    print(f"test accuracy {evaluate(model, x_test, y_test):.4f}")
    show_misclassified(model, x_test, y_test, "misclassified.png")
### END SOLUTION
