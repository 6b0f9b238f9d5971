"""Reference solution: iris species with a softmax classifier.

Same functions as ``exercises/iris.py``, each filled in. Run ``make grade EX=iris SOLUTIONS=1`` to
see it pass every check.
"""

import keras
import numpy as np
from sklearn.metrics import accuracy_score, confusion_matrix
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import LabelEncoder

from datasets import load_iris

SPECIES = ["setosa", "versicolor", "virginica"]


def load_data():
    return load_iris()


def split_features_target(iris):
    return iris.drop(columns="species"), iris["species"]


def encode_species(species):
    codes = LabelEncoder().fit_transform(species)
    return keras.utils.to_categorical(codes, num_classes=3)


def split_train_test(X, Y):
    return train_test_split(X, Y, random_state=417)


def build_model():
    return keras.Sequential([
        keras.Input(shape=(4,)),
        keras.layers.Dense(30, activation="relu"),
        keras.layers.Dense(16, activation="relu"),
        keras.layers.Dense(3, activation="softmax"),
    ])


def compile_model(model):
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    return model


def train_model(model, X_train, y_train):
    return model.fit(X_train, y_train, epochs=100, batch_size=1, verbose=0)


def predict_species(model, X_test):
    return np.argmax(model.predict(X_test, verbose=0), axis=1)


def summarize_results(y_test, predicted):
    true_classes = np.argmax(y_test, axis=1)
    return accuracy_score(true_classes, predicted), confusion_matrix(true_classes, predicted)


if __name__ == "__main__":
    X, y = split_features_target(load_data())
    X_train, X_test, y_train, y_test = split_train_test(X, encode_species(y))
    model = compile_model(build_model())
    train_model(model, X_train, y_train)
    accuracy, confusion = summarize_results(y_test, predict_species(model, X_test))
    print(f"test accuracy {accuracy:.3f}\nconfusion matrix (rows: true {SPECIES}):\n{confusion}")
