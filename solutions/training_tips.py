### BEGIN SOLUTION
# The master of exercises/training_tips.py and its notebook: the reference solution, with the
# instructions students read. `make exercises` writes the exercise from it, each solution block
# replaced by `raise NotImplementedError` (or left out, at the top level).
### END SOLUTION

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
# **연습 문제 7.** 학습 노트에 나온 학습 팁을 직접 재어 확인합니다.
#
# 학습 노트는 이렇게 조언합니다. 학습률(learning rate)을 신중하게 고르고 점점 감쇠(decay)시킬 것,
# 기본 SGD보다 모멘텀이나 Adam을 쓸 것, 배치(batch) 크기에 신경 쓸 것, L2 규제(regularization)와
# 드롭아웃(dropout)으로 과대적합(overfitting)을 막을 것, 입력의 스케일을 조정할 것. 여기서는 작고
# 빠른 실험으로 팁 하나하나를 직접 확인합니다. Fashion-MNIST 이미지 처음 3000장과
# 은닉층(hidden layer)이 하나인 신경망을 쓰므로, 한 번 실행하는 데 몇 초면 됩니다. 함수마다
# ``raise NotImplementedError``를 여러분의 코드로 바꾸고, 한 단계를 끝낼 때마다
# ``make grade EX=training_tips``를 실행하세요.
#
# 실험마다 세 가지를 반환합니다. ``curves``는 설정마다 그 곡선을 담은 dict입니다. 곡선은
# 에포크(epoch)마다 숫자가 하나씩 든 리스트로, 아래의 ``fit_curve``가 반환하는 History에서 얻습니다.
# ``answers``는 질문마다 여러분이 곡선에서 읽어 낸 설정을 담은 dict이고, ``interpretation``은
# 여러분의 말로 쓴 한두 문장입니다. 채점기는 여러분의 곡선을 모범 답안의 곡선과 비교하고(랜덤 시드에
# 따른 차이는 허용합니다), 답은 여러분 자신의 곡선을 기준으로 판단합니다.


# %%
import keras
import numpy as np  # noqa: F401  (you will need it)

from datasets import load_fashion_mnist  # noqa: F401


