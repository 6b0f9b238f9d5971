### BEGIN SOLUTION
# The master of exercises/imdb.py and its notebook: the reference solution, with the
# instructions students read. `make exercises` writes the exercise from it, each solution block
# replaced by `raise NotImplementedError` (or left out, at the top level).
### END SOLUTION

# %% [markdown]
# # Exercise 3: tell positive from negative movie reviews (IMDB).
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
#
# **연습 문제 3.** IMDB 영화 리뷰가 긍정인지 부정인지 가려냅니다.
#
# 함수마다 ``raise NotImplementedError``를 여러분의 코드로 바꾸고, 한 단계를 끝낼 때마다
# ``make grade EX=imdb``를 실행하세요. 단계마다 따로 채점합니다.
#
# 이 연습 문제에서 텍스트를 숫자로 바꾸는 방법은 다음과 같습니다. Keras 단어 인덱스는 IMDB 리뷰에
# 자주 나오는 순서대로 단어 88,584개에 순위를 매겨 둔 것입니다(1 = "the", 2 = "and", ...). 여기서는
# 이 순위를 ``keras.datasets.imdb``와 똑같은 방식으로 쓰므로, 여러분이 만든 id는 잘 알려진 이
# 데이터셋의 id와 같고, 다시 단어로 되돌릴 수도 있습니다. (흔히 쓰는 또 다른 방법은
# ``keras.layers.TextVectorization``으로, 학습 텍스트에서 어휘를 스스로 익힙니다. 여기서는 모든 id를
# 찾아보고 확인할 수 있도록 단어 인덱스를 씁니다.)
#
# id 0, 1, 2는 특별한 용도로 예약되어 있습니다. 0은 짧은 리뷰의 빈자리를 채우는 패딩, 1은 리뷰의
# 시작 표시, 2는 어휘에 남기지 않은 단어를 나타냅니다. 그래서 순위가 r인 단어의 id는 r + 3이고, id는
# 0-9999까지 10,000개만 남깁니다. id가 10,000 이상이 될 단어는 2가 됩니다.


# %%
import keras  # noqa: F401
import numpy as np  # noqa: F401

from datasets import load_imdb, load_imdb_word_index, review_words  # noqa: F401

VOCAB_SIZE = 10_000  # ids 0..9999
MAXLEN = 256         # words kept per review
PAD, START, UNKNOWN = 0, 1, 2
INDEX_FROM = 3       # a word of rank r gets id r + 3

# Write two or three reviews of your own, then see what your model thinks (run this file).
# 리뷰를 두세 개 직접 써 넣은 뒤, 이 파일을 실행해 모델이 어떻게 판단하는지 확인하세요.
MY_REVIEWS = []


### BEGIN SOLUTION
MY_REVIEWS = ["What a delight: clever, funny and moving. I'd watch it again tomorrow.",
              "Two hours I will never get back. The plot made no sense at all."]
### END SOLUTION


# %% [markdown]
# ## 1. Load the reviews and labels · 리뷰와 레이블 불러오기


# %%
def load_data():
    """Step 1. Load the reviews and their labels.

    Returns:
        ``(x_train, y_train), (x_test, y_test)`` as ``load_imdb()`` gives them: arrays of review
        texts and labels (1 positive, 0 negative), 25,000 each.

    1단계. 리뷰와 그 레이블(label)을 불러오세요.

    반환값: ``load_imdb()``가 주는 그대로의 ``(x_train, y_train), (x_test, y_test)``. 리뷰 텍스트
    배열과 레이블 배열(1은 긍정, 0은 부정)이며, 각각 25,000개입니다.
    """
    ### BEGIN SOLUTION
    return load_imdb()
    ### END SOLUTION


# %% tags=["active-ipynb"]
# check("load_data")


# %% [markdown]
# ## 2. Load the Keras word index · Keras 단어 인덱스 불러오기


# %%
def load_word_index():
    """Step 2. Load the Keras word index.

    Returns:
        ``load_imdb_word_index()``: a dict such as ``{"the": 1, "and": 2, ...}``.

    2단계. Keras 단어 인덱스를 불러오세요.

    반환값: ``load_imdb_word_index()``. ``{"the": 1, "and": 2, ...}``처럼 단어마다 순위를 적어 둔
    dict입니다.
    """
    ### BEGIN SOLUTION
    return load_imdb_word_index()
    ### END SOLUTION


# %% tags=["active-ipynb"]
# check("load_word_index")


# %% [markdown]
# ## 3. Encode the training reviews as padded id sequences · 학습용 리뷰를 패딩한 id 시퀀스로 인코딩하기


