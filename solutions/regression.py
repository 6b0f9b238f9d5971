### BEGIN SOLUTION
# The master of exercises/regression.py and its notebook: the reference solution, with the
# instructions students read. `make exercises` writes the exercise from it, each solution block
# replaced by `raise NotImplementedError` (or left out, at the top level).
### END SOLUTION

# %% [markdown]
# # Exercise 6: predicting a number (regression).
#
# The other exercises predict a class; here the model predicts a number: how far a patient's
# diabetes has progressed one year after ten measurements were taken (age, sex, body mass index,
# blood pressure and six blood serum values). The output layer has one unit and no activation,
# the loss is the mean squared error (MSE), and the mean absolute error (MAE) says in the
# target's own units how far off the predictions are. Fill in each function, replacing
# ``raise NotImplementedError``, and run ``make grade EX=regression`` after each step.
#
# The measurements come in their own units (age in years, blood pressure in mmHg), so they are
# standardized first, with the training rows' statistics only. A network is worth its training
# only if it beats a plain linear regression: step 4 measures that baseline, and the grader
# measures your trained model's test MAE itself.
#
# **연습 문제 6.** 숫자를 예측합니다(회귀).
#
# 다른 연습 문제에서는 클래스를 예측하지만, 여기서는 모델이 숫자를 예측합니다. 측정값 열 개(나이,
# 성별, 체질량 지수, 혈압, 혈청 수치 여섯 개)를 잰 뒤 1년이 지났을 때 환자의 당뇨병이 얼마나
# 진행되었는지를 예측합니다. 출력층은 활성화(activation) 함수가 없는 유닛 하나이고, 손실(loss)은
# 평균 제곱 오차(MSE)입니다. 평균 절대 오차(MAE)는 예측이 얼마나 빗나가는지를 타깃과 같은 단위로
# 알려 줍니다. 함수마다 ``raise NotImplementedError``를 여러분의 코드로 바꾸고, 한 단계를 끝낼
# 때마다 ``make grade EX=regression``을 실행하세요.
#
# 측정값은 저마다 단위가 다르므로(나이는 햇수, 혈압은 mmHg), 먼저 학습 행의 통계만으로 표준화합니다.
# 신경망은 평범한 선형 회귀보다 나아야 학습시킬 가치가 있습니다. 4단계에서 그 기준선을 재고,
# 채점기는 여러분이 학습시킨 모델의 테스트 MAE를 직접 잽니다.


# %%
import keras  # noqa: F401  (you will need these)
import matplotlib.pyplot as plt  # noqa: F401
from sklearn.linear_model import LinearRegression  # noqa: F401
from sklearn.metrics import mean_absolute_error, mean_squared_error  # noqa: F401
from sklearn.model_selection import train_test_split  # noqa: F401
from sklearn.preprocessing import StandardScaler  # noqa: F401

from datasets import load_diabetes  # noqa: F401


# %% [markdown]
# ## 1. Load the diabetes data · 당뇨병 데이터 불러오기


# %%
def load_data():
    """Step 1. Load the data and return it: ``load_diabetes()`` gives a DataFrame of 442
    patients with the columns age, sex, bmi, bp, s1 to s6 and progression (the target). Look at
    ``diabetes.describe()``: how different are the columns' scales?

    Returns:
        The DataFrame (442 rows, 11 columns).

    1단계. 데이터를 불러와 반환하세요. ``load_diabetes()``는 환자 442명의 DataFrame을 반환하며, 열은
    age, sex, bmi, bp, s1부터 s6까지, 그리고 progression(타깃)입니다. ``diabetes.describe()``를
    살펴보세요. 열마다 값의 크기가 얼마나 다른가요?

    반환값: 그 DataFrame(442행, 11열).
    """
    ### BEGIN SOLUTION
    return load_diabetes()
    ### END SOLUTION


# %% tags=["active-ipynb"]
# check("load_data")


# %% [markdown]
# ## 2. Split into training and test sets · 학습 세트와 테스트 세트로 나누기


