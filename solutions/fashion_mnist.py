### BEGIN SOLUTION
# The master of exercises/fashion_mnist.py and its notebook: the reference solution, with the
# instructions students read. `make exercises` writes the exercise from it, each solution block
# replaced by `raise NotImplementedError` (or left out, at the top level).
### END SOLUTION

# %% [markdown]
# # Exercise 2: recognise clothes in Fashion-MNIST images with a dense network.
#
# Fill in each function, replacing ``raise NotImplementedError``, and run
# ``make grade EX=fashion_mnist`` after each step. Every step is graded on its own.
#
# The data: 60,000 training and 10,000 test images of 28x28 pixels (0 = black, 255 = white), each
# labelled 0-9: T-shirt/top, Trouser, Pullover, Dress, Coat, Sandal, Shirt, Sneaker, Bag, Ankle boot.
#
# **연습 문제 2.** Dense 신경망으로 Fashion-MNIST 이미지 속 옷을 인식합니다.
#
# 함수마다 ``raise NotImplementedError``를 여러분의 코드로 바꾸고, 한 단계를 끝낼 때마다
# ``make grade EX=fashion_mnist``를 실행하세요. 단계마다 따로 채점합니다.
#
# 데이터는 28x28 픽셀(0 = 검은색, 255 = 흰색)짜리 학습 이미지 60,000장과 테스트 이미지
# 10,000장입니다. 이미지마다 0-9 중 하나의 레이블(label)이 붙어 있고, 레이블 순서대로 T-shirt/top,
# Trouser, Pullover, Dress, Coat, Sandal, Shirt, Sneaker, Bag, Ankle boot입니다.


# %%
import keras  # noqa: F401
import matplotlib

matplotlib.use("Agg")  # draw to files; no window needed
import matplotlib.pyplot as plt  # noqa: E402,F401

from datasets import FASHION_MNIST_CLASSES, load_fashion_mnist  # noqa: E402,F401


### BEGIN SOLUTION
import math
EPOCHS = 20
BATCH_SIZE = 128
VALIDATION_SPLIT = 0.1
# 54,000 training images after the validation split, in batches of 128.
STEPS_PER_EPOCH = math.ceil(60000 * (1 - VALIDATION_SPLIT) / BATCH_SIZE)
### END SOLUTION


# %% [markdown]
# ## 1. Load the images and labels · 이미지와 레이블 불러오기


# %%
def load_data():
    """Step 1. Load the images and labels.

    Returns:
        ``(x_train, y_train), (x_test, y_test)`` as ``load_fashion_mnist()`` gives them: images
        of shape (n, 28, 28) with values 0-255, labels 0-9.

    1단계. 이미지와 레이블(label)을 불러오세요.

    반환값: ``load_fashion_mnist()``가 주는 그대로의 ``(x_train, y_train), (x_test, y_test)``.
    이미지는 모양이 (n, 28, 28)이고 값은 0-255이며, 레이블은 0-9입니다.
    """
    ### BEGIN SOLUTION
    return load_fashion_mnist()
    ### END SOLUTION


# %% tags=["active-ipynb"]
# check("load_data")


# %% [markdown]
# ## 2. Name the 10 classes in label order · 10개 클래스 이름을 레이블 순서대로 쓰기


# %%
def name_classes():
    """Step 2. Name the 10 classes, in label order.

    Label 0 is "T-shirt/top", label 9 is "Ankle boot". (The datasets package has the list as
    ``FASHION_MNIST_CLASSES``; look at a few images with ``plt.imshow(x_train[i], cmap="gray")``
    to see that the names fit.)

    Returns:
        A list of 10 strings.

    2단계. 클래스 10개의 이름을 레이블(label) 순서대로 반환하세요.

    레이블 0은 "T-shirt/top", 레이블 9는 "Ankle boot"입니다. (datasets 패키지에 이 리스트가
    ``FASHION_MNIST_CLASSES``로 들어 있습니다. ``plt.imshow(x_train[i], cmap="gray")``로 이미지 몇
    장을 보면서 이름이 맞는지 확인해 보세요.)

    반환값: 문자열 10개로 된 리스트.
    """
    ### BEGIN SOLUTION
    return list(FASHION_MNIST_CLASSES)
    ### END SOLUTION


# %% tags=["active-ipynb"]
# check("name_classes")


