# %% [markdown]
# # Exercise 7: the training tips of the study notes, measured.
#
# The notes give advice: pick the learning rate with care and let it decay, prefer momentum or
# Adam to plain SGD, mind the batch size, fight overfitting with L2 regularization and dropout,
# scale the inputs. Here you check each tip yourself with small, fast experiments: the first
# 3000 Fashion-MNIST images, a network with one hidden layer, a few seconds per run. Fill in
# each function, replacing ``raise NotImplementedError``, and run
# ``make grade EX=training_tips`` after each step.
#
# Each experiment returns three things: ``curves``, a dict from each setting to its curve (one
# number per epoch, from the History that ``fit_curve`` below gives back); ``answers``, a dict
# from each question to the setting you read from your curves; and ``interpretation``, a
# sentence or two in your own words. The grader compares your curves with the reference's
# (allowing for the spread between random seeds) and judges your answers on your own curves.
#
# **연습 문제 7.** 학습 노트의 학습 팁을 직접 재 보기.
#
# 노트는 이렇게 권합니다: 학습률(learning rate)을 신중히 고르고 점점 줄여 가기(decay), 그냥 SGD 보다
# 모멘텀이나 Adam 쓰기, 배치 크기 신경 쓰기, L2 규제(regularization)와 드롭아웃으로 과대적합 막기, 입력 스케일
# 맞추기. 여기서는 작고 빠른 실험으로 팁 하나하나를 직접 확인합니다: Fashion-MNIST 이미지 처음
# 3000장, 은닉층 하나짜리 신경망, 실행마다 몇 초. 함수마다 ``raise NotImplementedError`` 를 여러분의
# 코드로 바꾸고, 한 단계를 끝낼 때마다 ``make grade EX=training_tips`` 를 실행하세요.
#
# 실험마다 세 가지를 돌려줍니다: ``curves`` 는 설정마다 그 곡선 (에포크마다 숫자 하나, 아래
# ``fit_curve`` 가 돌려주는 History 에서) 을 담은 dict, ``answers`` 는 질문마다 여러분이 곡선에서
# 읽어 낸 설정을 담은 dict, ``interpretation`` 은 여러분의 말로 쓴 한두 문장입니다. 채점기는
# 여러분의 곡선을 모범 답안의 곡선과 비교하고 (랜덤 시드에 따른 차이는 허용), 답은 여러분 자신의
# 곡선으로 판단합니다.


# %%
import keras
import numpy as np  # noqa: F401  (you will need it)

from datasets import load_fashion_mnist  # noqa: F401


