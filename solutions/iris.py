### BEGIN SOLUTION
# The master of exercises/iris.py and its notebook: the reference solution, with the
# instructions students read. `make exercises` writes the exercise from it, each solution block
# replaced by `raise NotImplementedError` (or left out, at the top level).
### END SOLUTION

# %% [markdown]
# # Exercise 1: predict the species of an iris flower with a softmax classifier.
#
# Fill in each function below, one step at a time, replacing ``raise NotImplementedError``. After
# each step, run ``make grade EX=iris``: every step is graded on its own, so you can see a step pass
# before you start the next one. Keep the function names and arguments as they are.
#
# The data: 150 flowers, 50 of each species (setosa, versicolor, virginica), each measured four
# times in centimetres: sepal length and width, petal length and width. A softmax output layer
# turns the network's three raw scores into three probabilities that add up to 1; the predicted
# species is the one with the highest probability.
#
# **연습 문제 1.** 붓꽃(iris) 한 송이를 잰 값 네 개로 품종을 맞히는 softmax 분류기를 만듭니다.
#
# 아래 함수들을 한 단계씩 채우세요. 함수마다 ``raise NotImplementedError``를 여러분의 코드로 바꾸면
# 됩니다. 한 단계를 끝낼 때마다 ``make grade EX=iris``를 실행하세요. 단계마다 따로 채점하므로, 다음
# 단계로 넘어가기 전에 방금 끝낸 단계가 통과하는지 확인할 수 있습니다. 함수 이름과 인자는 바꾸지
# 마세요.
#
# 데이터는 꽃 150송이로, 품종(setosa, versicolor, virginica)마다 50송이씩입니다. 송이마다 꽃받침의
# 길이와 너비, 꽃잎의 길이와 너비를 센티미터 단위로 잰 값 네 개가 있습니다. softmax 출력층은
# 신경망이 낸 원래 점수 세 개를, 더하면 1이 되는 확률 세 개로 바꿉니다. 확률이 가장 큰 품종이 모델의
# 예측입니다.


# %%
import keras  # noqa: F401  (you will need these)
import numpy as np  # noqa: F401
from sklearn.metrics import accuracy_score, confusion_matrix  # noqa: F401
from sklearn.model_selection import train_test_split  # noqa: F401
from sklearn.preprocessing import LabelEncoder  # noqa: F401

from datasets import load_iris  # noqa: F401


### BEGIN SOLUTION
SPECIES = ["setosa", "versicolor", "virginica"]
### END SOLUTION


# %% [markdown]
# ## 1. Load the iris data · 붓꽃 데이터 불러오기


# %%
def load_data():
    """Step 1. Load the iris data and return it.

    ``load_iris()`` returns a pandas DataFrame like ``seaborn.load_dataset('iris')``: columns
    sepal_length, sepal_width, petal_length, petal_width and species. Before moving on, look at it
    in a notebook or a Python shell: ``iris.head()``, ``iris.describe()``,
    ``iris['species'].value_counts()``. (You may plot it with ``seaborn.pairplot(iris,
    hue='species')``: which species is easy to tell apart?)

    Returns:
        The DataFrame (150 rows, 5 columns).

    1단계. 붓꽃 데이터를 불러와 반환하세요.

    ``load_iris()``는 ``seaborn.load_dataset('iris')``와 같은 pandas DataFrame을 반환합니다. 열은
    sepal_length, sepal_width, petal_length, petal_width, species입니다. 다음 단계로 넘어가기 전에
    노트북이나 Python 셸에서 ``iris.head()``, ``iris.describe()``,
    ``iris['species'].value_counts()``로 데이터를 살펴보세요.
    (``seaborn.pairplot(iris, hue='species')``로 그려 보아도 좋습니다. 어느 품종이 쉽게 구별되나요?)

    반환값: 그 DataFrame(150행, 5열).
    """
    ### BEGIN SOLUTION
    return load_iris()
    ### END SOLUTION


# %% tags=["active-ipynb"]
# check("load_data")


