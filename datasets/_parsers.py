"""Readers for the on-disk formats, each raising :class:`DatasetError` on a malformed file."""

import gzip
import re
import tarfile
import zlib

import numpy as np
import pandas as pd

from messages import _

from ._files import FIX_DAMAGED, DatasetError

IDX_MAGIC = {2049: 1, 2051: 3}  # labels are 1-D, images 3-D (count, rows, cols)


def read_idx_gz(path):
    """Read a gzipped IDX file (the MNIST format) into a ``uint8`` array."""
    try:
        with gzip.open(path, "rb") as handle:
            raw = handle.read()
    except (OSError, EOFError, zlib.error) as error:
        raise DatasetError(_("{file} is not a readable gzip file ({error}).").format(
            file=path, error=error) + " " + _(FIX_DAMAGED)) from None
    if len(raw) < 8:
        raise DatasetError(_("{file} is too short to be an IDX file ({size} bytes).").format(
            file=path, size=len(raw)))
    magic = int.from_bytes(raw[:4], "big")
    if magic not in IDX_MAGIC:
        raise DatasetError(_("{file} is not an IDX file: magic number {magic}, expected 2049 or "
                             "2051.").format(file=path, magic=magic))
    ndim = IDX_MAGIC[magic]
    header = 4 + 4 * ndim
    dims = [int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim)]
    expected = header + int(np.prod(dims))
    if len(raw) != expected:
        raise DatasetError(_("{file} holds {size} bytes but its header announces {expected} "
                             "(shape {shape}): the file is truncated or damaged.").format(
            file=path, size=len(raw), expected=expected, shape=tuple(dims)) + " " + _(FIX_DAMAGED))
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
        raise DatasetError(_("{file} is not a readable aclImdb tarball ({error}).").format(
            file=path, error=error) + " " + _(FIX_DAMAGED)) from None
    if not rows:
        raise DatasetError(_("{file} holds no reviews under {folders}.").format(
            file=path, folders="aclImdb/{train,test}/{pos,neg}/"))
    frame = pd.DataFrame(rows, columns=["split", "text", "label", "rating", "id"])
    return frame.sort_values(["split", "label", "id"], ignore_index=True)


def read_pixel_csv(path, n_pixels=784):
    """Read a Sign-Language-MNIST CSV (``label,pixel1..pixelN``), plain or gzipped."""
    try:
        frame = pd.read_csv(path)
    except (OSError, EOFError, zlib.error, UnicodeDecodeError, pd.errors.ParserError,
            pd.errors.EmptyDataError) as error:
        raise DatasetError(_("{file} is not a readable CSV file ({error}).").format(
            file=path, error=error) + " " + _(FIX_DAMAGED)) from None
    expected = ["label"] + [f"pixel{i}" for i in range(1, n_pixels + 1)]
    if list(frame.columns) != expected:
        raise DatasetError(_("{file} does not have the columns {columns} (found {count} columns "
                             "starting {first})").format(
            file=path, columns=f"label,pixel1..pixel{n_pixels}", count=len(frame.columns),
            first=list(frame.columns[:3])) + ".")
    if frame.isna().any().any():
        raise DatasetError(_("{file} has empty cells: the file is truncated or damaged.").format(
            file=path) + " " + _(FIX_DAMAGED))
    return frame.astype("int64")


def read_iris_csv(path):
    """Read the seaborn-format iris CSV."""
    try:
        frame = pd.read_csv(path)
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        raise DatasetError(_("{file} is not a readable CSV file ({error}).").format(
            file=path, error=error) + " " + _(FIX_DAMAGED)) from None
    return frame