# %%
def encode_reviews(texts, word_index):
    """Step 3. Turn each review into a fixed-length row of word ids.

    For each text:
      * split it into words with ``review_words(text)`` (given: lowercase, no HTML);
      * start the row with 1 (START);
      * for each word, take its rank from ``word_index``; use ``rank + 3`` if the word has a
        rank and ``rank + 3 < 10000``, else 2 (UNKNOWN);
    then make every row 256 ids long with ``keras.utils.pad_sequences(rows, maxlen=256)`` (by
    default it pads with 0 and cuts long reviews at the front).

    Returns:
        An integer array of shape (number of texts, 256).

    3단계. 각 리뷰를 길이가 일정한 단어 id 행으로 바꾸세요.

    텍스트마다 다음과 같이 합니다.
      * ``review_words(text)``로 텍스트를 단어로 나눕니다(미리 주어진 함수로, 소문자로 바꾸고 HTML을
        없애 줍니다).
      * 행을 1(START)로 시작합니다.
      * 단어마다 ``word_index``에서 순위를 찾습니다. 순위가 있고 ``rank + 3 < 10000``이면
        ``rank + 3``을, 아니면 2(UNKNOWN)를 씁니다.
    그다음 ``keras.utils.pad_sequences(rows, maxlen=256)``로 모든 행을 id 256개 길이로 맞추세요(기본
    설정에서는 0으로 채우고, 긴 리뷰는 앞부분을 잘라 냅니다).

    반환값: 모양이 (텍스트 개수, 256)인 정수 배열.
    """
    ### BEGIN SOLUTION
    rows = []
    for text in texts:
        ids = [START]
        for word in review_words(text):
            rank = word_index.get(word)
            known = rank is not None and rank + INDEX_FROM < VOCAB_SIZE
            ids.append(rank + INDEX_FROM if known else UNKNOWN)
        rows.append(ids)
    return keras.utils.pad_sequences(rows, maxlen=MAXLEN)
    ### END SOLUTION


# %% tags=["active-ipynb"]
# check("encode_reviews")


# %% [markdown]
# ## 5. Decode an encoded review back to words · 인코딩된 리뷰를 다시 단어로 되돌리기


# %%
def decode_review(ids, word_index):
    """Step 5. Decode one encoded review back to words.

    Build the reverse dictionary (rank -> word) from ``word_index``. Skip ids 0 and 1, write "?"
    for 2, and look up any other id i as the word of rank ``i - 3``. (A classic slip is to look
    up rank ``i``: every word then comes out shifted.)

    Returns:
        The words joined by single spaces.

    5단계. 인코딩한 리뷰 하나를 다시 단어로 되돌리세요.

    ``word_index``로 거꾸로 찾는 사전(순위 -> 단어)을 만드세요. id 0과 1은 건너뛰고, 2는 "?"로 쓰고,
    그 밖의 id i는 순위가 ``i - 3``인 단어로 바꾸세요. (흔히 하는 실수는 순위 ``i``로 찾는 것입니다.
    그러면 모든 단어가 밀려서 엉뚱한 단어가 나옵니다.)

    반환값: 단어들을 공백 하나로 이어 붙인 문자열.
    """
    ### BEGIN SOLUTION
    words_by_rank = {rank: word for word, rank in word_index.items()}
    words = []
    for i in ids:
        if i in (PAD, START):
            continue
        words.append("?" if i == UNKNOWN else words_by_rank.get(i - INDEX_FROM, "?"))
    return " ".join(words)
    ### END SOLUTION


# %% tags=["active-ipynb"]
# check("decode_review")


# %% [markdown]
# ## 6. Build the model: Embedding, pooling, Dense relu, 1 sigmoid · 모델 만들기: 임베딩, 풀링, Dense relu, sigmoid 1개


# %%
def build_model():
    """Step 6. Build the network.

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

    6단계. 신경망을 만드세요.

    다음과 같은 ``keras.Sequential`` 모델을 만드세요.
      * id 256개로 된 행을 입력으로 받습니다(``keras.Input(shape=(256,))``).
      * id마다 학습되는 벡터로 바꿉니다(``Embedding(10000, 16)``: input_dim은 어휘 크기입니다).
      * 리뷰 하나의 벡터들을 평균 내어 하나로 만듭니다(``GlobalAveragePooling1D``).
      * relu를 쓰는 작은 ``Dense`` 은닉층(hidden layer)이 있습니다(유닛 16개면 충분합니다).
      * ``Dense(1, activation="sigmoid")``로 끝납니다. 이 출력은 리뷰가 긍정일 확률입니다.

    반환값: 모델(아직 컴파일하지 않은 상태).
    """
    ### BEGIN SOLUTION
    return keras.Sequential([
        keras.Input(shape=(MAXLEN,)),
        keras.layers.Embedding(VOCAB_SIZE, 16),
        keras.layers.GlobalAveragePooling1D(),
        keras.layers.Dense(16, activation="relu"),
        keras.layers.Dense(1, activation="sigmoid"),
    ])
    ### END SOLUTION


