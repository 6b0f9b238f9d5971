"""Fisher's iris data in seaborn's format."""

from ._files import RemoteFile, local_copy
from ._parsers import read_iris_csv

IRIS_CSV = RemoteFile(
    dataset="iris",
    name="iris.csv",
    file_hash="9cc1c345c71bcc9b486b74cbf6063fa66f4bb5e0f603a4b3c3471ec2e5e8e355",
    origin="https://raw.githubusercontent.com/mwaskom/seaborn-data/master/iris.csv",
)
COLUMNS = ["sepal_length", "sepal_width", "petal_length", "petal_width", "species"]


def load_iris(data_dir=None):
    """Load the 150 iris flowers as a DataFrame, like ``seaborn.load_dataset('iris')``.

    Columns: ``sepal_length``, ``sepal_width``, ``petal_length``, ``petal_width`` (cm) and
    ``species`` ('setosa', 'versicolor', 'virginica'). Read from ``<data_dir>/iris/iris.csv`` when
    a data directory holds it, else from scikit-learn's bundled copy (no download needed).

    Example:
    >>> iris = load_iris()
    >>> iris.shape
    (150, 5)
    """
    path = local_copy(IRIS_CSV, data_dir)
    if path is not None:
        return read_iris_csv(path)
    from sklearn.datasets import load_iris as sklearn_iris

    bunch = sklearn_iris(as_frame=True)
    frame = bunch.frame.copy()
    frame.columns = COLUMNS[:4] + ["species"]
    frame["species"] = bunch.target_names[bunch.target]
    return frame