# %% [markdown]
# ## 2. Split the four measurements from the species · 측정값 네 개와 품종 나누기


# %%
def split_features_target(iris):
    """Step 2. Separate what the model sees (X) from what it must predict (y).

    Args:
        iris: the DataFrame from step 1.

    Returns:
        ``(X, y)``: X is the DataFrame of the four measurement columns (everything except
        'species'); y is the 'species' column (a Series of names).

    2단계. 모델이 보는 것(X)과 모델이 맞혀야 할 것(y)을 나누세요.

    인자 iris: 1단계에서 불러온 DataFrame.

    반환값: ``(X, y)``. X는 측정값 네 열('species'를 뺀 모든 열)로 된 DataFrame이고, y는 'species'
    열(품종 이름이 든 Series)입니다.
    """
    ### BEGIN SOLUTION
    return iris.drop(columns="species"), iris["species"]
    ### END SOLUTION


# %% tags=["active-ipynb"]
# check("split_features_target")


# %% [markdown]
# ## 3. Encode the species as one-hot rows · 품종을 원-핫 행으로 인코딩하기


# %%
def encode_species(species):
    """Step 3. Turn the species names into numbers the network can learn from.

    A network outputs numbers, so the names must become numbers too. First ``LabelEncoder``
    maps the names to 0, 1, 2 (in alphabetical order). Then one-hot encoding turns each number
    into a row with a single 1: class 2 becomes ``[0, 0, 1]``. This matches the softmax output,
    which gives one probability per class.

    Args:
        species: the Series of species names from step 2.

    Returns:
        A numpy array of shape (150, 3): one one-hot row per flower.

    3단계. 품종 이름을 신경망이 학습할 수 있는 숫자로 바꾸세요.

    신경망은 숫자를 출력하므로 이름도 숫자가 되어야 합니다. 먼저 ``LabelEncoder``가 이름을 알파벳
    순서대로 0, 1, 2로 바꿉니다. 그다음 원-핫 인코딩으로 숫자마다 1이 하나만 있는 행을 만듭니다.
    예를 들어 클래스 2는 ``[0, 0, 1]``이 됩니다. 이렇게 하면 클래스마다 확률을 하나씩 내는 softmax
    출력과 모양이 맞습니다.

    인자 species: 2단계에서 얻은 품종 이름 Series.

    반환값: 모양이 (150, 3)인 numpy 배열. 꽃마다 원-핫 행이 하나씩 있습니다.
    """
    ### BEGIN SOLUTION
    codes = LabelEncoder().fit_transform(species)
    return keras.utils.to_categorical(codes, num_classes=3)
    ### END SOLUTION


# %% tags=["active-ipynb"]
# check("encode_species")


# %% [markdown]
# ## 4. Split into training and test sets · 학습 세트와 테스트 세트로 나누기


# %%
def split_train_test(X, Y):
    """Step 4. Keep some flowers aside to test the model on data it never trained on.

    Use scikit-learn's ``train_test_split`` with ``random_state=417`` and its default test size
    (a quarter of the flowers). The fixed random state makes everyone's split the same.

    Args:
        X: the measurements from step 2.
        Y: the one-hot species from step 3.

    Returns:
        What ``train_test_split`` returns, in its order: ``(X_train, X_test, y_train, y_test)``.

    4단계. 모델이 학습할 때 한 번도 보지 않은 데이터로 시험할 수 있도록 꽃 일부를 따로 떼어 두세요.

    scikit-learn의 ``train_test_split``을 ``random_state=417``로 쓰고, 테스트 크기는 기본값(꽃의
    4분의 1) 그대로 두세요. ``random_state``를 고정하면 누가 실행해도 똑같이 나뉩니다.

    인자 X: 2단계의 측정값.
    인자 Y: 3단계의 원-핫 품종.

    반환값: ``train_test_split``이 반환하는 그대로, 같은 순서로:
    ``(X_train, X_test, y_train, y_test)``.
    """
    ### BEGIN SOLUTION
    return train_test_split(X, Y, random_state=417)
    ### END SOLUTION


