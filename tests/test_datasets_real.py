"""The loaders on the real datasets (run when KIT_DATA_DIR points at them, as in CI).

Expected figures are those of shared/datasets/MANIFEST.md.
"""

import numpy as np

import datasets
from tests.conftest import REAL_DATA, needs_real_data

pytestmark = needs_real_data


def test_iris_real_file_matches_scikit_learns_copy():
    real = datasets.load_iris()
    bundled = datasets.load_iris(data_dir="/nonexistent")
    assert real.shape == (150, 5)
    assert np.allclose(real.iloc[:, :4], bundled.iloc[:, :4])
    assert (real.species == bundled.species).all()


def test_fashion_mnist_counts_and_labels():
    (x_train, y_train), (x_test, y_test) = datasets.load_fashion_mnist()
    assert x_train.shape == (60000, 28, 28) and x_test.shape == (10000, 28, 28)
    assert x_train.dtype == np.uint8 and x_train.max() == 255
    assert np.bincount(y_train).tolist() == [6000] * 10
    assert np.bincount(y_test).tolist() == [1000] * 10
    assert len(datasets.FASHION_MNIST_CLASSES) == 10


def test_imdb_counts_balance_and_word_index():
    (x_train, y_train), (x_test, y_test) = datasets.load_imdb(REAL_DATA)
    assert len(x_train) == len(x_test) == 25000
    assert y_train.sum() == y_test.sum() == 12500
    assert set(x_train[:100]).isdisjoint(x_test[:100])
    assert y_train[-2500:].sum() not in (0, 2500)  # shuffled: a validation tail has both labels
    word_index = datasets.load_imdb_word_index()
    assert len(word_index) == 88584
    assert [word_index[w] for w in ("the", "and", "a", "of")] == [1, 2, 3, 4]


def test_sign_language_counts_and_labels():
    train, test = datasets.load_sign_language_mnist()
    assert train.shape == (27455, 785) and test.shape == (7172, 785)
    assert sorted(train.label.unique()) == sorted(datasets.SIGN_LANGUAGE_LETTERS)
    assert 9 not in set(train.label) and 25 not in set(test.label)
    assert train.label.value_counts()[0] == 1126 and test.label.value_counts()[24] == 332
    assert train.iloc[:, 1:].to_numpy().max() <= 255
