"""Readers for the on-disk formats, each raising :class:`DatasetError` on a malformed file."""

import gzip
import re
import tarfile
import zlib

import numpy as np
import pandas as pd

from ._files import DatasetError

IDX_MAGIC = {2049: 1, 2051: 3}  # labels are 1-D, images 3-D (count, rows, cols)


def read_idx_gz(path):
    """Read a gzipped IDX file (the MNIST format) into a ``uint8`` array."""
    try:
        with gzip.open(path, "rb") as handle:
            raw = handle.read()
    except (OSError, EOFError, zlib.error) as error:
        raise DatasetError(f"{path} is not a readable gzip file ({error}). "
                           "Fix: delete it and copy or download it again.") from None
    if len(raw) < 8:
        raise DatasetError(f"{path} is too short to be an IDX file ({len(raw)} bytes).")
    magic = int.from_bytes(raw[:4], "big")
    if magic not in IDX_MAGIC:
        raise DatasetError(f"{path} is not an IDX file: magic number {magic}, expected 2049 or 2051.")
    ndim = IDX_MAGIC[magic]
    header = 4 + 4 * ndim
    dims = [int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim)]
    expected = header + int(np.prod(dims))
    if len(raw) != expected:
        raise DatasetError(f"{path} holds {len(raw)} bytes but its header announces {expected} "
                           f"(shape {tuple(dims)}): the file is truncated or damaged. "
                           "Fix: delete it and copy or download it again.")
    return np.frombuffer(raw, dtype=np.uint8, offset=header).reshape(dims)


IMDB_MEMBER = re.compile(r"^aclImdb/(train|test)/(pos|neg)/(\d+)_(\d+)\.txt$")


def read_imdb_tarball(path):
    """Read the labeled reviews of an ``aclImdb`` tarball.

    Returns a DataFrame with columns ``split`` ('train'/'test'), ``text``, ``label`` (1 positive,
    0 negative), ``rating`` (1-10) and ``id``, sorted by split, label and id.
    """
    rows = []
    try:
        with tarfile.open(path, "r|gz") as archive:
            for member in archive:
                match = IMDB_MEMBER.match(member.name)
                if not match or not member.isfile():
                    continue
                split, polarity, review_id, rating = match.groups()
                text = archive.extractfile(member).read().decode("utf-8")
                rows.append((split, text, int(polarity == "pos"), int(rating), int(review_id)))
    except (tarfile.TarError, OSError, EOFError, zlib.error, UnicodeDecodeError) as error:
        raise DatasetError(f"{path} is not a readable aclImdb tarball ({error}). "
                           "Fix: delete it and copy or download it again.") from None
    if not rows:
        raise DatasetError(f"{path} holds no reviews under aclImdb/{{train,test}}/{{pos,neg}}/.")
    frame = pd.DataFrame(rows, columns=["split", "text", "label", "rating", "id"])
    return frame.sort_values(["split", "label", "id"], ignore_index=True)


def read_pixel_csv(path, n_pixels=784):
    """Read a Sign-Language-MNIST CSV (``label,pixel1..pixelN``), plain or gzipped."""
    try:
        frame = pd.read_csv(path)
    except (OSError, EOFError, zlib.error, UnicodeDecodeError, pd.errors.ParserError,
            pd.errors.EmptyDataError) as error:
        raise DatasetError(f"{path} is not a readable CSV file ({error}). "
                           "Fix: delete it and copy or download it again.") from None
    expected = ["label"] + [f"pixel{i}" for i in range(1, n_pixels + 1)]
    if list(frame.columns) != expected:
        raise DatasetError(f"{path} does not have the columns label,pixel1..pixel{n_pixels} "
                           f"(found {len(frame.columns)} columns starting {list(frame.columns[:3])}).")
    if frame.isna().any().any():
        raise DatasetError(f"{path} has empty cells: the file is truncated or damaged.")
    return frame.astype("int64")


def read_iris_csv(path):
    """Read the seaborn-format iris CSV."""
    try:
        frame = pd.read_csv(path)
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        raise DatasetError(f"{path} is not a readable CSV file ({error}).") from None
    return frame

