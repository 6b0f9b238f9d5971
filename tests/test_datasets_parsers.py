"""The format readers and loaders, on tiny files written in the real formats."""

import gzip
import io
import tarfile

import numpy as np
import pandas as pd
import pytest

import datasets
from datasets import DatasetError
from datasets import fashion_mnist, imdb, sign_language_mnist
from datasets._files import RemoteFile
from datasets._parsers import read_idx_gz, read_imdb_tarball, read_pixel_csv
from tests.conftest import sha256


def idx_bytes(array):
    magic = 2051 if array.ndim == 3 else 2049
    header = magic.to_bytes(4, "big") + b"".join(n.to_bytes(4, "big") for n in array.shape)
    return header + array.astype(np.uint8).tobytes()


def test_idx_images_and_labels_round_trip(tmp_path):
    images = np.arange(3 * 28 * 28).reshape(3, 28, 28) % 256
    path = tmp_path / "images.gz"
    path.write_bytes(gzip.compress(idx_bytes(images)))
    assert np.array_equal(read_idx_gz(path), images)
    labels = np.array([9, 0, 3])
    path.write_bytes(gzip.compress(idx_bytes(labels)))
    assert np.array_equal(read_idx_gz(path), labels)


@pytest.mark.parametrize("damage, words", [
    (lambda raw: gzip.compress(raw[:-10]), "truncated"),
    (lambda raw: gzip.compress(b"\x00\x00\x09\x99" + raw[4:]), "magic number"),
    (lambda raw: gzip.compress(raw)[:-20], "not a readable gzip"),
    (lambda raw: b"plain bytes", "not a readable gzip"),
])
def test_damaged_idx_file_is_a_clear_error(tmp_path, damage, words):
    path = tmp_path / "images.gz"
    path.write_bytes(damage(idx_bytes(np.zeros((2, 28, 28)))))
    with pytest.raises(DatasetError) as error:
        read_idx_gz(path)
    assert words in str(error.value) and str(path) in str(error.value)


def make_imdb_tarball(path, reviews):
    """``reviews``: (split, polarity, id, rating, text) tuples, written as aclImdb does."""
    with tarfile.open(path, "w:gz") as archive:
        for split, polarity, review_id, rating, text in reviews:
            data = text.encode("utf-8")
            info = tarfile.TarInfo(f"aclImdb/{split}/{polarity}/{review_id}_{rating}.txt")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
        info = tarfile.TarInfo("aclImdb/imdb.vocab")
        info.size = 3
        archive.addfile(info, io.BytesIO(b"the"))


TOY_REVIEWS = [("train", "pos", 0, 9, "Loved it."), ("train", "neg", 0, 2, "Dull <br />film."),
               ("train", "pos", 1, 7, "Fine — café scene!"), ("test", "neg", 0, 1, "Awful."),
               ("test", "pos", 0, 10, "Great.")]


def test_imdb_tarball_reviews_and_labels(tmp_path):
    path = tmp_path / "aclImdb_v1.tar.gz"
    make_imdb_tarball(path, TOY_REVIEWS)
    frame = read_imdb_tarball(path)
    assert len(frame) == 5
    assert frame.loc[frame.text == "Fine — café scene!", ["label", "rating"]].values.tolist() == [[1, 7]]
    assert sorted(frame.split.unique()) == ["test", "train"]


def test_load_imdb_splits_shuffles_and_keeps_pairs(isolated_data, monkeypatch):
    path = isolated_data / "imdb" / "aclImdb_v1_labeled.tar.gz"
    path.parent.mkdir()
    make_imdb_tarball(path, TOY_REVIEWS)
    monkeypatch.setattr(imdb, "ACL_IMDB_LABELED", RemoteFile("imdb", path.name, sha256(path)))
    (x_train, y_train), (x_test, y_test) = datasets.load_imdb()
    assert len(x_train) == 3 and len(x_test) == 2
    truth = {text: int(polarity == "pos") for _, polarity, _, _, text in TOY_REVIEWS}
    assert all(truth[text] == label for text, label in zip(x_train, y_train))


