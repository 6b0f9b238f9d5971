# %% [markdown]
# # Exercise 2: recognise clothes in Fashion-MNIST images with a dense network.
#
# 패션 MNIST: 28x28 흑백 옷 사진 7만 장을 10가지 종류로 분류합니다. 정규화, 드롭아웃, 학습 곡선,
# 조기 종료(EarlyStopping)를 연습합니다.
#
# Fill in each function, replacing ``raise NotImplementedError``, and run
# ``make grade EX=fashion_mnist`` after each step. Every step is graded on its own.
#
# The data: 60,000 training and 10,000 test images of 28x28 pixels (0 = black, 255 = white), each
# labelled 0-9: T-shirt/top, Trouser, Pullover, Dress, Coat, Sandal, Shirt, Sneaker, Bag, Ankle boot.


# %%
import keras  # noqa: F401
import matplotlib

matplotlib.use("Agg")  # draw to files; no window needed
import matplotlib.pyplot as plt  # noqa: E402,F401

from datasets import FASHION_MNIST_CLASSES, load_fashion_mnist  # noqa: E402,F401


# %% [markdown]
# ## 1. Load the images and labels


# %%
def load_data():
    """Step 1. Load the images and labels.

    데이터 불러오기: ``load_fashion_mnist()`` 의 결과를 그대로 돌려주세요.

    Returns:
        ``(x_train, y_train), (x_test, y_test)`` as ``load_fashion_mnist()`` gives them: images
        of shape (n, 28, 28) with values 0-255, labels 0-9.
    """
    raise NotImplementedError


# %% tags=["active-ipynb"]
# check("load_data")


# %% [markdown]
# ## 2. Name the 10 classes in label order


# %%
def name_classes():
    """Step 2. Name the 10 classes, in label order.

    레이블 번호(0-9) 순서대로 옷 종류 이름 10개를 돌려주세요.

    Label 0 is "T-shirt/top", label 9 is "Ankle boot". (The datasets package has the list as
    ``FASHION_MNIST_CLASSES``; look at a few images with ``plt.imshow(x_train[i], cmap="gray")``
    to see that the names fit.)

    Returns:
        A list of 10 strings.
    """
    raise NotImplementedError


# %% tags=["active-ipynb"]
# check("name_classes")


# %% [markdown]
# ## 3. Scale the pixels to [0, 1]


# %%
def normalize(x_train, x_test):
    """Step 3. Scale the pixel values to the range [0, 1].

    정규화: 픽셀 값(0-255)을 0-1 사이로 바꾸세요. 왜 하는지 아래에 한두 줄로 적어 보세요.

    Divide by 255 (the largest pixel value), as floats. Why: when inputs are large and on a
    different scale from the weights, the first layer's sums are large, gradients are uneven and
    training is slow and unstable; inputs of similar, small size let every weight learn at a
    similar pace. Write this in your own words in the comment below.

    Args:
        x_train, x_test: the uint8 images from step 1.

    Returns:
        ``(x_train, x_test)`` as float arrays with values from 0 to 1.
    """
    # Why normalize?
    raise NotImplementedError


# %% tags=["active-ipynb"]
# check("normalize")


# %% [markdown]
# ## 4. Build the model: Flatten, Dense relu, Dropout, softmax 10


# %%
def build_model():
    """Step 4. Build the network.

    모델: Flatten → Dense(relu) 은닉층 → Dropout → Dense(10, softmax)

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
    """
    raise NotImplementedError


# %% tags=["active-ipynb"]
# check("build_model")


# %% [markdown]
# ## 5. Compile with adam, a cross-entropy loss and accuracy


# %%
def compile_model(model):
    """Step 5. Compile: adam, a cross-entropy loss, accuracy.

    컴파일: optimizer 는 adam, loss 는 sparse categorical cross-entropy, metrics 는 accuracy.

    The labels are class numbers (0-9), not one-hot rows, so the matching loss is
    ``sparse_categorical_crossentropy``. (``categorical_crossentropy`` also counts, but then you
    must one-hot encode the labels yourself in step 6.) Keep adam's default learning rate.

    Returns:
        The same model, compiled.
    """
    raise NotImplementedError


# %% tags=["active-ipynb"]
# check("compile_model")


# %% [markdown]
# ## 6. Train with a validation split and EarlyStopping


# %%
def train_model(model, x_train, y_train):
    """Step 6. Train with a validation split and early stopping.

    학습: 학습 데이터의 일부를 검증용으로 떼어 두고(validation_split), EarlyStopping 으로 검증 손실이
    더 이상 좋아지지 않으면 멈추고 가장 좋았던 가중치로 되돌리세요.

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
    """
    raise NotImplementedError


# %% tags=["active-ipynb"]
# check("train_model")


# %% [markdown]
# ## 7. Plot training and validation curves to a PNG


# %%
def plot_learning_curves(history, path):
    """Step 7. Plot the learning curves and save them as a PNG.

    학습 곡선: 에폭마다 학습/검증 손실과 정확도를 그리고 PNG 로 저장하세요.

    Draw, per epoch, the training and validation loss (``history.history["loss"]`` and
    ``["val_loss"]``) and the training and validation accuracy (``["accuracy"]`` and
    ``["val_accuracy"]``), e.g. side by side with ``fig, (left, right) = plt.subplots(1, 2)``.
    Save the figure to ``path`` with ``fig.savefig(path)`` and return it.

    How to read them: validation loss rising while training loss falls means overfitting (stop
    earlier, add dropout); both still falling at the end means the model needs more epochs; a
    jagged training curve means the learning rate is too high.

    Returns:
        The matplotlib Figure.
    """
    raise NotImplementedError


# %% tags=["active-ipynb"]
# check("plot_learning_curves")


# %% [markdown]
# ## 8. Measure the test accuracy


# %%
def evaluate(model, x_test, y_test):
    """Step 8. Measure the accuracy on the test set.

    테스트셋 정확도를 구하세요. (model.evaluate)

    Returns:
        The test accuracy, a number between 0 and 1.
    """
    raise NotImplementedError


# %% tags=["active-ipynb"]
# check("evaluate")


# %% [markdown]
# ## 9. Name what is in a few test images


# %%
def predict_class_names(model, images, class_names):
    """Step 9. Name what is in a few images.

    몇 장의 사진에 대해 예측한 옷 종류 이름을 돌려주세요.

    ``model.predict(images)`` gives 10 probabilities per image; take the most probable class of
    each and look up its name.

    Returns:
        A list with one class name per image.
    """
    raise NotImplementedError


# %% tags=["active-ipynb"]
# check("predict_class_names")


# %% [markdown]
# ## All together: every step, then the test accuracy of your trained model


# %% tags=["active-ipynb"]
# check()
