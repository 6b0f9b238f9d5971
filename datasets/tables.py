"""A CSV table a study lead adds for an exercise of their own (``python -m grader new ID --csv
FILE``): kept as ``<data dir>/tables/<name>`` (or in the Keras cache's ``tables`` folder) and
checked against its sha256 like every other dataset file."""

from ._files import RemoteFile, fetch

DATASET = "tables"


def load_csv(name, sha256, data_dir=None):
    """The table ``name`` as a pandas DataFrame, once its bytes match ``sha256``.

    Example (with ``penguins.csv`` in ``$KIT_DATA_DIR/tables/``)::

        penguins = load_csv("penguins.csv", "3f1c...")
    """
    import pandas as pd

    return pd.read_csv(fetch(RemoteFile(DATASET, name, sha256), data_dir))