def test_broken_tarball_is_a_clear_error(tmp_path):
    path = tmp_path / "aclImdb_v1.tar.gz"
    path.write_bytes(b"not a tarball")
    with pytest.raises(DatasetError, match="not a readable aclImdb tarball"):
        read_imdb_tarball(path)


def pixel_frame(rows=3):
    columns = ["label"] + [f"pixel{i}" for i in range(1, 785)]
    values = np.random.default_rng(0).integers(0, 256, size=(rows, 785))
    values[:, 0] = [0, 24, 10][:rows]
    return pd.DataFrame(values, columns=columns)


@pytest.mark.parametrize("name", ["sign_mnist_train.csv", "sign_mnist_train.csv.gz"])
def test_pixel_csv_plain_or_gzipped(tmp_path, name):
    path = tmp_path / name
    pixel_frame().to_csv(path, index=False)
    assert read_pixel_csv(path).equals(pixel_frame())


def test_pixel_csv_with_wrong_columns_is_a_clear_error(tmp_path):
    path = tmp_path / "sign_mnist_train.csv"
    pixel_frame().iloc[:, :100].to_csv(path, index=False)
    with pytest.raises(DatasetError, match="does not have the columns"):
        read_pixel_csv(path)


def test_truncated_gzipped_csv_is_a_clear_error(tmp_path):
    path = tmp_path / "sign_mnist_train.csv.gz"
    pixel_frame().to_csv(path, index=False)
    path.write_bytes(path.read_bytes()[:-40])
    with pytest.raises(DatasetError, match=str(path)):
        read_pixel_csv(path)


def test_fashion_mnist_loader_reads_the_data_dir(isolated_data, monkeypatch):
    folder = isolated_data / "fashion-mnist"
    folder.mkdir()
    remote = {}
    for key, remote_file in fashion_mnist.REMOTE.items():
        array = np.full((4, 28, 28), 7) if "images" in key else np.array([0, 1, 2, 9])
        path = folder / remote_file.name
        path.write_bytes(gzip.compress(idx_bytes(array)))
        remote[key] = RemoteFile("fashion-mnist", remote_file.name, sha256(path))
    monkeypatch.setattr(fashion_mnist, "REMOTE", remote)
    (x_train, y_train), (x_test, y_test) = datasets.load_fashion_mnist()
    assert x_train.shape == (4, 28, 28) and y_test.tolist() == [0, 1, 2, 9]


def test_sign_language_without_files_or_kagglehub_says_where_to_get_them(isolated_data, monkeypatch):
    monkeypatch.setitem(__import__("sys").modules, "kagglehub", None)  # import fails
    with pytest.raises(DatasetError) as error:
        datasets.load_sign_language_mnist()
    message = str(error.value)
    assert sign_language_mnist.KAGGLE_URL in message and "sign-language-mnist/" in message


def test_sign_language_from_a_kaggle_download(isolated_data, tmp_path, monkeypatch):
    download = tmp_path / "kaggle" / "versions" / "1"
    for split in ("train", "test"):
        path = download / f"sign_mnist_{split}" / f"sign_mnist_{split}.csv"
        path.parent.mkdir(parents=True)
        pixel_frame().to_csv(path, index=False)
        monkeypatch.setitem(sign_language_mnist.CSV, split,
                            RemoteFile("sign-language-mnist", path.name, sha256(path)))
    fake = type("FakeKagglehub", (), {"dataset_download": staticmethod(lambda name: str(download))})
    monkeypatch.setitem(__import__("sys").modules, "kagglehub", fake)
    train, test = datasets.load_sign_language_mnist()
    assert train.shape == (3, 785) and test.label.tolist() == [0, 24, 10]


def test_iris_without_a_data_dir_comes_from_scikit_learn(isolated_data):
    iris = datasets.load_iris()
    assert list(iris.columns) == ["sepal_length", "sepal_width", "petal_length", "petal_width",
                                  "species"]
    assert iris.species.value_counts().to_dict() == {"setosa": 50, "versicolor": 50, "virginica": 50}
    assert iris.iloc[:, :4].sum().round(1).tolist() == [876.5, 458.6, 563.7, 179.9]