# %% tags=["active-ipynb"]
# check("split_train_test")


# %% [markdown]
# ## 5. Build the model: 4 -> 30 relu -> 16 relu -> 3 softmax · 모델 만들기: 4 -> 30 relu -> 16 relu -> 3 softmax


# %%
def build_model():
    """Step 5. Build the network.

    Make a ``keras.Sequential`` model with:
      * an input of 4 numbers (``keras.Input(shape=(4,))``),
      * a hidden ``Dense`` layer of 30 units with relu activation,
      * a hidden ``Dense`` layer of 16 units with relu activation,
      * an output ``Dense`` layer of 3 units with softmax activation (one probability per species).

    Returns:
        The model (not compiled yet).

    5단계. 신경망을 만드세요.

    다음과 같이 구성된 ``keras.Sequential`` 모델을 만드세요.
      * 숫자 4개를 받는 입력(``keras.Input(shape=(4,))``),
      * relu 활성화(activation)를 쓰는, 유닛 30개짜리 ``Dense`` 은닉층(hidden layer),
      * relu 활성화를 쓰는, 유닛 16개짜리 ``Dense`` 은닉층,
      * softmax 활성화를 쓰는, 유닛 3개짜리 ``Dense`` 출력층(품종마다 확률 하나).

    반환값: 모델(아직 컴파일하지 않은 상태).
    """
    ### BEGIN SOLUTION
    return keras.Sequential([
        keras.Input(shape=(4,)),
        keras.layers.Dense(30, activation="relu"),
        keras.layers.Dense(16, activation="relu"),
        keras.layers.Dense(3, activation="softmax"),
    ])
    ### END SOLUTION


# %% tags=["active-ipynb"]
# check("build_model")


# %% [markdown]
# ## 6. Compile with adam, a cross-entropy loss and accuracy · 컴파일: adam, 교차 엔트로피 손실, 정확도


# %%
def compile_model(model):
    """Step 6. Choose how the model learns.

    Compile with the adam optimizer (its default learning rate), a loss that fits one-hot
    targets and a softmax output, and accuracy as the metric. Which cross-entropy matches
    targets like ``[0, 1, 0]``?

    Args:
        model: a model built as in step 5.

    Returns:
        The same model, compiled.

    6단계. 모델이 학습하는 방법을 정하세요.

    adam 옵티마이저(optimizer)를 기본 학습률(learning rate) 그대로 쓰고, 원-핫 타깃과 softmax 출력에
    맞는 손실 함수(loss function)를 고르고, 평가 지표로 정확도(accuracy)를 넣어 컴파일하세요.
    ``[0, 1, 0]`` 같은 타깃에는 어떤 교차 엔트로피가 맞을까요?

    인자 model: 5단계처럼 만든 모델.

    반환값: 컴파일한 같은 모델.
    """
    ### BEGIN SOLUTION
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    return model
    ### END SOLUTION


# %% tags=["active-ipynb"]
# check("compile_model")


# %% [markdown]
# ## 7. Train for 100 epochs with batch size 1 · 배치 크기 1로 에포크 100번 학습하기


# %%
def train_model(model, X_train, y_train):
    """Step 7. Train the model.

    Fit on the training data only, for 100 epochs with a batch size of 1 (so the weights are
    updated after every single flower). Pass ``verbose=0`` to keep the output short.

    Args:
        model: a compiled model.
        X_train, y_train: the training part of step 4.

    Returns:
        The History object that ``fit`` returns.

    7단계. 모델을 학습시키세요.

    학습 데이터만 써서 배치(batch) 크기 1로 100 에포크(epoch) 동안 학습시키세요. 그러면 꽃 한 송이를
    볼 때마다 가중치(weight)가 업데이트됩니다. 출력을 짧게 하려면 ``verbose=0``을 넘기세요.

    인자 model: 컴파일한 모델.
    인자 X_train, y_train: 4단계에서 나눈 학습용 데이터.

    반환값: ``fit``이 반환하는 History 객체.
    """
    ### BEGIN SOLUTION
    return model.fit(X_train, y_train, epochs=100, batch_size=1, verbose=0)
    ### END SOLUTION


