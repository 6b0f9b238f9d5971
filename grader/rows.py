"""Comparing data the way a model sees it: the same rows, whatever their scale.

Two questions the grader asks of a student's data, both with numpy alone (the worker asks them in
the student's process, the grader again in its own):

* :func:`same_up_to_scale`: is the student's own output of a data step the reference's data in
  another scale or coding (pixels kept in 0-255 for a model that rescales itself, standardized
  columns, labels renumbered one to one)? Then later steps are given the student's own data, and
  a pipeline consistent with itself is not broken by the reference's inputs. Each column is
  changed the same way in every row, so nothing about one row (its label) can be slipped in; and
  it takes enough rows to mean something (any two rows are an affine function of any two).
* :func:`row_keys`: a key per row that ignores the row's scale, to tell which rows a model was
  trained or validated on came from the test set (pixels in 0-1 and in 0-255 give the same key).

Example:
>>> import numpy as np
>>> images = np.random.default_rng(0).integers(0, 256, (20, 4)) / 255.0
>>> same_up_to_scale(images * 255, images), same_up_to_scale(images[::-1], images)
('scaled', None)
>>> bool(row_keys(images)[0] == row_keys(images * 255)[0])
True
"""

import hashlib

import numpy as np

CHUNK_ROWS = 4096
TOLERANCE = 1e-4  # relative to the column's range: float32 rounding, not a different value
MIN_ROWS = 10     # the fewest rows from which "the same data in another scale" is concluded


def as_rows(value):
    """A numeric 2-D array, one row per sample (DataFrames, lists and images flattened), or None."""
    if hasattr(value, "to_numpy"):
        value = value.to_numpy()
    if isinstance(value, (list, tuple)):
        try:
            value = np.asarray(value)
        except ValueError:
            return None
    if not isinstance(value, np.ndarray) or value.dtype.kind not in "biuf" or value.ndim == 0:
        return None
    return value.reshape(len(value), -1)


def same_up_to_scale(own, reference):
    """``"same"`` (equal, up to rounding), ``"scaled"`` (each column an affine function of the
    reference's, nothing lost), ``"relabeled"`` (one label renamed to one other label), or
    ``None``. Scaled and relabeled need :data:`MIN_ROWS` rows: any two rows are an affine
    function of any other two, so a few rows prove nothing."""
    own_rows, ref_rows = as_rows(own), as_rows(reference)
    if own_rows is None or ref_rows is None or own_rows.shape != ref_rows.shape or not own_rows.size:
        return None
    if np.array_equal(own_rows, ref_rows) or _rounding_apart(own_rows, ref_rows):
        return "same"
    if len(own_rows) < MIN_ROWS:
        return None
    if own_rows.shape[1] == 1 and _relabeled(own_rows[:, 0], ref_rows[:, 0]):
        return "relabeled"
    return "scaled" if _affine_per_column(own_rows, ref_rows) else None


def carries_over(own, reference):
    """Whether a student's own result replaces the reference's as a later step's input: the same
    data in another scale or coding (not merely the same data: then nothing changes)."""
    return same_up_to_scale(own, reference) in ("scaled", "relabeled")


def _rounding_apart(own, reference):
    """Whether two arrays differ only by floating-point rounding (float32 against float64)."""
    if own.dtype.kind not in "biuf" or reference.dtype.kind not in "biuf":
        return False
    with np.errstate(all="ignore"):
        return all(np.allclose(own[start:start + CHUNK_ROWS].astype(np.float64),
                               reference[start:start + CHUNK_ROWS].astype(np.float64),
                               rtol=1e-6, atol=1e-12, equal_nan=True)
                   for start in range(0, len(own), CHUNK_ROWS))


def _relabeled(own, reference):
    if own.dtype.kind not in "biu" or reference.dtype.kind not in "biu":
        return False
    pairs = np.unique(np.stack([reference, own]), axis=1)
    return len(np.unique(pairs[0])) == len(np.unique(pairs[1])) == pairs.shape[1]


def _affine_per_column(own, reference):
    """Whether ``own[:, j] == a_j * reference[:, j] + b_j`` for every column, with ``a_j != 0``
    wherever the reference column varies (no column's information thrown away)."""
    n = len(own)
    sums = np.zeros((5, own.shape[1]))
    for start in range(0, n, CHUNK_ROWS):
        s = own[start:start + CHUNK_ROWS].astype(np.float64)
        r = reference[start:start + CHUNK_ROWS].astype(np.float64)
        sums += [s.sum(0), r.sum(0), (s * r).sum(0), (r * r).sum(0), (s * s).sum(0)]
    mean_s, mean_r = sums[0] / n, sums[1] / n
    var_r = sums[3] / n - mean_r ** 2
    var_s = sums[4] / n - mean_s ** 2
    cov = sums[2] / n - mean_s * mean_r
    varies = var_r > 1e-12 * np.maximum(1.0, mean_r ** 2)
    slope = np.where(varies, cov / np.where(varies, var_r, 1.0), 0.0)
    if np.any(varies & (slope ** 2 * var_r < 1e-6 * np.maximum(var_s, 1e-300))):
        return False  # a column flattened to a constant: information lost
    intercept = mean_s - slope * mean_r
    scale = np.maximum(np.sqrt(np.maximum(var_s, 0)), np.abs(mean_s)) + 1e-12
    for start in range(0, n, CHUNK_ROWS):
        s = own[start:start + CHUNK_ROWS].astype(np.float64)
        r = reference[start:start + CHUNK_ROWS].astype(np.float64)
        if np.any(np.abs(s - (slope * r + intercept)) > TOLERANCE * scale * 10):
            return False
    return True


def row_keys(value):
    """A 64-bit key per row, the same for a row and any positive multiple of it (so 0-255 and 0-1
    pixels match), or ``None`` when ``value`` is not numeric rows."""
    rows = as_rows(value)
    if rows is None:
        return None
    keys = np.empty(len(rows), dtype=np.uint64)
    for start in range(0, len(rows), CHUNK_ROWS):
        chunk = rows[start:start + CHUNK_ROWS].astype(np.float64)
        peak = np.abs(chunk).max(axis=1, keepdims=True) if chunk.shape[1] else 1.0
        chunk = np.round(chunk / np.where(peak > 0, peak, 1.0), 4) + 0.0  # + 0.0: no -0.0
        for offset, row in enumerate(chunk):
            keys[start + offset] = int.from_bytes(
                hashlib.blake2b(row.tobytes(), digest_size=8).digest(), "little")
    return keys