# %% [markdown]
# ## 3. Scale the pixels to [0, 1] · 픽셀 값을 [0, 1]로 스케일 조정하기


# %%
def normalize(x_train, x_test):
    """Step 3. Scale the pixel values to the range [0, 1].

    Divide by 255 (the largest pixel value), as floats. Why: when inputs are large and on a
    different scale from the weights, the first layer's sums are large, gradients are uneven and
    training is slow and unstable; inputs of similar, small size let every weight learn at a
    similar pace. Write this in your own words in the comment below.

    Args:
        x_train, x_test: the uint8 images from step 1.

    Returns:
        ``(x_train, x_test)`` as float arrays with values from 0 to 1.

    3단계. 픽셀 값의 스케일을 [0, 1] 범위로 조정하세요.

    255(가장 큰 픽셀 값)로 나누어 float로 만드세요. 이렇게 하는 이유는 다음과 같습니다. 입력값이
    크고 가중치(weight)와 스케일이 다르면 첫 번째 층(layer)의 합이 커지고 그래디언트(gradient)가
    고르지 않아서, 학습이 느리고 불안정해집니다. 입력값의 크기가 작고 서로 비슷하면 모든 가중치가
    비슷한 속도로 학습합니다. 이 이유를 아래 주석에 여러분의 말로 적어 보세요.

    인자 x_train, x_test: 1단계의 uint8 이미지.

    반환값: 값이 0부터 1까지인 float 배열로 바꾼 ``(x_train, x_test)``.
    """
    # Why normalize? · 왜 정규화해야 할까요?
    ### BEGIN SOLUTION
    return (x_train / 255.0).astype("float32"), (x_test / 255.0).astype("float32")
    ### END SOLUTION


# %% tags=["active-ipynb"]
# check("normalize")


# %% [markdown]
# ## 4. Build the model: Flatten, Dense relu, Dropout, softmax 10 · 모델 만들기: Flatten, Dense relu, 드롭아웃, softmax 10


# %%
def build_model():
    """Step 4. Build the network.

    A ``keras.Sequential`` model that
      * takes a 28x28 image (``keras.Input(shape=(28, 28))``),
      * flattens it into 784 numbers (``Flatten``),
      * has one or more hidden ``Dense`` layers with relu activation,
      * has at least one ``Dropout`` layer: during training it switches off a random share of
        the units, so the network cannot lean on a few of them, which fights overfitting,
      * ends with ``Dense(10, activation="softmax")``: one probability per class.
    Keep it under 500,000 parameters (``model.summary()`` shows the count). Only Flatten, Dense,
    Dropout and BatchNormalization layers here: convolutions come in a later exercise.

    Returns:
        The model (not compiled yet).

    4단계. 신경망을 만드세요.

    다음과 같은 ``keras.Sequential`` 모델을 만드세요.
      * 28x28 이미지를 입력으로 받습니다(``keras.Input(shape=(28, 28))``).
      * 이미지를 숫자 784개로 펼칩니다(``Flatten``).
      * relu 활성화(activation)를 쓰는 ``Dense`` 은닉층(hidden layer)이 하나 이상 있습니다.
      * ``Dropout`` 층(layer)이 적어도 하나 있습니다. 드롭아웃(dropout)은 학습 중에 유닛 일부를
        무작위로 꺼서 신경망이 몇몇 유닛에만 기대지 못하게 하므로, 과대적합(overfitting)을 막아
        줍니다.
      * ``Dense(10, activation="softmax")``로 끝납니다. 클래스마다 확률이 하나씩 나옵니다.
    파라미터는 500,000개 미만으로 하세요(개수는 ``model.summary()``로 볼 수 있습니다). 여기서는
    Flatten, Dense, Dropout, BatchNormalization 층만 쓰세요. 합성곱은 뒤에 나오는 연습 문제에서
    다룹니다.

    반환값: 모델(아직 컴파일하지 않은 상태).
    """
    ### BEGIN SOLUTION
    return keras.Sequential([
        keras.Input(shape=(28, 28)),
        keras.layers.Flatten(),
        keras.layers.Dense(256, activation="relu"),
        keras.layers.Dropout(0.2),
        keras.layers.Dense(128, activation="relu"),
        keras.layers.Dropout(0.2),
        keras.layers.Dense(10, activation="softmax"),
    ])
    ### END SOLUTION


# %% tags=["active-ipynb"]
# check("build_model")


