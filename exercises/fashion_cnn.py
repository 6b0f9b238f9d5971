# %% [markdown]
# # Exercise 8: recognise clothes with a small convolutional network (CNN).
#
# Fill in each function below, one step at a time, replacing ``raise NotImplementedError``. After
# each step, run ``make grade EX=fashion_cnn``: every step is graded on its own. Keep the function
# names and arguments as they are.
#
# Exercise 2 flattened each Fashion-MNIST image into 784 numbers, so its dense network could not
# tell which pixels were neighbours. A convolutional layer slides small filters (3x3 pixels here)
# over the image and learns the patterns they detect: edges, corners, textures. A pooling layer
# then keeps the strongest answer in each 2x2 patch, so the next filters look at a coarser picture.
# With fewer numbers to learn, such a network does better than a dense one on images.
#
# **연습 문제 8.** 작은 합성곱 신경망(CNN)으로 옷 사진을 인식합니다.
#
# 아래 함수들을 한 단계씩 채우세요. 함수마다 ``raise NotImplementedError``를 여러분의 코드로 바꾸면
# 됩니다. 한 단계를 끝낼 때마다 ``make grade EX=fashion_cnn``을 실행하세요. 단계마다 따로
# 채점합니다. 함수 이름과 인자는 바꾸지 마세요.
#
# 연습 문제 2에서는 Fashion-MNIST 이미지를 숫자 784개로 펼쳤기 때문에, Dense 신경망은 어떤 픽셀끼리
# 이웃인지 알 수 없었습니다. 합성곱 층(layer)은 작은 필터(여기서는 3x3 픽셀)를 이미지 위로 밀며
# 움직이고, 필터가 찾아내는 패턴(경계선, 모서리, 질감)을 학습합니다. 그다음 풀링 층이 2x2 칸마다
# 가장 강한 값만 남기므로, 다음 필터는 해상도가 더 낮은 그림을 봅니다. 학습할 숫자가 더 적은데도,
# 이런 신경망은 이미지에서 Dense 신경망보다 좋은 결과를 냅니다.


# %%
import keras  # noqa: F401  (you will need these)
import numpy as np  # noqa: F401

from datasets import load_fashion_mnist  # noqa: F401


# %% [markdown]
# ## 1. Load the images, scaled, with a channel axis · 이미지 불러오기: 픽셀 값 스케일 조정, 채널 축 추가


# %%
def load_data():
    """Step 1. Load the images as a convolutional layer reads them.

    ``load_fashion_mnist()`` returns ``(x_train, y_train), (x_test, y_test)``: images of shape
    (n, 28, 28) with pixel values 0-255, and labels 0-9. Keep the first 20,000 training images
    (enough to learn from, and quick to train on a laptop) and all 10,000 test images. Divide the
    pixels by 255.0, so they lie between 0 and 1, and add a last axis of size 1 (one grey channel:
    ``images[..., np.newaxis]``), because ``Conv2D`` expects (height, width, channels).

    Returns:
        ``(x_train, y_train), (x_test, y_test)``: images of shape (20000, 28, 28, 1) and
        (10000, 28, 28, 1), their labels unchanged.

    1단계. 합성곱 층(layer)이 읽는 모양으로 이미지를 불러오세요.

    ``load_fashion_mnist()``는 ``(x_train, y_train), (x_test, y_test)``를 반환합니다. 이미지의
    모양은 (n, 28, 28)이고 픽셀 값은 0-255이며, 레이블(label)은 0-9입니다. 학습 이미지는 처음
    20,000장만 쓰고(모델이 학습하기에 충분하고, 노트북 컴퓨터에서도 금방 학습합니다) 테스트
    이미지는 10,000장을 모두 쓰세요. 픽셀을 255.0으로 나누어 0과 1 사이로 만들고, 크기가 1인
    마지막 축을 추가하세요(회색 채널 하나: ``images[..., np.newaxis]``). ``Conv2D``는 (높이, 너비,
    채널) 모양을 받기 때문입니다.

    반환값: ``(x_train, y_train), (x_test, y_test)``. 이미지의 모양은 (20000, 28, 28, 1)과
    (10000, 28, 28, 1)이고, 레이블은 그대로입니다.
    """
    raise NotImplementedError