# %%
def split_data(diabetes):
    """Step 2. X is every column but ``"progression"``, y is ``"progression"``. Keep a fifth of
    the patients for the test: ``train_test_split(X, y, test_size=0.2, random_state=42)``.

    Returns:
        ``(X_train, X_test, y_train, y_test)``, as ``train_test_split`` returns them.

    2단계. X는 ``"progression"``을 뺀 모든 열이고, y는 ``"progression"``입니다. 환자의 5분의 1을
    테스트용으로 떼어 두세요: ``train_test_split(X, y, test_size=0.2, random_state=42)``.

    반환값: ``train_test_split``이 반환하는 그대로의 ``(X_train, X_test, y_train, y_test)``.
    """
    ### BEGIN SOLUTION
    X, y = diabetes.drop(columns="progression"), diabetes["progression"]
    return train_test_split(X, y, test_size=0.2, random_state=42)
    ### END SOLUTION


# %% tags=["active-ipynb"]
# check("split_data")


# %% [markdown]
# ## 3. Standardize with the training rows only · 학습 행만으로 표준화하기


# %%
def standardize(X_train, X_test):
    """Step 3. Standardization: every column minus its mean, divided by its standard deviation.
    Fit a ``StandardScaler`` on ``X_train`` only, then ``transform`` both sets with it. Fitting it
    on all rows (or again on ``X_test``) lets the test set leak into the preparation: the test
    error would no longer be an honest measure of new patients. The grader catches both.

    Returns:
        ``(X_train_scaled, X_test_scaled)``: two numpy arrays.

    3단계. 표준화: 열마다 평균을 빼고 표준편차로 나눕니다. ``StandardScaler``를 ``X_train``에만
    fit하고, 그 스케일러로 두 세트를 모두 ``transform``하세요. 모든 행으로 fit하거나 ``X_test``에
    다시 fit하면 테스트 세트(test set)가 데이터 준비 과정에 새어 들어갑니다. 그러면 테스트 오차는 더
    이상 새 환자에 대한 정직한 측정값이 아닙니다. 채점기는 두 경우를 모두 잡아냅니다.

    반환값: ``(X_train_scaled, X_test_scaled)``. numpy 배열 두 개입니다.
    """
    ### BEGIN SOLUTION
    scaler = StandardScaler().fit(X_train)
    return scaler.transform(X_train), scaler.transform(X_test)
    ### END SOLUTION


# %% tags=["active-ipynb"]
# check("standardize")


# %% [markdown]
# ## 4. The baseline: linear regression's test error · 기준선: 선형 회귀의 테스트 오차


# %%
def linear_baseline(X_train, y_train, X_test, y_test):
    """Step 4. The number to beat: fit scikit-learn's ``LinearRegression`` on the scaled
    training rows and measure its test error, ``mean_absolute_error(y_test, predictions)``.

    Returns:
        The linear model's test MAE, a float.

    4단계. 이겨야 할 숫자 구하기: scikit-learn의 ``LinearRegression``을 표준화한 학습 행에 fit하고,
    테스트 오차 ``mean_absolute_error(y_test, predictions)``를 재세요.

    반환값: 선형 모델의 테스트 MAE(float 하나).
    """
    ### BEGIN SOLUTION
    model = LinearRegression().fit(X_train, y_train)
    return mean_absolute_error(y_test, model.predict(X_test))
    ### END SOLUTION


# %% tags=["active-ipynb"]
# check("linear_baseline")


# %% [markdown]
# ## 5. Build the model: 10 -> 32 -> 16 -> 1, with dropout · 모델 만들기: 10 -> 32 -> 16 -> 1, 드롭아웃 포함


