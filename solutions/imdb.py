"""Reference solution: IMDB movie-review sentiment with an embedding and average pooling.

Same functions as ``exercises/imdb.py``, each filled in.
"""

import keras

from datasets import load_imdb, load_imdb_word_index, review_words

VOCAB_SIZE = 10_000  # ids 0..9999
MAXLEN = 256         # words kept per review
PAD, START, UNKNOWN = 0, 1, 2
INDEX_FROM = 3       # a word of rank r gets id r + 3

MY_REVIEWS = ["What a delight: clever, funny and moving. I'd watch it again tomorrow.",
              "Two hours I will never get back. The plot made no sense at all."]


def load_data():
    return load_imdb()


def load_word_index():
    return load_imdb_word_index()


def encode_reviews(texts, word_index):
    rows = []
    for text in texts:
        ids = [START]
        for word in review_words(text):
            rank = word_index.get(word)
            known = rank is not None and rank + INDEX_FROM < VOCAB_SIZE
            ids.append(rank + INDEX_FROM if known else UNKNOWN)
        rows.append(ids)
    return keras.utils.pad_sequences(rows, maxlen=MAXLEN)


def decode_review(ids, word_index):
    words_by_rank = {rank: word for word, rank in word_index.items()}
    words = []
    for i in ids:
        if i in (PAD, START):
            continue
        words.append("?" if i == UNKNOWN else words_by_rank.get(i - INDEX_FROM, "?"))
    return " ".join(words)


def build_model():
    return keras.Sequential([
        keras.Input(shape=(MAXLEN,)),
        keras.layers.Embedding(VOCAB_SIZE, 16),
        keras.layers.GlobalAveragePooling1D(),
        keras.layers.Dense(16, activation="relu"),
        keras.layers.Dense(1, activation="sigmoid"),
    ])


def compile_model(model):
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    return model


def train_model(model, x_train, y_train):
    stop = keras.callbacks.EarlyStopping(monitor="val_loss", patience=3, restore_best_weights=True)
    return model.fit(x_train, y_train, epochs=40, batch_size=512, validation_split=0.2,
                     callbacks=[stop], verbose=0)


def evaluate(model, x_test, y_test):
    loss, accuracy = model.evaluate(x_test, y_test, verbose=0)
    return accuracy


def predict_sentiment(model, encoded):
    return model.predict(encoded, verbose=0)[:, 0]


if __name__ == "__main__":
    (x_train, y_train), (x_test, y_test) = load_data()
    word_index = load_word_index()
    train_ids = encode_reviews(x_train, word_index)
    print(decode_review(train_ids[0], word_index)[:200])
    model = compile_model(build_model())
    train_model(model, train_ids, y_train)
    print(f"test accuracy {evaluate(model, encode_reviews(x_test, word_index), y_test):.4f}")
    for text, p in zip(MY_REVIEWS, predict_sentiment(model, encode_reviews(MY_REVIEWS, word_index))):
        print(f"{p:.2f} {'positive' if p > 0.5 else 'negative'}: {text}")