# %% tags=["active-ipynb"]
# check("build_model")


# %% [markdown]
# ## 7. Compile with adam, binary cross-entropy and accuracy · 컴파일: adam, 이진 교차 엔트로피, 정확도


# %%
def compile_model(model):
    """Step 7. Compile: adam, binary cross-entropy, accuracy.

    Returns:
        The same model, compiled.

    7단계. 컴파일: adam, 이진 교차 엔트로피, 정확도(accuracy).

    반환값: 컴파일한 같은 모델.
    """
    ### BEGIN SOLUTION
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    return model
    ### END SOLUTION


# %% tags=["active-ipynb"]
# check("compile_model")


# %% [markdown]
# ## 8. Train, validating on reviews held out from the training set · 학습 세트에서 떼어 둔 리뷰로 검증하며 학습하기


# %%
def train_model(model, x_train, y_train):
    """Step 8. Train, validating on reviews held out from the training set.

    Use ``validation_split=0.2`` (or ``validation_data`` taken from x_train): never the test
    reviews, which must stay unseen until the final measurement. Early stopping on the
    validation loss (``patience=3, restore_best_weights=True``) picks the number of epochs for
    you; a batch size of 512 keeps training well under a minute.

    Args:
        model: a compiled model; x_train: encoded training reviews; y_train: their labels.

    Returns:
        The History object ``fit`` returns.

    8단계. 학습 세트에서 떼어 둔 리뷰로 검증하면서 모델을 학습시키세요.

    ``validation_split=0.2``(또는 x_train에서 떼어 낸 ``validation_data``)를 쓰세요. 테스트 리뷰는
    절대 쓰지 마세요. 마지막에 성능을 잴 때까지 모델이 한 번도 보지 않은 채로 남겨 두어야 합니다.
    검증 손실(loss)을 지켜보는 조기 종료(early stopping)를
    ``patience=3, restore_best_weights=True``로 설정하면, 조기 종료가 에포크(epoch) 수를 대신 정해
    줍니다. 배치(batch) 크기를 512로 하면 학습이 1분도 채 걸리지 않습니다.

    인자 model: 컴파일한 모델.
    인자 x_train: 인코딩한 학습 리뷰.
    인자 y_train: 학습 리뷰의 레이블(label).

    반환값: ``fit``이 반환하는 History 객체.
    """
    ### BEGIN SOLUTION
    stop = keras.callbacks.EarlyStopping(monitor="val_loss", patience=3, restore_best_weights=True)
    return model.fit(x_train, y_train, epochs=40, batch_size=512, validation_split=0.2,
                     callbacks=[stop], verbose=0)
    ### END SOLUTION


# %% tags=["active-ipynb"]
# check("train_model")


# %% [markdown]
# ## 9. Measure the test accuracy · 테스트 정확도 측정하기


# %%
def evaluate(model, x_test, y_test):
    """Step 9. Measure the accuracy on the encoded test reviews.

    Returns:
        The test accuracy, a number between 0 and 1.

    9단계. 인코딩한 테스트 리뷰로 정확도(accuracy)를 재세요.

    반환값: 테스트 정확도. 0과 1 사이의 숫자입니다.
    """
    ### BEGIN SOLUTION
    loss, accuracy = model.evaluate(x_test, y_test, verbose=0)
    return accuracy
    ### END SOLUTION


# %% tags=["active-ipynb"]
# check("evaluate")


# %% [markdown]
# ## 11. Predict how positive a few sentences are · 문장 몇 개가 얼마나 긍정적인지 예측하기


# %%
def predict_sentiment(model, encoded):
    """Step 11. How positive are some new reviews?

    ``model.predict(encoded)`` gives an array of shape (n, 1); return it as a flat array of n
    probabilities (``[:, 0]``). Above 0.5 means positive.

    Returns:
        One probability per encoded text.

    11단계. 새 리뷰는 얼마나 긍정적일까요?

    ``model.predict(encoded)``는 모양이 (n, 1)인 배열을 줍니다. 이것을 확률 n개가 든 1차원
    배열(``[:, 0]``)로 바꿔 반환하세요. 확률이 0.5보다 크면 긍정입니다.

    반환값: 인코딩한 텍스트마다 확률 하나.
    """
    ### BEGIN SOLUTION
    return model.predict(encoded, verbose=0)[:, 0]
    ### END SOLUTION


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
# ## All together: every step, then the test accuracy of your trained model · 모두 함께: 모든 단계, 그다음 학습한 모델의 테스트 정확도


# %% tags=["active-ipynb"]
# check()
