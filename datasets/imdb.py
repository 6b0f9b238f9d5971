"""The Stanford Large Movie Review Dataset (aclImdb) and the Keras IMDB word index."""

import json
import re

import numpy as np

from messages import _

from ._files import FIX_DAMAGED, DatasetError, RemoteFile, fetch
from ._parsers import read_imdb_tarball

ACL_IMDB = RemoteFile(
    dataset="imdb",
    name="aclImdb_v1.tar.gz",
    file_hash="7c2ac02c03563afcf9b574c7e56c153a",  # md5 of Stanford's tarball
    origin="https://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz",
)
# The same reviews without the unlabeled part (the copy kept in shared/datasets).
ACL_IMDB_LABELED = RemoteFile(
    dataset="imdb",
    name="aclImdb_v1_labeled.tar.gz",
    file_hash="1400ad8c453f6c6ee38828426c3885b6069dd7fe21fc9ed16c8c11771be7cd15",
)
WORD_INDEX = RemoteFile(
    dataset="imdb",
    name="imdb_word_index.json",
    file_hash="bfafd718b763782e994055a2d397834f",  # the md5 keras.datasets.imdb checks
    origin="https://storage.googleapis.com/tensorflow/tf-keras-datasets/imdb_word_index.json",
)
SHUFFLE_SEED = 113  # the seed keras.datasets.imdb shuffles with
WORD = re.compile(r"[a-z0-9']+")


def load_imdb_frame(data_dir=None):
    """All 50,000 labeled reviews as one DataFrame (columns split, text, label, rating, id)."""
    return read_imdb_tarball(fetch(ACL_IMDB, data_dir, alternatives=(ACL_IMDB_LABELED,)))


def load_imdb(data_dir=None):
    """Load the IMDB reviews as ``(x_train, y_train), (x_test, y_test)``.

    ``x`` are arrays of review texts (Python ``str`` objects), ``y`` arrays of labels (1 positive, 0 negative):
    25,000 reviews each, half of them positive. Each split is shuffled with a fixed seed, so a
    ``validation_split`` taken from the end of the training data holds both labels.

    Example:
    >>> (x_train, y_train), (x_test, y_test) = load_imdb()
    >>> len(x_train), y_train.mean()
    (25000, 0.5)
    """
    frame = load_imdb_frame(data_dir)
    splits = []
    for offset, split in enumerate(("train", "test")):
        part = frame[frame["split"] == split]
        order = np.random.default_rng(SHUFFLE_SEED + offset).permutation(len(part))
        splits.append((part["text"].to_numpy(dtype=object)[order],  # str objects, not <U...
                       part["label"].to_numpy(dtype="int64")[order]))
    return tuple(splits)


def load_imdb_word_index(data_dir=None):
    """The Keras IMDB word index: ``{word: rank}`` with rank 1 for the most frequent word.

    ``keras.datasets.imdb`` encodes a word of rank ``r`` as ``r + 3``: ids 0, 1 and 2 are kept for
    padding, the start of a review and unknown words.
    """
    path = fetch(WORD_INDEX, data_dir)
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError) as error:
        raise DatasetError(_("{file} is not a readable JSON word index ({error}).").format(
            file=path, error=error) + " " + _(FIX_DAMAGED)) from None


def review_words(text):
    """Split a review into lowercase words the way the word index spells them.

    HTML line breaks (``<br />``) are dropped; a word is a run of letters, digits and apostrophes.

    Example:
    >>> review_words("It's GREAT.<br /><br />10/10!")
    ["it's", 'great', '10', '10']
    """
    return WORD.findall(text.lower().replace("<br />", " "))
