"""What the worker notes about a student's code while it runs (in the student's process).

* :func:`observe_fit`: how ``model.fit`` is called: epochs, batch size, validation, callbacks,
  augmentation done by a data generator, and a key per row of the training and validation data
  (written beside the step's record), so the grader can tell rows of the test set among them,
  whether they come as arrays, a generator (``ImageDataGenerator.flow``) or a ``tf.data`` dataset.
* :class:`LibraryWatch`: which library functions the student's file replaced (``numpy.mean = ...``),
  so a step that breaks afterwards says why instead of showing a puzzling error.

Nothing here decides a grade: the grader reads what is written in its own process.
"""

import inspect
import sys

import numpy as np

from .rows import row_keys

FIT_DEFAULTS = {"batch_size": None, "epochs": 1, "validation_split": 0.0}
SAMPLED_ROWS = 4096  # rows looked at in a dataset that can only be iterated


def observe_fit(model, calls, rows_dir, step_name):
    """Note how ``model.fit`` is called (appended to ``calls``), for the training checks."""
    original = model.fit

    def fit(*args, **kwargs):
        calls.append(describe_fit(args, kwargs, rows_dir, f"{step_name}.fit{len(calls)}"))
        return original(*args, **kwargs)

    model.fit = fit


def describe_fit(args, kwargs, rows_dir, name):
    described = {key: kwargs.get(key, default) for key, default in FIT_DEFAULTS.items()}
    x = args[0] if args else kwargs.get("x")
    validation = kwargs.get("validation_data")
    described["validation_data"] = validation is not None
    for label, data in (("x_rows", x), ("validation_rows", validation)):
        keys = _keys(data)
        if keys is not None:
            file = f"{name}.{label}.npy"
            np.save(rows_dir / file, keys)
            described[label] = file
    described["augmentation"] = [found for found in map(augmentation, (x, validation)) if found]
    callbacks = []
    for callback in kwargs.get("callbacks") or []:
        settings = {key: value for key, value in vars(callback).items()
                    if not key.startswith("_") and isinstance(value, (bool, int, float, str))}
        callbacks.append({"type": type(callback).__name__, **settings})
    described["callbacks"] = callbacks
    return described


def _keys(data):
    try:
        return row_keys(sample_inputs(data))
    except Exception:  # whatever the data are, fit decides; this only observes
        return None


def sample_inputs(data):
    """The input rows ``data`` gives a model: arrays as they are, ``(x, y)`` pairs, a generator
    over arrays (its ``.x``), or the first rows a ``tf.data`` dataset or a ``PyDataset`` yields."""
    if data is None:
        return None
    if isinstance(data, (tuple, list)) and data and not np.isscalar(data[0]):
        return sample_inputs(data[0])
    if isinstance(getattr(data, "x", None), np.ndarray):  # ImageDataGenerator.flow(x, y)
        return data.x
    if hasattr(data, "element_spec") and hasattr(data, "take"):  # tf.data.Dataset
        return _dataset_rows(data)
    if hasattr(data, "__getitem__") and hasattr(data, "__len__") and type(data).__name__ not in (
            "ndarray", "DataFrame", "Series") and not hasattr(data, "shape"):  # a PyDataset
        batches = [sample_inputs(data[i]) for i in range(min(len(data), 8))]
        return np.concatenate([np.asarray(b) for b in batches]) if batches else None
    return np.asarray(data)


def _dataset_rows(dataset):
    spec = dataset.element_spec
    features = spec[0] if isinstance(spec, tuple) else spec
    batched = bool(features.shape.rank) and features.shape[0] is None
    rows, count = [], 0
    for element in dataset:
        element = element[0] if isinstance(element, tuple) else element
        array = np.asarray(element)
        rows.append(array if batched else array[None])
        count += len(rows[-1])
        if count >= SAMPLED_ROWS:
            break
    return np.concatenate(rows) if rows else None


def augmentation(data):
    """The flips a Keras ``ImageDataGenerator`` feeding ``fit`` applies, if one does."""
    generator = getattr(data, "image_data_generator", None)
    if generator is None:
        return None
    return {"type": type(generator).__name__,
            "horizontal_flip": bool(getattr(generator, "horizontal_flip", False)),
            "vertical_flip": bool(getattr(generator, "vertical_flip", False))}


WATCHED_MODULES = ("numpy", "pandas", "keras", "keras.ops", "keras.layers", "keras.models",
                   "keras.utils", "keras.callbacks", "keras.optimizers", "keras.losses",
                   "keras.metrics", "keras.saving", "tensorflow", "sklearn.metrics",
                   "sklearn.model_selection", "sklearn.preprocessing", "matplotlib.pyplot")


class LibraryWatch:
    """The library functions as they were before the student's file ran, to name later which
    ones it replaced.

    >>> import numpy
    >>> watch = LibraryWatch()
    >>> saved, numpy.mean = numpy.mean, lambda *a, **k: 1.0
    >>> watch.changed()
    ['numpy.mean']
    >>> numpy.mean = saved
    """

    def __init__(self):
        self.before = self._functions()

    @staticmethod
    def _classes():
        keras = sys.modules.get("keras")
        if keras is None:
            return []
        return [keras.Model, keras.Sequential, keras.layers.Layer, keras.callbacks.History]

    def _functions(self):
        found = {}
        for name in WATCHED_MODULES:
            module = sys.modules.get(name)
            for attr, value in (vars(module).items() if module is not None else ()):
                if callable(value) and not attr.startswith("__"):
                    found[f"{name}.{attr}"] = value
        for cls in self._classes():
            for attr in dir(cls):
                if not attr.startswith("__"):
                    found[f"keras.{cls.__name__}.{attr}"] = inspect.getattr_static(cls, attr, None)
        return found

    def changed(self):
        """Names of the watched functions that are no longer the ones the libraries define."""
        now = self._functions()
        return sorted(name for name, value in self.before.items()
                      if name in now and now[name] is not value)