# %% [markdown]
# ## 5. Compile with adam, a cross-entropy loss and accuracy · 컴파일: adam, 교차 엔트로피 손실, 정확도


# %%
def compile_model(model):
    """Step 5. Compile: adam, a cross-entropy loss, accuracy.

    The labels are class numbers (0-9), not one-hot rows, so the matching loss is
    ``sparse_categorical_crossentropy``. (``categorical_crossentropy`` also counts, but then you
    must one-hot encode the labels yourself in step 6.) Keep adam's default learning rate.

    Returns:
        The same model, compiled.

    5단계. 컴파일: adam, 교차 엔트로피 손실(loss), 정확도(accuracy).

    레이블(label)이 원-핫 행이 아니라 클래스 번호(0-9)이므로, 이에 맞는 손실 함수(loss function)는
    ``sparse_categorical_crossentropy``입니다. (``categorical_crossentropy``도 정답으로 인정하지만,
    그때는 6단계에서 레이블을 직접 원-핫 인코딩해야 합니다.) adam의 기본 학습률(learning rate)은
    그대로 두세요.

    반환값: 컴파일한 같은 모델.
    """
    ### BEGIN SOLUTION
    # Learning-rate decay: big steps first, ever smaller ones as training settles (cosine curve
    # from adam's default 0.001 down to 0 over the planned epochs).
    schedule = keras.optimizers.schedules.CosineDecay(0.001, decay_steps=EPOCHS * STEPS_PER_EPOCH)
    model.compile(optimizer=keras.optimizers.Adam(schedule),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
    ### END SOLUTION


# %% tags=["active-ipynb"]
# check("compile_model")


# %% [markdown]
# ## 6. Train with a validation split and EarlyStopping · 검증 분할과 EarlyStopping으로 학습하기


# %%
def train_model(model, x_train, y_train):
    """Step 6. Train with a validation split and early stopping.

    * Hold out part of the training images for validation, e.g. ``validation_split=0.1``. (Never
      the test images: they are for the final, honest measurement.)
    * Pass ``keras.callbacks.EarlyStopping(monitor="val_loss", patience=...,
      restore_best_weights=True)`` in ``callbacks=[...]``: it stops when the validation loss has
      not improved for ``patience`` epochs and puts back the weights of the best epoch.
    * Set a generous ``epochs`` (early stopping decides when to stop) and a batch size such as
      128. Training should take about a minute.

    Args:
        model: a compiled model; x_train, y_train: normalized training images and labels.

    Returns:
        The History object ``fit`` returns.

    6단계. 검증 분할과 조기 종료(early stopping)를 써서 모델을 학습시키세요.

    * 학습 이미지 일부를 검증용으로 떼어 두세요. 예를 들어 ``validation_split=0.1``을 씁니다.
      (테스트 이미지는 절대 쓰지 마세요. 마지막에 성능을 정직하게 잴 때 쓸 이미지입니다.)
    * ``callbacks=[...]``에
      ``keras.callbacks.EarlyStopping(monitor="val_loss", patience=..., restore_best_weights=True)``를
      넣으세요. 이 콜백(callback)은 검증 손실(loss)이 ``patience`` 에포크(epoch) 동안 나아지지
      않으면 학습을 멈추고, 가장 좋았던 에포크의 가중치(weight)로 되돌립니다.
    * ``epochs``는 넉넉하게 잡고(언제 멈출지는 조기 종료가 정합니다), 배치(batch) 크기는 128 정도로
      하세요. 학습은 1분쯤 걸립니다.

    인자 model: 컴파일한 모델.
    인자 x_train, y_train: 정규화한 학습 이미지와 레이블(label).

    반환값: ``fit``이 반환하는 History 객체.
    """
    ### BEGIN SOLUTION
    stop = keras.callbacks.EarlyStopping(monitor="val_loss", patience=5, restore_best_weights=True)
    return model.fit(x_train, y_train, epochs=EPOCHS, batch_size=BATCH_SIZE,
                     validation_split=VALIDATION_SPLIT, callbacks=[stop], verbose=0)
    ### END SOLUTION


# %% tags=["active-ipynb"]
# check("train_model")


# %% [markdown]
# ## 7. Plot training and validation curves to a PNG · 학습 곡선과 검증 곡선을 PNG로 그리기


# %%
def plot_learning_curves(history, path):
    """Step 7. Plot the learning curves and save them as a PNG.

    Draw, per epoch, the training and validation loss (``history.history["loss"]`` and
    ``["val_loss"]``) and the training and validation accuracy (``["accuracy"]`` and
    ``["val_accuracy"]``), e.g. side by side with ``fig, (left, right) = plt.subplots(1, 2)``.
    Save the figure to ``path`` with ``fig.savefig(path)`` and return it.

    How to read them: validation loss rising while training loss falls means overfitting (stop
    earlier, add dropout); both still falling at the end means the model needs more epochs; a
    jagged training curve means the learning rate is too high.

    Returns:
        The matplotlib Figure.

    7단계. 학습 곡선(learning curve)을 그려 PNG 파일로 저장하세요.

    에포크(epoch)마다 학습 손실(loss)과 검증 손실(각각 ``history.history["loss"]``와
    ``["val_loss"]``), 학습 정확도(accuracy)와 검증 정확도(각각 ``["accuracy"]``와
    ``["val_accuracy"]``)를 그리세요. 예를 들어 ``fig, (left, right) = plt.subplots(1, 2)``로 두
    그래프를 나란히 그릴 수 있습니다. 그림은 ``fig.savefig(path)``로 ``path``에 저장한 뒤
    반환하세요.

    곡선 읽는 법: 학습 손실은 줄어드는데 검증 손실이 올라가면 과대적합(overfitting)입니다. 이럴 때는
    더 일찍 멈추거나 드롭아웃(dropout)을 넣으세요. 마지막까지 두 손실이 모두 줄고 있으면 모델에
    에포크가 더 필요합니다. 학습 데이터의 곡선이 들쭉날쭉하면 학습률(learning rate)이 너무 높은
    것입니다.

    반환값: matplotlib Figure.
    """
    ### BEGIN SOLUTION
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
    ### END SOLUTION


# %% tags=["active-ipynb"]
# check("plot_learning_curves")


# %% [markdown]
# ## 8. Measure the test accuracy · 테스트 정확도 측정하기


# %%
def evaluate(model, x_test, y_test):
    """Step 8. Measure the accuracy on the test set.

    Returns:
        The test accuracy, a number between 0 and 1.

    8단계. 테스트 세트(test set)에서 정확도(accuracy)를 재세요.

    반환값: 테스트 정확도. 0과 1 사이의 숫자입니다.
    """
    ### BEGIN SOLUTION
    loss, accuracy = model.evaluate(x_test, y_test, verbose=0)
    return accuracy
    ### END SOLUTION


# %% tags=["active-ipynb"]
# check("evaluate")


# %% [markdown]
# ## 9. Name what is in a few test images · 테스트 이미지 몇 장에 무엇이 있는지 이름 붙이기


# %%
def predict_class_names(model, images, class_names):
    """Step 9. Name what is in a few images.

    ``model.predict(images)`` gives 10 probabilities per image; take the most probable class of
    each and look up its name.

    Returns:
        A list with one class name per image.

    9단계. 이미지 몇 장에 무엇이 있는지 이름을 붙이세요.

    ``model.predict(images)``는 이미지마다 확률 10개를 줍니다. 이미지마다 확률이 가장 큰 클래스를
    골라 그 이름을 찾으세요.

    반환값: 이미지마다 클래스 이름이 하나씩 든 리스트.
    """
    ### BEGIN SOLUTION
    probabilities = model.predict(images, verbose=0)
    return [class_names[i] for i in probabilities.argmax(axis=1)]
    ### END SOLUTION


# %% tags=["active-ipynb"]
# check("predict_class_names")


# %% [markdown]
# ## All together: every step, then the test accuracy of your trained model · 모두 함께: 모든 단계, 그다음 학습한 모델의 테스트 정확도


# %% tags=["active-ipynb"]
# check()


### BEGIN SOLUTION
if __name__ == "__main__":
    (x_train, y_train), (x_test, y_test) = load_data()
    x_train, x_test = normalize(x_train, x_test)
    model = compile_model(build_model())
    history = train_model(model, x_train, y_train)
    plot_learning_curves(history, "learning_curves.png")
    print(f"test accuracy {evaluate(model, x_test, y_test):.4f}")
    print(predict_class_names(model, x_test[:5], name_classes()), [name_classes()[i] for i in y_test[:5]])
### END SOLUTION
