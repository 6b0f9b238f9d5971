# %% [markdown]
# # Exercise 1: predict the species of an iris flower with a softmax classifier.
#
# 붓꽃(iris)의 꽃받침·꽃잎 길이 4개로 품종 3개 중 하나를 맞히는 신경망을 만듭니다.
#
# Fill in each function below, one step at a time, replacing ``raise NotImplementedError``. After
# each step, run ``make grade EX=iris``: every step is graded on its own, so you can see a step pass
# before you start the next one. Keep the function names and arguments as they are.
#
# The data: 150 flowers, 50 of each species (setosa, versicolor, virginica), each measured four
# times in centimetres: sepal length and width, petal length and width. A softmax output layer
# turns the network's three raw scores into three probabilities that add up to 1; the predicted
# species is the one with the highest probability.


# %%
import keras  # noqa: F401  (you will need these)
import numpy as np  # noqa: F401
from sklearn.metrics import accuracy_score, confusion_matrix  # noqa: F401
from sklearn.model_selection import train_test_split  # noqa: F401
from sklearn.preprocessing import LabelEncoder  # noqa: F401

from datasets import load_iris  # noqa: F401


# %% [markdown]
# ## 1. Load the iris data


# %%
def load_data():
    """Step 1. Load the iris data and return it.

    데이터 불러오기: ``load_iris()`` 가 돌려주는 DataFrame 을 그대로 돌려주세요.

    ``load_iris()`` returns a pandas DataFrame like ``seaborn.load_dataset('iris')``: columns
    sepal_length, sepal_width, petal_length, petal_width and species. Before moving on, look at it
    in a notebook or a Python shell: ``iris.head()``, ``iris.describe()``,
    ``iris['species'].value_counts()``. (You may plot it with ``seaborn.pairplot(iris,
    hue='species')``: which species is easy to tell apart?)

    Returns:
        The DataFrame (150 rows, 5 columns).
    """
    raise NotImplementedError


# %% tags=["active-ipynb"]
# check("load_data")


# %% [markdown]
# ## 2. Split the four measurements from the species


# %%
def split_features_target(iris):
    """Step 2. Separate what the model sees (X) from what it must predict (y).

    입력(X: 측정값 4개)과 정답(y: 품종)을 나누세요.

    Args:
        iris: the DataFrame from step 1.

    Returns:
        ``(X, y)``: X is the DataFrame of the four measurement columns (everything except
        'species'); y is the 'species' column (a Series of names).
    """
    raise NotImplementedError


# %% tags=["active-ipynb"]
# check("split_features_target")


# %% [markdown]
# ## 3. Encode the species as one-hot rows


# %%
def encode_species(species):
    """Step 3. Turn the species names into numbers the network can learn from.

    품종 이름(문자열)을 숫자로 바꾼 뒤 원-핫 인코딩하세요. (LabelEncoder → to_categorical)

    A network outputs numbers, so the names must become numbers too. First ``LabelEncoder``
    maps the names to 0, 1, 2 (in alphabetical order). Then one-hot encoding turns each number
    into a row with a single 1: class 2 becomes ``[0, 0, 1]``. This matches the softmax output,
    which gives one probability per class.

    Args:
        species: the Series of species names from step 2.

    Returns:
        A numpy array of shape (150, 3): one one-hot row per flower.
    """
    raise NotImplementedError


# %% tags=["active-ipynb"]
# check("encode_species")


# %% [markdown]
# ## 4. Split into training and test sets


# %%
def split_train_test(X, Y):
    """Step 4. Keep some flowers aside to test the model on data it never trained on.

    학습용/테스트용 데이터로 나누세요. (train_test_split, random_state=417)

    Use scikit-learn's ``train_test_split`` with ``random_state=417`` and its default test size
    (a quarter of the flowers). The fixed random state makes everyone's split the same.

    Args:
        X: the measurements from step 2.
        Y: the one-hot species from step 3.

    Returns:
        What ``train_test_split`` returns, in its order: ``(X_train, X_test, y_train, y_test)``.
    """
    raise NotImplementedError