def fit_curve(model, optimizer, X_train, y_train, X_val, y_val, epochs, batch_size=32,
              curve="loss"):
    """Given to you: compile ``model`` with ``optimizer``, train it, and return one of its
    curves (``"loss"``, ``"val_loss"``, ``"accuracy"`` or ``"val_accuracy"``) as a list.

    주어지는 함수: ``model`` 을 ``optimizer`` 로 컴파일하고 학습시킨 뒤 곡선 하나 (``"loss"``,
    ``"val_loss"``, ``"accuracy"``, ``"val_accuracy"``) 를 목록으로 돌려줍니다.
    """
    model.compile(optimizer=optimizer, loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    history = model.fit(X_train, y_train, epochs=epochs, batch_size=batch_size,
                        validation_data=(X_val, y_val), verbose=0)
    return [float(value) for value in history.history[curve]]


# %% [markdown]
# ## 1-2. The data · 데이터


# %%
def prepare_data():
    """Step 1. ``load_fashion_mnist()`` gives ``(images, labels), (test_images, test_labels)``.
    Take the first 3000 training images, each flattened to 784 numbers as float32
    (``images[:3000].reshape(3000, 784).astype("float32")``), still from 0 to 255: rows 0-1999
    to train on, rows 2000-2999 to validate on.

    Returns:
        ``(X_train, X_val, y_train, y_val)``.

    1단계. ``load_fashion_mnist()`` 는 ``(images, labels), (test_images, test_labels)`` 를 줍니다.
    학습 이미지 처음 3000장을 각각 float32 숫자 784개로 펴서
    (``images[:3000].reshape(3000, 784).astype("float32")``), 아직 0 부터 255 인 채로: 행 0-1999 는
    학습용, 행 2000-2999 는 검증용으로 쓰세요.

    반환값: ``(X_train, X_val, y_train, y_val)``.
    """
    raise NotImplementedError


# %% tags=["active-ipynb"]
# check("prepare_data")


# %%
def scale_pixels(X_train, X_val):
    """Step 2. Min-max scaling: pixels go from 0 to 255, so dividing by 255 puts them between 0
    and 1.

    Returns:
        ``(X_train / 255, X_val / 255)``.

    2단계. 최소-최대 정규화: 픽셀은 0 부터 255 까지이므로 255 로 나누면 0 과 1 사이가 됩니다.

    반환값: ``(X_train / 255, X_val / 255)``.
    """
    raise NotImplementedError


# %% tags=["active-ipynb"]
# check("scale_pixels")


# %% [markdown]
# ## 3-5. The model, with or without regularization · 규제가 있거나 없는 모델


# %%
def build_model(units=64, l2=0.0, dropout=0.0, l1=0.0):
    """Steps 3 to 5. ``keras.Sequential``: ``keras.Input(shape=(784,))``, a hidden
    ``Dense(units, activation="relu")``, then ``Dense(10, activation="softmax")``. When ``l2``
    is above 0, give the hidden layer ``kernel_regularizer=keras.regularizers.L2(l2)`` (the
    loss then adds ``l2`` times the sum of its squared weights); when ``l1`` is above 0,
    ``keras.regularizers.L1(l1)`` (``l1`` times the sum of their absolute values, which pushes
    many weights to exactly 0; ``keras.regularizers.L1L2(l1=l1, l2=l2)`` for both); when
    ``dropout`` is above 0, put ``keras.layers.Dropout(dropout)`` after it (during training it
    zeroes that share of the hidden units at random).

    Returns:
        The model (not compiled: ``fit_curve`` compiles it).

    3-5단계. ``keras.Sequential``: ``keras.Input(shape=(784,))``, 은닉층
    ``Dense(units, activation="relu")``, 그다음 ``Dense(10, activation="softmax")``. ``l2`` 가 0 보다
    크면 은닉층에 ``kernel_regularizer=keras.regularizers.L2(l2)`` 를 주고 (그러면 손실에 가중치
    제곱합의 ``l2`` 배가 더해집니다), ``l1`` 이 0 보다 크면 ``keras.regularizers.L1(l1)`` 을 주세요
    (가중치 절댓값 합의 ``l1`` 배로, 많은 가중치를 정확히 0 으로 밉니다. 둘 다일 때는
    ``keras.regularizers.L1L2(l1=l1, l2=l2)``). ``dropout`` 이 0 보다 크면 그 뒤에
    ``keras.layers.Dropout(dropout)`` 을 넣으세요 (학습 중에 은닉 유닛의 그만큼을 무작위로 0 으로
    만듭니다).

    반환값: 모델 (컴파일은 ``fit_curve`` 가 합니다).
    """
    raise NotImplementedError


# %% tags=["active-ipynb"]
# check("build_l2_model")


# %% tags=["active-ipynb"]
# check("build_l1_model")


# %% tags=["active-ipynb"]
# check("build_dropout_model")


# %% [markdown]
# ## 6. Learning rates · 학습률


# %%
def learning_rates(X_train, y_train, X_val, y_val):
    """Step 6. Train a new ``build_model()`` with ``keras.optimizers.SGD(rate)`` for 10 epochs
    for each setting: ``"0.001"``, ``"0.1"``, ``"1.0"``, and ``"1.0 with decay"``, which starts at
    1.0 and halves every epoch:
    ``keras.optimizers.schedules.ExponentialDecay(1.0, 63, 0.5)`` (63 batches of 32 make one
    epoch). Keep each training ``"loss"`` curve.

    Returns:
        ``(curves, answers, interpretation)``; ``answers`` says which of ``"0.001"``,
        ``"0.1"`` and ``"1.0"`` is ``"too_high"``, ``"about_right"`` and ``"too_low"``, and
        under ``"better_of_1.0"`` which did better: ``"1.0"`` or ``"1.0 with decay"``.

    6단계. 설정마다 새 ``build_model()`` 을 ``keras.optimizers.SGD(rate)`` 로 10 에포크 학습시키세요:
    ``"0.001"``, ``"0.1"``, ``"1.0"``, 그리고 1.0 에서 시작해 에포크마다 절반이 되는
    ``"1.0 with decay"``: ``keras.optimizers.schedules.ExponentialDecay(1.0, 63, 0.5)`` (32장짜리
    배치 63개가 한 에포크). 학습 ``"loss"`` 곡선을 각각 간직하세요.

    반환값: ``(curves, answers, interpretation)``. ``answers`` 는 ``"0.001"``, ``"0.1"``, ``"1.0"``
    중 어느 것이 ``"too_high"``, ``"about_right"``, ``"too_low"`` 인지, 그리고
    ``"better_of_1.0"`` 에는 ``"1.0"`` 과 ``"1.0 with decay"`` 중 어느 쪽이 나았는지 적습니다.
    """
    raise NotImplementedError


# %% tags=["active-ipynb"]
# check("learning_rates")


# %% [markdown]
# ## 7. Optimizers · 옵티마이저


# %%
def optimizers(X_train, y_train, X_val, y_val):
    """Step 7. The same model trained 10 epochs with ``"sgd"`` (``keras.optimizers.SGD(0.01)``),
    ``"sgd_momentum"`` (``keras.optimizers.SGD(0.01, momentum=0.9)``) and ``"adam"``
    (``keras.optimizers.Adam(0.01)``), each on a new ``build_model()``; keep the ``"loss"``
    curves.

    Returns:
        ``(curves, answers, interpretation)``; ``answers``: ``"fastest"`` and ``"slowest"``
        (the lowest and the highest loss after the last epoch).

    7단계. 같은 모델을 ``"sgd"`` (``keras.optimizers.SGD(0.01)``), ``"sgd_momentum"``
    (``keras.optimizers.SGD(0.01, momentum=0.9)``), ``"adam"`` (``keras.optimizers.Adam(0.01)``)
    으로 각각 새 ``build_model()`` 에서 10 에포크 학습시키고 ``"loss"`` 곡선을 간직하세요.

    반환값: ``(curves, answers, interpretation)``. ``answers``: ``"fastest"`` 와 ``"slowest"``
    (마지막 에포크 뒤 손실이 가장 낮은 것과 가장 높은 것).
    """
    raise NotImplementedError


# %% tags=["active-ipynb"]
# check("optimizers")


# %% [markdown]
# ## 8. Batch size · 배치 크기


# %%
def batch_sizes(X_train, y_train, X_val, y_val):
    """Step 8. On the first 1000 training images only, train with ``keras.optimizers.SGD(0.01)``
    for 3 epochs with batch size ``"1"``, ``"32"`` and ``"full"`` (all 1000 at once), each on a
    new ``build_model()``; keep the ``"loss"`` curves. Each batch is one update of the weights:
    how many updates does an epoch make for each?

    Returns:
        ``(curves, answers, interpretation)``; ``answers``: ``"lowest_loss"`` (the setting)
        and ``"updates_per_epoch"``, a dict from each setting to its number of updates.

    8단계. 학습 이미지 처음 1000장만으로 ``keras.optimizers.SGD(0.01)`` 를 써서 배치 크기 ``"1"``,
    ``"32"``, ``"full"`` (1000장 모두 한 번에) 로 각각 새 ``build_model()`` 을 3 에포크 학습시키고
    ``"loss"`` 곡선을 간직하세요. 배치 하나가 가중치 업데이트 한 번입니다: 한 에포크에 업데이트가
    각각 몇 번일까요?

    반환값: ``(curves, answers, interpretation)``. ``answers``: ``"lowest_loss"`` (그 설정) 와
    ``"updates_per_epoch"``, 설정마다 업데이트 수를 담은 dict.
    """
    raise NotImplementedError


# %% tags=["active-ipynb"]
# check("batch_sizes")


# %% [markdown]
# ## 9. Overfitting and regularization · 과대적합과 규제


# %%
def regularization(X_train, y_train, X_val, y_val):
    """Step 9. A wide network on only 2000 images overfits. Train ``"plain"``
    (``build_model(128)``), ``"l2"`` (``build_model(128, l2=0.001)``) and ``"dropout"``
    (``build_model(128, dropout=0.5)``) with ``keras.optimizers.Adam(0.001)`` for 20 epochs,
    keeping the ``"val_accuracy"`` curves (the validation loss of the L2 model would include
    its penalty, so accuracy compares them fairly).

    Returns:
        ``(curves, answers, interpretation)``; ``answers``: ``"best"`` (the highest validation
        accuracy at the end) and ``"models"``, a dict of the three trained models (the grader
        checks the regularizers are in them).

    9단계. 이미지 2000장만으로 학습하는 넓은 신경망은 과대적합합니다. ``"plain"``
    (``build_model(128)``), ``"l2"`` (``build_model(128, l2=0.001)``), ``"dropout"``
    (``build_model(128, dropout=0.5)``) 을 ``keras.optimizers.Adam(0.001)`` 로 20 에포크 학습시키고
    ``"val_accuracy"`` 곡선을 간직하세요 (L2 모델의 검증 손실에는 벌점이 들어가므로, 정확도로
    비교해야 공정합니다).

    반환값: ``(curves, answers, interpretation)``. ``answers``: ``"best"`` (마지막에 검증 정확도가
    가장 높은 것) 와 ``"models"``, 학습한 모델 세 개를 담은 dict (채점기가 규제가 들어 있는지
    확인합니다).
    """
    raise NotImplementedError


# %% tags=["active-ipynb"]
# check("regularization")


# %% [markdown]
# ## 10. Scaling the inputs · 입력 스케일 맞추기


# %%
def normalization(X_train, y_train, X_val, y_val):
    """Step 10. The pixels arrive unscaled (0 to 255). Train a new ``build_model()`` with
    ``keras.optimizers.SGD(0.01)`` for 10 epochs on ``"raw"`` pixels, on ``"min_max"`` ones
    (``X / 255``) and on ``"standard"`` ones (``(X - mean) / std`` with the training rows'
    ``X_train.mean(axis=0)`` and ``X_train.std(axis=0) + 1e-7``: some pixels are always 0);
    keep the ``"loss"`` curves.

    Returns:
        ``(curves, answers, interpretation)``; ``answers``: ``"worst"``.

    10단계. 픽셀은 스케일이 맞춰지지 않은 채 (0 부터 255) 들어옵니다. 새 ``build_model()`` 을
    ``keras.optimizers.SGD(0.01)`` 로 ``"raw"`` 픽셀, ``"min_max"`` 픽셀 (``X / 255``),
    ``"standard"`` 픽셀 (학습 행의 ``X_train.mean(axis=0)`` 과 ``X_train.std(axis=0) + 1e-7`` 로
    ``(X - mean) / std``: 어떤 픽셀은 늘 0 입니다) 에서 각각 10 에포크 학습시키고 ``"loss"`` 곡선을
    간직하세요.

    반환값: ``(curves, answers, interpretation)``. ``answers``: ``"worst"``.
    """
    raise NotImplementedError


# %% tags=["active-ipynb"]
# check("normalization")


# %% [markdown]
# ## All together · 모두 함께


# %% tags=["active-ipynb"]
# check()