# %% tags=["active-ipynb"]
# check("load_data")


# %% [markdown]
# ## 2. Build the CNN: two convolution blocks, then a classifier · CNN 만들기: 합성곱 블록 두 개와 분류기


# %%
def build_model():
    """Step 2. Build the network.

    Make a ``keras.Sequential`` model with, in this order:
      * an input of one 28x28 grey image (``keras.Input(shape=(28, 28, 1))``),
      * ``Conv2D(16, 3, activation="relu")``: 16 filters of 3x3 pixels,
      * ``MaxPooling2D(2)``: the largest value of each 2x2 patch,
      * ``Conv2D(32, 3, activation="relu")`` and ``MaxPooling2D(2)`` again,
      * ``Flatten()``, then a hidden ``Dense`` layer of 64 units with relu activation,
      * an output ``Dense`` layer of 10 units with softmax activation (one probability per class).

    Returns:
        The model (not compiled yet).

    2단계. 신경망을 만드세요.

    다음 층(layer)을 이 순서대로 쌓은 ``keras.Sequential`` 모델을 만드세요.
      * 28x28 회색 이미지 한 장을 받는 입력(``keras.Input(shape=(28, 28, 1))``),
      * ``Conv2D(16, 3, activation="relu")``: 3x3 픽셀 필터 16개,
      * ``MaxPooling2D(2)``: 2x2 칸마다 가장 큰 값,
      * 다시 ``Conv2D(32, 3, activation="relu")``와 ``MaxPooling2D(2)``,
      * ``Flatten()``, 그다음 relu 활성화(activation)를 쓰는, 유닛 64개짜리 ``Dense`` 은닉층(hidden
        layer),
      * softmax 활성화를 쓰는, 유닛 10개짜리 ``Dense`` 출력층(클래스마다 확률 하나).

    반환값: 모델(아직 컴파일하지 않은 상태).
    """
    raise NotImplementedError


# %% tags=["active-ipynb"]
# check("build_model")


# %% [markdown]
# ## 3. Compile with adam, a cross-entropy loss and accuracy · 컴파일: adam, 교차 엔트로피 손실, 정확도


# %%
def compile_model(model):
    """Step 3. Choose how the model learns.

    Compile with the adam optimizer (its default learning rate), the cross-entropy loss that
    reads labels given as class numbers (0-9, not one-hot rows), and accuracy as the metric.

    Args:
        model: a model built as in step 2.

    Returns:
        The same model, compiled.

    3단계. 모델이 학습하는 방법을 정하세요.

    adam 옵티마이저(optimizer)를 기본 학습률(learning rate) 그대로 쓰고, 원-핫 행이 아니라 클래스
    번호(0-9)로 된 레이블(label)을 읽는 교차 엔트로피 손실 함수(loss function)를 고르고, 평가 지표로
    정확도(accuracy)를 넣어 컴파일하세요.

    인자 model: 2단계처럼 만든 모델.

    반환값: 컴파일한 같은 모델.
    """
    raise NotImplementedError


# %% tags=["active-ipynb"]
# check("compile_model")


# %% [markdown]
# ## 4. Train for 5 epochs with batch size 64 · 배치 크기 64로 에포크 5번 학습하기


# %%
def train_model(model, x_train, y_train):
    """Step 4. Train the model on the training images only, for 5 epochs with a batch size of
    64. Pass ``verbose=0`` to keep the output short.

    Args:
        model: a compiled model.
        x_train, y_train: the training images and labels of step 1.

    Returns:
        The History object that ``fit`` returns.

    4단계. 학습 이미지만 써서 배치(batch) 크기 64로 에포크(epoch) 5번 모델을 학습시키세요.
    출력이 짧도록 ``verbose=0``을 넘기세요.

    인자 model: 컴파일한 모델.
    인자 x_train, y_train: 1단계의 학습 이미지와 레이블(label).

    반환값: ``fit``이 반환하는 History 객체.
    """
    raise NotImplementedError


# %% tags=["active-ipynb"]
# check("train_model")


# %% [markdown]
# ## All together: every step, then the test accuracy of your trained model · 모두 함께: 모든 단계, 그다음 학습한 모델의 테스트 정확도


# %% tags=["active-ipynb"]
# check()
