# %% [markdown]
# # Exercise 3: tell positive from negative movie reviews (IMDB).
#
# IMDB 영화 리뷰 5만 개(긍정/부정 반반)로 감성 분류를 합니다. 글자를 정수로 바꾸고(인코딩),
# 임베딩(Embedding)으로 단어를 벡터로 만든 뒤 평균을 내어 분류합니다.
#
# Fill in each function, replacing ``raise NotImplementedError``, and run ``make grade EX=imdb``
# after each step. Every step is graded on its own.
#
# How the text becomes numbers here: the Keras word index ranks 88,584 words by how often they occur
# in IMDB reviews (1 = "the", 2 = "and", ...). We use those ranks the way ``keras.datasets.imdb``
# does, so your ids match that well-known dataset and you can decode them back to words. (The other
# common way is ``keras.layers.TextVectorization``, which learns its own vocabulary from the
# training texts; we use the word index because every id can be looked up and checked.)
#
# Ids 0, 1 and 2 are reserved: 0 pads short reviews, 1 marks the start of a review, 2 stands for a
# word we do not keep. So a word of rank r gets id r + 3, and we keep the 10,000 ids 0-9999: a word
# whose id would be 10,000 or more becomes 2.


# %%
import keras  # noqa: F401
import numpy as np  # noqa: F401

from datasets import load_imdb, load_imdb_word_index, review_words  # noqa: F401

VOCAB_SIZE = 10_000  # ids 0..9999
MAXLEN = 256         # words kept per review
PAD, START, UNKNOWN = 0, 1, 2
INDEX_FROM = 3       # a word of rank r gets id r + 3

# Write two or three reviews of your own, then see what your model thinks (run this file).
MY_REVIEWS = []


# %% [markdown]
# ## 1. Load the reviews and labels


# %%
def load_data():
    """Step 1. Load the reviews and their labels.

    리뷰와 레이블 불러오기: ``load_imdb()`` 의 결과를 그대로 돌려주세요.

    Returns:
        ``(x_train, y_train), (x_test, y_test)`` as ``load_imdb()`` gives them: arrays of review
        texts and labels (1 positive, 0 negative), 25,000 each.
    """
    raise NotImplementedError


# %% tags=["active-ipynb"]
# check("load_data")


# %% [markdown]
# ## 2. Load the Keras word index


# %%
def load_word_index():
    """Step 2. Load the Keras word index.

    단어 → 순위(rank) 사전을 불러오세요.

    Returns:
        ``load_imdb_word_index()``: a dict such as ``{"the": 1, "and": 2, ...}``.
    """
    raise NotImplementedError


# %% tags=["active-ipynb"]
# check("load_word_index")


# %% [markdown]
# ## 3. Encode the training reviews as padded id sequences


# %%
def encode_reviews(texts, word_index):
    """Step 3. Turn each review into a fixed-length row of word ids.

    인코딩: 리뷰마다 [1(시작)] + 단어 id 들, 모르는 단어는 2, 길이는 256 으로 맞추기(pad_sequences).

    For each text:
      * split it into words with ``review_words(text)`` (given: lowercase, no HTML);
      * start the row with 1 (START);
      * for each word, take its rank from ``word_index``; use ``rank + 3`` if the word has a
        rank and ``rank + 3 < 10000``, else 2 (UNKNOWN);
    then make every row 256 ids long with ``keras.utils.pad_sequences(rows, maxlen=256)`` (by
    default it pads with 0 and cuts long reviews at the front).

    Returns:
        An integer array of shape (number of texts, 256).
    """
    raise NotImplementedError


# %% tags=["active-ipynb"]
# check("encode_reviews")


# %% [markdown]
# ## 5. Decode an encoded review back to words


# %%
def decode_review(ids, word_index):
    """Step 4. Decode one encoded review back to words.

    디코딩: id 를 다시 단어로. 0(패딩)과 1(시작)은 건너뛰고, 2 는 "?", 나머지 id i 는 순위 i - 3 의 단어.

    Build the reverse dictionary (rank -> word) from ``word_index``. Skip ids 0 and 1, write "?"
    for 2, and look up any other id i as the word of rank ``i - 3``. (A classic slip is to look
    up rank ``i``: every word then comes out shifted.)

    Returns:
        The words joined by single spaces.
    """
    raise NotImplementedError