# %% tags=["active-ipynb"]
# check("split_train_test")


# %% [markdown]
# ## 5. Build the model: 4 -> 30 relu -> 16 relu -> 3 softmax


# %%
def build_model():
    """Step 5. Build the network.

    은닉층 2개짜리 모델: 입력 4개 → Dense 30 (relu) → Dense 16 (relu) → Dense 3 (softmax)

    Make a ``keras.Sequential`` model with:
      * an input of 4 numbers (``keras.Input(shape=(4,))``),
      * a hidden ``Dense`` layer of 30 units with relu activation,
      * a hidden ``Dense`` layer of 16 units with relu activation,
      * an output ``Dense`` layer of 3 units with softmax activation (one probability per species).

    Returns:
        The model (not compiled yet).
    """
    raise NotImplementedError


# %% tags=["active-ipynb"]
# check("build_model")


# %% [markdown]
# ## 6. Compile with adam, a cross-entropy loss and accuracy


# %%
def compile_model(model):
    """Step 6. Choose how the model learns.

    컴파일: optimizer 는 adam, loss 는 알맞은 것으로, metrics 는 정확도(accuracy).

    Compile with the adam optimizer (its default learning rate), a loss that fits one-hot
    targets and a softmax output, and accuracy as the metric. Which cross-entropy matches
    targets like ``[0, 1, 0]``?

    Args:
        model: a model built as in step 5.

    Returns:
        The same model, compiled.
    """
    raise NotImplementedError


# %% tags=["active-ipynb"]
# check("compile_model")


# %% [markdown]
# ## 7. Train for 100 epochs with batch size 1


# %%
def train_model(model, X_train, y_train):
    """Step 7. Train the model.

    학습: epochs=100, batch_size=1.

    Fit on the training data only, for 100 epochs with a batch size of 1 (so the weights are
    updated after every single flower). Pass ``verbose=0`` to keep the output short.

    Args:
        model: a compiled model.
        X_train, y_train: the training part of step 4.

    Returns:
        The History object that ``fit`` returns.
    """
    raise NotImplementedError


# %% tags=["active-ipynb"]
# check("train_model")


# %% [markdown]
# ## 8. Predict the species of the test flowers


# %%
def predict_species(model, X_test):
    """Step 8. Predict the species of the test flowers.

    테스트셋 예측: 확률이 가장 큰 클래스 번호를 고르세요.

    ``model.predict`` gives three probabilities per flower. Return the number (0, 1 or 2) of the
    most probable class for each flower.

    Args:
        model: a trained model.
        X_test: the test measurements from step 4.

    Returns:
        A numpy array of class numbers, one per test flower.
    """
    raise NotImplementedError


# %% tags=["active-ipynb"]
# check("predict_species")


# %% [markdown]
# ## 9. Measure accuracy and the confusion matrix


# %%
def summarize_results(y_test, predicted):
    """Step 9. Measure how well the model did, and read the result.

    결과 해석: 정확도와 혼동 행렬(confusion matrix)을 구하고, 어떤 품종끼리 헷갈리는지 보세요.

    Turn the one-hot ``y_test`` back into class numbers, then compute the accuracy (the share of
    flowers predicted right) and the confusion matrix (row = true class, column = predicted
    class) with scikit-learn. Then interpret it in a sentence or two, as a comment below: which
    species does the model mix up, and why might those two be hard to tell apart?

    Args:
        y_test: the one-hot test species from step 4.
        predicted: class numbers as returned by step 8.

    Returns:
        ``(accuracy, confusion)``: a float between 0 and 1, and a 3x3 array of counts.
    """
    raise NotImplementedError


# Your interpretation (step 9):
#


# %% tags=["active-ipynb"]
# check("summarize_results")


# %% [markdown]
# ## All together: every step, then the test accuracy of your trained model


# %% tags=["active-ipynb"]
# check()