# %%
def build_model():
    """Step 5. A ``keras.Sequential`` model: ``keras.Input(shape=(10,))``, ``Dense(32,
    activation="relu")``, ``Dropout(0.2)``, ``Dense(16, activation="relu")``, ``Dropout(0.2)``
    and ``Dense(1)``: one output with no activation, since the target can be any number.

    Returns:
        The model (not compiled yet).

    5단계. ``keras.Sequential`` 모델을 만드세요: ``keras.Input(shape=(10,))``,
    ``Dense(32, activation="relu")``, ``Dropout(0.2)``, ``Dense(16, activation="relu")``,
    ``Dropout(0.2)``, 그리고 ``Dense(1)``. 타깃은 어떤 숫자든 될 수 있으므로, 마지막은
    활성화(activation) 함수가 없는 출력 하나입니다.

    반환값: 모델(아직 컴파일하지 않은 상태).
    """
    ### BEGIN SOLUTION
    return keras.Sequential([
        keras.Input(shape=(10,)),
        keras.layers.Dense(32, activation="relu"),
        keras.layers.Dropout(0.2),
        keras.layers.Dense(16, activation="relu"),
        keras.layers.Dropout(0.2),
        keras.layers.Dense(1),
    ])
    ### END SOLUTION


# %% tags=["active-ipynb"]
# check("build_model")


# %% [markdown]
# ## 6. Compile with adam, the mean squared error and MAE · 컴파일: adam, 평균 제곱 오차, MAE


# %%
def compile_model(model):
    """Step 6. ``model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.005),
    loss="mse", metrics=["mae"])``: training minimizes the squared error; the MAE is reported
    beside it because it reads in the target's units.

    Returns:
        The compiled model.

    6단계. 다음과 같이 컴파일하세요:
    ``model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.005), loss="mse", metrics=["mae"])``.
    학습은 제곱 오차를 최소화하고, MAE는 타깃과 같은 단위로 읽을 수 있어서 함께 표시합니다.

    반환값: 컴파일한 모델.
    """
    ### BEGIN SOLUTION
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.005), loss="mse",
                  metrics=["mae"])
    return model
    ### END SOLUTION


# %% tags=["active-ipynb"]
# check("compile_model")


# %% [markdown]
# ## 7. Train for 100 epochs, holding out a validation split · 검증 데이터를 떼어 두고 에포크 100번 학습하기


# %%
def train_model(model, X_train, y_train):
    """Step 7. ``model.fit(X_train, y_train, epochs=100, batch_size=16, validation_split=0.2,
    verbose=0)``: the last 20% of the training rows are held out to watch the validation loss.

    Returns:
        The History that ``fit`` returns.

    7단계. 다음과 같이 학습시키세요:
    ``model.fit(X_train, y_train, epochs=100, batch_size=16, validation_split=0.2, verbose=0)``.
    학습 행의 마지막 20%는 검증 손실(loss)을 지켜보려고 떼어 둡니다.

    반환값: ``fit``이 반환하는 History.
    """
    ### BEGIN SOLUTION
    return model.fit(X_train, y_train, epochs=100, batch_size=16, validation_split=0.2,
                     verbose=0)
    ### END SOLUTION


# %% tags=["active-ipynb"]
# check("train_model")


# %% [markdown]
# ## 8. Predict the progression of the test patients · 테스트 환자의 진행 정도 예측하기


# %%
def predict_progression(model, X_test):
    """Step 8. ``model.predict(X_test, verbose=0)`` has shape (rows, 1); return ``.ravel()`` of
    it: one number per test patient.

    Returns:
        A 1-D numpy array of predictions.

    8단계. ``model.predict(X_test, verbose=0)``의 결과는 모양이 (rows, 1)인 배열입니다. 이 배열에
    ``.ravel()``을 적용해 반환하세요. 테스트 환자마다 숫자가 하나씩 나옵니다.

    반환값: 예측값이 든 1차원 numpy 배열.
    """
    ### BEGIN SOLUTION
    return model.predict(X_test, verbose=0).ravel()
    ### END SOLUTION


# %% tags=["active-ipynb"]
# check("predict_progression")


# %% [markdown]
# ## 9. Measure the test error: MSE and MAE · 테스트 오차 측정하기: MSE와 MAE


