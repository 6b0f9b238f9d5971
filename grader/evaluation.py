"""Trusted evaluation: the grader loads a saved model itself (Keras safe mode) and predicts.

This runs in the grader's own process, never in the student's, so a submission cannot change the
numbers it is judged by.
"""

import contextlib
import hashlib
import os
import threading
import warnings
from functools import lru_cache

import numpy as np

from messages import _


class EvaluationError(Exception):
    """The saved model could not be loaded or run; the message says why in plain words."""


_STDERR_LOCK = threading.RLock()  # fd 2 is the process's: one thread at a time redirects it


@contextlib.contextmanager
def quiet_stderr():
    """Silence the C++ log lines TensorFlow prints on import (they are noise to a student)."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    with _STDERR_LOCK, _stderr_to_devnull():
        yield


@contextlib.contextmanager
def _stderr_to_devnull():
    saved = os.dup(2)
    with open(os.devnull, "w") as devnull:
        os.dup2(devnull.fileno(), 2)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)


def keras():
    """Import Keras quietly (once; later calls are free)."""
    with quiet_stderr():
        import keras as module
    return module


@lru_cache(maxsize=8)
def load_model(path):
    """Load a ``.keras`` file with safe mode on: no Python code from the file is run."""
    k = keras()
    try:
        with quiet_stderr():
            return k.saving.load_model(path, compile=False, safe_mode=True)
    except Exception as error:
        raise EvaluationError(_(
            "the grader could not load your model ({error}). Use only built-in Keras layers (no "
            "Lambda layers or custom classes)").format(
                error=f"{type(error).__name__}: {error}")) from None


def outputs(path, x):
    """What the model at ``path`` outputs for ``x`` (the same model file and inputs are
    predicted once: a step's check and the test accuracy often ask for the same)."""
    x = np.asarray(x)
    key = (str(path), _file_version(path), x.shape, str(x.dtype),
           hashlib.blake2b(np.ascontiguousarray(x).view(np.uint8), digest_size=16).hexdigest()
           if x.dtype != object else id(x))
    with _OUTPUTS_LOCK:
        if key in _OUTPUTS:
            return _OUTPUTS[key].copy()
    model = load_model(str(path))
    try:
        with quiet_stderr():
            found = np.asarray(model.predict(x, verbose=0, batch_size=256))
    except Exception as error:
        raise EvaluationError(_("your model could not make predictions on the test data "
                                "({error})").format(
            error=f"{type(error).__name__}: {error}")) from None
    with _OUTPUTS_LOCK:
        _OUTPUTS[key] = found
        while len(_OUTPUTS) > 4:
            del _OUTPUTS[next(iter(_OUTPUTS))]
    return found.copy()


_OUTPUTS, _OUTPUTS_LOCK = {}, threading.Lock()


def forget():
    """Drop every model and prediction kept (between two students' gradings)."""
    load_model.cache_clear()
    with _OUTPUTS_LOCK:
        _OUTPUTS.clear()


def _file_version(path):
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size


def class_probabilities(path, x):
    """What the model at ``path`` outputs for ``x``, as probabilities: a model that outputs logits
    (its last layer has no activation) goes through softmax, or sigmoid for one output."""
    from scipy.special import expit, softmax

    from .keras_files import SavedModel

    output = outputs(path, x)
    if SavedModel(path).output_activation != "linear":
        return output
    flat = output.reshape(len(output), -1)
    flat = expit(flat) if flat.shape[1] == 1 else softmax(flat, axis=1)
    return flat.reshape(output.shape)


def probabilities(path, x):
    """The probability of the positive class (binary models: one sigmoid, or a 2-way softmax)."""
    output = class_probabilities(path, x)
    return output.reshape(len(output), -1)[:, -1]


def predict(path, x):
    """Class numbers the model at ``path`` predicts for ``x``."""
    output = class_probabilities(path, x)
    if output.ndim == 2 and output.shape[1] > 1:
        return output.argmax(axis=1)
    return (output.reshape(len(output), -1)[:, 0] > 0.5).astype("int64")


def labels(y):
    """Class numbers from labels given as numbers or one-hot rows."""
    y = np.asarray(y)
    return y.argmax(axis=1) if y.ndim == 2 and y.shape[1] > 1 else y.reshape(len(y))


def output_labels(path, x, label_maps):
    """Labels the model predicts: class numbers, mapped back when the spec allows a model with
    fewer outputs than label values (``label_maps = { "24" = [0, ..., 8, 10, ..., 24] }``)."""
    predicted = predict(path, x)
    width = outputs(path, np.asarray(x)[:1]).shape[-1]
    mapping = (label_maps or {}).get(str(width))
    return np.asarray(mapping)[predicted] if mapping is not None else predicted