def fit_curve(model, optimizer, X_train, y_train, X_val, y_val, epochs, batch_size=32,
              curve="loss"):
    """Given to you: compile ``model`` with ``optimizer``, train it, and return one of its
    curves (``"loss"``, ``"val_loss"``, ``"accuracy"`` or ``"val_accuracy"``) as a list.

    미리 주어진 함수: ``model``을 ``optimizer``로 컴파일하고 학습시킨 뒤, 곡선 하나(``"loss"``,
    ``"val_loss"``, ``"accuracy"``, ``"val_accuracy"`` 중 하나)를 리스트로 반환합니다.
    """
    model.compile(optimizer=optimizer, loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    history = model.fit(X_train, y_train, epochs=epochs, batch_size=batch_size,
                        validation_data=(X_val, y_val), verbose=0)
    return [float(value) for value in history.history[curve]]


### BEGIN SOLUTION
def last(curves, pick=min, among=None):
    names = among or list(curves)
    return pick(names, key=lambda name: curves[name][-1])
### END SOLUTION


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

    1단계. ``load_fashion_mnist()``는 ``(images, labels), (test_images, test_labels)``를 반환합니다.
    학습 이미지 처음 3000장을 가져와 각각 float32 숫자 784개로
    펼치세요(``images[:3000].reshape(3000, 784).astype("float32")``). 값은 0부터 255까지 그대로
    두세요. 행 0-1999는 학습용, 행 2000-2999는 검증용입니다.

    반환값: ``(X_train, X_val, y_train, y_val)``.
    """
    ### BEGIN SOLUTION
    (images, labels), _test = load_fashion_mnist()
    X = images[:3000].reshape(3000, 784).astype("float32")
    return X[:2000], X[2000:], labels[:2000], labels[2000:3000]
    ### END SOLUTION


# %% tags=["active-ipynb"]
# check("prepare_data")


# %%
def scale_pixels(X_train, X_val):
    """Step 2. Min-max scaling: pixels go from 0 to 255, so dividing by 255 puts them between 0
    and 1.

    Returns:
        ``(X_train / 255, X_val / 255)``.

    2단계. 최소-최대 스케일링: 픽셀 값은 0부터 255까지이므로, 255로 나누면 0과 1 사이가 됩니다.

    반환값: ``(X_train / 255, X_val / 255)``.
    """
    ### BEGIN SOLUTION
    return X_train / 255, X_val / 255
    ### END SOLUTION


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

    3~5단계. ``keras.Sequential`` 모델을 만드세요: ``keras.Input(shape=(784,))``,
    은닉층(hidden layer) ``Dense(units, activation="relu")``, 그다음
    ``Dense(10, activation="softmax")``. ``l2``가 0보다 크면 은닉층에
    ``kernel_regularizer=keras.regularizers.L2(l2)``를 지정하세요(그러면 손실(loss)에 가중치(weight)
    제곱합의 ``l2``배가 더해집니다). ``l1``이 0보다 크면 ``keras.regularizers.L1(l1)``을
    지정하세요(가중치 절댓값 합의 ``l1``배가 더해지며, 많은 가중치가 정확히 0이 됩니다. 둘 다 쓸
    때는 ``keras.regularizers.L1L2(l1=l1, l2=l2)``를 씁니다). ``dropout``이 0보다 크면 은닉층 뒤에
    ``keras.layers.Dropout(dropout)``을 넣으세요(학습 중에 은닉 유닛 가운데 그 비율만큼을 무작위로
    0으로 만듭니다).

    반환값: 모델(컴파일은 ``fit_curve``가 합니다).
    """
    ### BEGIN SOLUTION
    regularizer = keras.regularizers.L1L2(l1=l1, l2=l2) if l1 or l2 else None
    layers = [keras.Input(shape=(784,)),
              keras.layers.Dense(units, activation="relu", kernel_regularizer=regularizer)]
    if dropout:
        layers.append(keras.layers.Dropout(dropout))
    return keras.Sequential(layers + [keras.layers.Dense(10, activation="softmax")])
    ### END SOLUTION


# %% tags=["active-ipynb"]
# check("build_l2_model")


# %% tags=["active-ipynb"]
# check("build_l1_model")


# %% tags=["active-ipynb"]
# check("build_dropout_model")


# %% [markdown]
# ## 6. Learning rates: too low, about right, too high, and decay · 학습률: 너무 낮음, 적당함, 너무 높음, 감쇠


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

    6단계. 설정마다 새 ``build_model()``을 만들어 ``keras.optimizers.SGD(rate)``로 10 에포크(epoch)
    동안 학습시키세요. 설정은 ``"0.001"``, ``"0.1"``, ``"1.0"``, 그리고 1.0에서 시작해 에포크마다
    절반으로 줄어드는 ``"1.0 with decay"``입니다. 감쇠(decay)는
    ``keras.optimizers.schedules.ExponentialDecay(1.0, 63, 0.5)``로 만듭니다(32장짜리 배치(batch)
    63개가 한 에포크입니다). 설정마다 학습 ``"loss"`` 곡선을 저장해 두세요.

    반환값: ``(curves, answers, interpretation)``. ``answers``에는 ``"0.001"``, ``"0.1"``, ``"1.0"``
    중 어느 것이 ``"too_high"``, ``"about_right"``, ``"too_low"``인지 적고, ``"better_of_1.0"``에는
    ``"1.0"``과 ``"1.0 with decay"`` 중 어느 쪽이 더 나았는지 적습니다.
    """
    ### BEGIN SOLUTION
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
    ### END SOLUTION


# %% tags=["active-ipynb"]
# check("learning_rates")


# %% [markdown]
# ## 7. SGD, SGD with momentum and Adam · SGD, 모멘텀을 쓴 SGD, Adam


# %%
def optimizers(X_train, y_train, X_val, y_val):
    """Step 7. The same model trained 10 epochs with ``"sgd"`` (``keras.optimizers.SGD(0.01)``),
    ``"sgd_momentum"`` (``keras.optimizers.SGD(0.01, momentum=0.9)``) and ``"adam"``
    (``keras.optimizers.Adam(0.01)``), each on a new ``build_model()``; keep the ``"loss"``
    curves.

    Returns:
        ``(curves, answers, interpretation)``; ``answers``: ``"fastest"`` and ``"slowest"``
        (the lowest and the highest loss after the last epoch).

    7단계. 같은 모델을 세 가지 옵티마이저(optimizer)로 10 에포크(epoch)씩 학습시키세요:
    ``"sgd"``(``keras.optimizers.SGD(0.01)``),
    ``"sgd_momentum"``(``keras.optimizers.SGD(0.01, momentum=0.9)``),
    ``"adam"``(``keras.optimizers.Adam(0.01)``). 설정마다 새 ``build_model()``에서 시작하고,
    ``"loss"`` 곡선을 저장해 두세요.

    반환값: ``(curves, answers, interpretation)``. ``answers``: ``"fastest"``와 ``"slowest"``(마지막
    에포크가 끝난 뒤 손실(loss)이 가장 낮은 설정과 가장 높은 설정).
    """
    ### BEGIN SOLUTION
    settings = {"sgd": keras.optimizers.SGD(0.01),
                "sgd_momentum": keras.optimizers.SGD(0.01, momentum=0.9),
                "adam": keras.optimizers.Adam(0.01)}
    curves = {name: fit_curve(build_model(), optimizer, X_train, y_train, X_val, y_val,
                              epochs=10)
              for name, optimizer in settings.items()}
    return curves, {"fastest": last(curves), "slowest": last(curves, max)}, (
        "Momentum and Adam go much further than plain SGD in the same 10 epochs.")
    ### END SOLUTION


# %% tags=["active-ipynb"]
# check("optimizers")


# %% [markdown]
# ## 8. Batch size 1, 32 and the full set · 배치 크기 1, 32와 전체 세트


# %%
def batch_sizes(X_train, y_train, X_val, y_val):
    """Step 8. On the first 1000 training images only, train with ``keras.optimizers.SGD(0.01)``
    for 3 epochs with batch size ``"1"``, ``"32"`` and ``"full"`` (all 1000 at once), each on a
    new ``build_model()``; keep the ``"loss"`` curves. Each batch is one update of the weights:
    how many updates does an epoch make for each?

    Returns:
        ``(curves, answers, interpretation)``; ``answers``: ``"lowest_loss"`` (the setting)
        and ``"updates_per_epoch"``, a dict from each setting to its number of updates.

    8단계. 학습 이미지 처음 1000장만으로, ``keras.optimizers.SGD(0.01)``을 써서 배치(batch) 크기
    ``"1"``, ``"32"``, ``"full"``(1000장 모두 한 번에)로 3 에포크(epoch) 동안 학습시키세요. 설정마다
    새 ``build_model()``을 쓰고, ``"loss"`` 곡선을 저장해 두세요. 배치 하나가 가중치
    업데이트(weight update) 한 번입니다. 설정마다 한 에포크에 가중치 업데이트가 몇 번 일어날까요?

    반환값: ``(curves, answers, interpretation)``. ``answers``: 손실(loss)이 가장 낮은 설정을 담은
    ``"lowest_loss"``와, 설정마다 업데이트 횟수를 담은 dict인 ``"updates_per_epoch"``.
    """
    ### BEGIN SOLUTION
    X_train, y_train = X_train[:1000], y_train[:1000]
    curves, updates = {}, {}
    for name, size in {"1": 1, "32": 32, "full": len(X_train)}.items():
        curves[name] = fit_curve(build_model(), keras.optimizers.SGD(0.01), X_train, y_train,
                                 X_val, y_val, epochs=3, batch_size=size)
        updates[name] = int(np.ceil(len(X_train) / size))
    return curves, {"lowest_loss": last(curves), "updates_per_epoch": updates}, (
        "Batch size 1 makes 1000 small noisy updates per epoch and learns the most per epoch; "
        "the full batch makes a single update per epoch.")
    ### END SOLUTION


# %% tags=["active-ipynb"]
# check("batch_sizes")


# %% [markdown]
# ## 9. Overfitting, then L2 and dropout · 과대적합, 그다음 L2와 드롭아웃


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

    9단계. 이미지 2000장만으로 학습하는 넓은 신경망은 과대적합(overfitting)됩니다. 세 가지 설정을
    ``keras.optimizers.Adam(0.001)``로 20 에포크(epoch) 동안 학습시키세요:
    ``"plain"``(``build_model(128)``), ``"l2"``(``build_model(128, l2=0.001)``),
    ``"dropout"``(``build_model(128, dropout=0.5)``). ``"val_accuracy"`` 곡선을 저장해 두세요. (L2
    모델의 검증 손실(loss)에는 페널티 항이 들어가므로, 세 모델을 공정하게 비교하려면
    정확도(accuracy)를 봐야 합니다.)

    반환값: ``(curves, answers, interpretation)``. ``answers``: ``"best"``(마지막에 검증 정확도가
    가장 높은 설정)와, 학습한 모델 세 개를 담은 dict인 ``"models"``(채점기가 모델에
    규제(regularization)가 들어 있는지 확인합니다).
    """
    ### BEGIN SOLUTION
    models = {"plain": build_model(128), "l2": build_model(128, l2=0.001),
              "dropout": build_model(128, dropout=0.5)}
    curves = {name: fit_curve(model, keras.optimizers.Adam(0.001), X_train, y_train, X_val,
                              y_val, epochs=20, curve="val_accuracy")
              for name, model in models.items()}
    return curves, {"best": last(curves, max), "models": models}, (
        "The plain network learns the 2000 training images by heart; dropout and L2 keep its "
        "validation accuracy higher.")
    ### END SOLUTION


# %% tags=["active-ipynb"]
# check("regularization")


# %% [markdown]
# ## 10. Raw pixels, min-max scaling and standardization · 원래 픽셀, 최소-최대 스케일링, 표준화


# %%
def normalization(X_train, y_train, X_val, y_val):
    """Step 10. The pixels arrive unscaled (0 to 255). Train a new ``build_model()`` with
    ``keras.optimizers.SGD(0.01)`` for 10 epochs on ``"raw"`` pixels, on ``"min_max"`` ones
    (``X / 255``) and on ``"standard"`` ones (``(X - mean) / std`` with the training rows'
    ``X_train.mean(axis=0)`` and ``X_train.std(axis=0) + 1e-7``: some pixels are always 0);
    keep the ``"loss"`` curves.

    Returns:
        ``(curves, answers, interpretation)``; ``answers``: ``"worst"``.

    10단계. 픽셀 값은 스케일을 조정하지 않은 채(0부터 255까지) 들어옵니다. 설정마다 새
    ``build_model()``을 ``keras.optimizers.SGD(0.01)``로 10 에포크(epoch) 동안 학습시키세요. 설정은
    ``"raw"`` 픽셀, ``"min_max"`` 픽셀(``X / 255``), ``"standard"`` 픽셀입니다. ``"standard"``
    픽셀은 학습 행으로 구한 ``X_train.mean(axis=0)``과 ``X_train.std(axis=0) + 1e-7``로
    ``(X - mean) / std``를 계산해 만듭니다(늘 0인 픽셀이 있어서 1e-7을 더합니다). ``"loss"`` 곡선을
    저장해 두세요.

    반환값: ``(curves, answers, interpretation)``. ``answers``: ``"worst"``.
    """
    ### BEGIN SOLUTION
    mean, std = X_train.mean(axis=0), X_train.std(axis=0) + 1e-7
    inputs = {"raw": (X_train, X_val), "min_max": (X_train / 255, X_val / 255),
              "standard": ((X_train - mean) / std, (X_val - mean) / std)}
    curves = {name: fit_curve(build_model(), keras.optimizers.SGD(0.01), train, y_train, val,
                              y_val, epochs=10)
              for name, (train, val) in inputs.items()}
    return curves, {"worst": last(curves, max)}, (
        "Raw pixels from 0 to 255 make the first steps far too large and training stalls; both "
        "scalings train well.")
    ### END SOLUTION


# %% tags=["active-ipynb"]
# check("normalization")


# %% [markdown]
# ## All together · 모두 함께


# %% tags=["active-ipynb"]
# check()