# %% tags=["active-ipynb"]
# check("train_model")


# %% [markdown]
# ## 8. Predict the species of the test flowers · 테스트용 꽃의 품종 예측하기


# %%
def predict_species(model, X_test):
    """Step 8. Predict the species of the test flowers.

    ``model.predict`` gives three probabilities per flower. Return the number (0, 1 or 2) of the
    most probable class for each flower.

    Args:
        model: a trained model.
        X_test: the test measurements from step 4.

    Returns:
        A numpy array of class numbers, one per test flower.

    8단계. 테스트용 꽃의 품종을 예측하세요.

    ``model.predict``는 꽃마다 확률 세 개를 줍니다. 꽃마다 확률이 가장 큰 클래스의 번호(0, 1, 2)를
    반환하세요.

    인자 model: 학습한 모델.
    인자 X_test: 4단계의 테스트용 측정값.

    반환값: 테스트용 꽃마다 클래스 번호가 하나씩 든 numpy 배열.
    """
    ### BEGIN SOLUTION
    return np.argmax(model.predict(X_test, verbose=0), axis=1)
    ### END SOLUTION


# %% tags=["active-ipynb"]
# check("predict_species")


# %% [markdown]
# ## 9. Measure accuracy and the confusion matrix · 정확도와 혼동 행렬 구하기


# %%
def summarize_results(y_test, predicted):
    """Step 9. Measure how well the model did, and read the result.

    Turn the one-hot ``y_test`` back into class numbers, then compute the accuracy (the share of
    flowers predicted right) and the confusion matrix (row = true class, column = predicted
    class) with scikit-learn. Then interpret it in a sentence or two, as a comment below: which
    species does the model mix up, and why might those two be hard to tell apart?

    Args:
        y_test: the one-hot test species from step 4.
        predicted: class numbers as returned by step 8.

    Returns:
        ``(accuracy, confusion)``: a float between 0 and 1, and a 3x3 array of counts.

    9단계. 모델이 얼마나 잘했는지 재고, 결과를 해석하세요.

    원-핫 ``y_test``를 다시 클래스 번호로 바꾼 뒤, scikit-learn으로 정확도(accuracy, 맞게 예측한
    꽃의 비율)와 혼동 행렬(행은 실제 클래스, 열은 예측한 클래스)을 구하세요. 그런 다음 결과를 한두
    문장으로 해석해 아래 주석에 적으세요. 모델은 어떤 품종끼리 헷갈리나요? 그 두 품종은 왜 구별하기
    어려울까요?

    인자 y_test: 4단계의 원-핫 테스트용 품종.
    인자 predicted: 8단계에서 반환한 클래스 번호.

    반환값: ``(accuracy, confusion)``. 0과 1 사이의 float 하나와, 개수를 담은 3x3 배열입니다.
    """
    ### BEGIN SOLUTION
    true_classes = np.argmax(y_test, axis=1)
    return accuracy_score(true_classes, predicted), confusion_matrix(true_classes, predicted)
    ### END SOLUTION


# Your interpretation (step 9) · 여러분의 해석(9단계):
#


# %% tags=["active-ipynb"]
# check("summarize_results")


# %% [markdown]
# ## All together: every step, then the test accuracy of your trained model · 모두 함께: 모든 단계, 그다음 학습한 모델의 테스트 정확도


# %% tags=["active-ipynb"]
# check()


### BEGIN SOLUTION
if __name__ == "__main__":
    X, y = split_features_target(load_data())
    X_train, X_test, y_train, y_test = split_train_test(X, encode_species(y))
    model = compile_model(build_model())
    train_model(model, X_train, y_train)
    accuracy, confusion = summarize_results(y_test, predict_species(model, X_test))
    print(f"test accuracy {accuracy:.3f}\nconfusion matrix (rows: true {SPECIES}):\n{confusion}")
### END SOLUTION