# %%
def evaluate(y_test, predicted):
    """Step 9. The test error two ways: ``mean_squared_error(y_test, predicted)`` and
    ``mean_absolute_error(y_test, predicted)``. Compare the MAE with step 4's baseline.

    Returns:
        ``(mse, mae)``.

    9단계. 테스트 오차를 두 가지로 재세요: ``mean_squared_error(y_test, predicted)``와
    ``mean_absolute_error(y_test, predicted)``. MAE를 4단계의 기준선과 비교해 보세요.

    반환값: ``(mse, mae)``.
    """
    ### BEGIN SOLUTION
    return mean_squared_error(y_test, predicted), mean_absolute_error(y_test, predicted)
    ### END SOLUTION


# %% tags=["active-ipynb"]
# check("evaluate")


# %% [markdown]
# ## 10. Read three learning curves · 학습 곡선 세 개 읽기


# %%
def read_learning_curves(curves):
    """Step 10. ``curves`` holds three real training runs on these data, labelled ``"A"``,
    ``"B"`` and ``"C"``, each a dict with ``"loss"`` and ``"val_loss"`` per epoch. Plot each
    (``plt.plot(curves["A"]["loss"])`` and its ``val_loss``) and name what went wrong, as the
    study notes teach:
      * ``"undertrained"``: both losses still falling when training stopped,
      * ``"jagged"``: the training loss goes up and down,
      * ``"overfitting"``: the training loss keeps falling while the validation loss rises,
    and a remedy for it: ``"more_epochs"``, ``"higher_learning_rate"``,
    ``"lower_learning_rate"``, ``"fewer_epochs"``, ``"early_stopping"`` or ``"regularization"``.

    Returns:
        A dict ``{"A": (diagnosis, remedy), "B": (...), "C": (...)}``.

    10단계. ``curves``에는 이 데이터로 실제로 학습한 기록 세 개가 ``"A"``, ``"B"``, ``"C"``라는
    이름으로 들어 있습니다. 각 기록은 에포크(epoch)마다 ``"loss"``와 ``"val_loss"`` 값을 담은
    dict입니다. 각각을 그려 보고(``plt.plot(curves["A"]["loss"])``와 그 ``val_loss``), 학습 노트에서
    배운 대로 무엇이 잘못됐는지 진단하세요.
      * ``"undertrained"``: 학습을 멈췄을 때 두 손실(loss)이 아직 줄고 있음
      * ``"jagged"``: 학습 손실이 오르내림
      * ``"overfitting"``: 학습 손실은 계속 줄지만 검증 손실은 오름
    그리고 알맞은 처방을 고르세요: ``"more_epochs"``, ``"higher_learning_rate"``,
    ``"lower_learning_rate"``, ``"fewer_epochs"``, ``"early_stopping"``, ``"regularization"`` 중
    하나입니다.

    반환값: dict ``{"A": (diagnosis, remedy), "B": (...), "C": (...)}``.
    """
    ### BEGIN SOLUTION
    return {
        "A": ("jagged", "lower_learning_rate"),
        "B": ("overfitting", "early_stopping"),
        "C": ("undertrained", "more_epochs"),
    }
    ### END SOLUTION


# %% tags=["active-ipynb"]
# check("read_learning_curves")


# %% [markdown]
# ## All together: every step, then the test error of your trained model · 모두 함께: 모든 단계, 그다음 학습한 모델의 테스트 오차


# %% tags=["active-ipynb"]
# check()


### BEGIN SOLUTION
if __name__ == "__main__":
    X_train, X_test, y_train, y_test = split_data(load_data())
    X_train, X_test = standardize(X_train, X_test)
    model = compile_model(build_model())
    train_model(model, X_train, y_train)
    mse, mae = evaluate(y_test, predict_progression(model, X_test))
    baseline = linear_baseline(X_train, y_train, X_test, y_test)
    print(f"test MAE {mae:.2f} (MSE {mse:.1f}); LinearRegression's test MAE {baseline:.2f}")
### END SOLUTION
