"""Loaders for the kit's real datasets, with checksums.

Each file-based loader reads a data directory when one is given (``data_dir=`` or
``$KIT_DATA_DIR``, laid out as ``<data_dir>/<dataset>/<file>``), else the Keras cache, else
downloads from the upstream source.
The diabetes data come with scikit-learn and are checked all the same. Problems raise
:class:`DatasetError` with a message that names the file and the fix.
"""

from ._files import DATA_DIR_ENV, DatasetError
from .diabetes import load_diabetes
from .fashion_mnist import CLASS_NAMES as FASHION_MNIST_CLASSES
from .fashion_mnist import load_fashion_mnist
from .imdb import load_imdb, load_imdb_word_index, review_words
from .iris import load_iris
from .sign_language_mnist import LETTERS as SIGN_LANGUAGE_LETTERS
from .sign_language_mnist import load_sign_language_mnist
from .tables import load_csv

__all__ = [
    "DATA_DIR_ENV",
    "DatasetError",
    "FASHION_MNIST_CLASSES",
    "SIGN_LANGUAGE_LETTERS",
    "load_csv",
    "load_diabetes",
    "load_fashion_mnist",
    "load_imdb",
    "load_imdb_word_index",
    "load_iris",
    "load_sign_language_mnist",
    "review_words",
]