# %% tags=["active-ipynb"]
# check("decode_review")


# %% [markdown]
# ## 6. Build the model: Embedding, pooling, Dense relu, 1 sigmoid


# %%
def build_model():
    """Step 5. Build the network.

    모델: Embedding → GlobalAveragePooling1D → Dense(relu) → Dense(1, sigmoid)

    A ``keras.Sequential`` model that
      * takes rows of 256 ids (``keras.Input(shape=(256,))``),
      * turns each id into a learned vector (``Embedding(10000, 16)``: input_dim is the
        vocabulary size),
      * averages the vectors of a review into one (``GlobalAveragePooling1D``),
      * has a small hidden ``Dense`` layer with relu (16 units is plenty),
      * ends with ``Dense(1, activation="sigmoid")``: the probability that the review is
        positive.

    Returns:
        The model (not compiled yet).
    """
    raise NotImplementedError


# %% tags=["active-ipynb"]
# check("build_model")


# %% [markdown]
# ## 7. Compile with adam, binary cross-entropy and accuracy


# %%
def compile_model(model):
    """Step 6. Compile: adam, binary cross-entropy, accuracy.

    컴파일: 두 클래스(긍정/부정)에 시그모이드 출력이므로 binary cross-entropy.

    Returns:
        The same model, compiled.
    """
    raise NotImplementedError


# %% tags=["active-ipynb"]
# check("compile_model")


# %% [markdown]
# ## 8. Train, validating on reviews held out from the training set


# %%
def train_model(model, x_train, y_train):
    """Step 7. Train, validating on reviews held out from the training set.

    학습: 검증 데이터는 학습 리뷰에서 떼어 내세요(validation_split=0.2). 테스트 리뷰는 절대 쓰지 않습니다.

    Use ``validation_split=0.2`` (or ``validation_data`` taken from x_train): never the test
    reviews, which must stay unseen until the final measurement. Early stopping on the
    validation loss (``patience=3, restore_best_weights=True``) picks the number of epochs for
    you; a batch size of 512 keeps training well under a minute.

    Args:
        model: a compiled model; x_train: encoded training reviews; y_train: their labels.

    Returns:
        The History object ``fit`` returns.
    """
    raise NotImplementedError


# %% tags=["active-ipynb"]
# check("train_model")


# %% [markdown]
# ## 9. Measure the test accuracy


# %%
def evaluate(model, x_test, y_test):
    """Step 8. Measure the accuracy on the encoded test reviews.

    테스트셋 정확도를 구하세요.

    Returns:
        The test accuracy, a number between 0 and 1.
    """
    raise NotImplementedError


# %% tags=["active-ipynb"]
# check("evaluate")


# %% [markdown]
# ## 11. Predict how positive a few sentences are


# %%
def predict_sentiment(model, encoded):
    """Step 9. How positive are some new reviews?

    새 문장(encode_reviews 로 인코딩한 것)의 긍정 확률을 돌려주세요.

    ``model.predict(encoded)`` gives an array of shape (n, 1); return it as a flat array of n
    probabilities (``[:, 0]``). Above 0.5 means positive.

    Returns:
        One probability per encoded text.
    """
    raise NotImplementedError


# %% tags=["active-ipynb"]
# check("predict_sentiment")


# %% tags=["active-py"]
if __name__ == "__main__":
    # After finishing the steps: train, then try MY_REVIEWS.
    (x_train, y_train), (x_test, y_test) = load_data()
    word_index = load_word_index()
    model = compile_model(build_model())
    train_model(model, encode_reviews(x_train, word_index), y_train)
    for text, p in zip(MY_REVIEWS, predict_sentiment(model, encode_reviews(MY_REVIEWS, word_index))):
        print(f"{p:.2f} {'positive' if p > 0.5 else 'negative'}: {text}")


# %% [markdown]
# ## All together: every step, then the test accuracy of your trained model


# %% tags=["active-ipynb"]
# check()
