"""What the worker notes about a student's code while it runs (in the student's process).

* :class:`FitWatch`: how ``fit`` is called, on the graded model and on any other: epochs, batch
  size, validation, callbacks, augmentation done by a data generator, and a key per row of the
  training and validation data (written beside the step's record), so the grader can tell rows
  of the test set among them, whether they come as arrays, a generator
  (``ImageDataGenerator.flow``) or a ``tf.data`` dataset; and whether the graded model's weights
  still are those its own ``fit`` left.
* :class:`ReachWatch`: what the student's code tried to reach past its run (network, signals).
* :class:`LibraryWatch`: which library functions the student's file replaced (``numpy.mean = ...``),
  so a step that breaks afterwards says why instead of showing a puzzling error.

Nothing here decides a grade: the grader reads what is written in its own process.
"""

import inspect
import json
import os
import sys
from pathlib import Path

import numpy as np

from ..rows import row_keys

FIT_DEFAULTS = {"batch_size": None, "epochs": 1, "validation_split": 0.0}
SAMPLED_ROWS = 4096  # rows looked at in a dataset that can only be iterated


class FitWatch:
    """How ``fit`` is called in a step, on every model: the model the step is graded on (given
    to it, watched through its own ``fit``, whatever the student's file did to the class) and
    any other (a clone, a model built inside the step: watched through ``keras.Model.fit``), so
    that training on rows of the test set counts whichever model it trains. For the graded
    model it also keeps a fingerprint of its weights after its own last ``fit``: weights put in
    afterwards (``set_weights`` from a model trained elsewhere) show as a different one."""

    def __init__(self, keras_module=None):
        self.calls, self.rows_dir, self.step_name = [], None, ""
        if keras_module is not None:  # before the student's file runs: any model's fit
            self._install(keras_module.Model)

    def _install(self, model_class):
        original = model_class.fit
        watch = self

        def fit(model, *args, **kwargs):
            if not getattr(model, "_kit_graded", False) and watch.rows_dir is not None:
                watch._note(args, kwargs, other=True)
            return original(model, *args, **kwargs)

        model_class.fit = fit

    def start(self, rows_dir, step_name):
        """A new step: its calls start empty."""
        self.calls, self.rows_dir, self.step_name = [], rows_dir, step_name

    def graded(self, model):
        """Watch ``model``, the one the step is graded on (its weights as given, too)."""
        original = model.fit
        model._kit_graded = True
        model._kit_weights = fingerprint(model)
        watch = self

        def fit(*args, **kwargs):
            watch._note(args, kwargs, other=False)
            try:
                return original(*args, **kwargs)
            finally:
                model._kit_weights = fingerprint(model)

        model.fit = fit

    def _note(self, args, kwargs, other):
        described = describe_fit(args, kwargs, self.rows_dir,
                                 f"{self.step_name}.fit{len(self.calls)}")
        self.calls.append({**described, "model": "other" if other else "graded"})

    @staticmethod
    def weights_replaced(model):
        """Whether ``model``'s weights are no longer those its own fit left (or it was given)."""
        kept = getattr(model, "_kit_weights", None)
        return kept is not None and fingerprint(model) != kept


def fingerprint(model):
    """A digest of a model's weights."""
    import hashlib

    digest = hashlib.blake2b(digest_size=16)
    try:
        for weight in model.get_weights():
            digest.update(np.ascontiguousarray(weight).tobytes())
    except Exception:  # not built, or a model that cannot say: no fingerprint
        return None
    return digest.hexdigest()


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


class ReachWatch:
    """The student's code's attempts to reach past its own grading, noted as they are made
    (a Python audit hook, which no code can remove): network connections and listening
    sockets, and signals to processes outside its own run. The sandbox refuses them; this only
    says what was tried, so the verdict can name it.

    >>> watch = ReachWatch()                               # doctest: +SKIP
    >>> socket.create_connection(("10.0.0.5", 8786))        # doctest: +SKIP
    >>> watch.take()                                        # doctest: +SKIP
    [{'kind': 'network', 'what': 'connect', 'address': '10.0.0.5:8786'}]
    """

    NETWORK_EVENTS = {"socket.connect": "connect", "socket.bind": "bind",
                      "socket.sendto": "send"}
    MAX_KEPT = 5

    def __init__(self):
        self.attempts = []
        self.journal = None  # where each attempt is also written at once (a step killed later
        self._probing = False  # by its time limit still names what it tried)
        sys.addaudithook(self._heard)

    def start(self, journal):
        """A new step: its attempts are also written, one JSON line each, to ``journal``."""
        self.attempts, self.journal = [], journal

    def _heard(self, event, args):
        try:
            if event in self.NETWORK_EVENTS:
                address = args[1] if len(args) > 1 else None
                self._note({"kind": "network", "what": self.NETWORK_EVENTS[event],
                            "address": _address(address)})
            elif event in ("os.kill", "os.killpg") and not self._probing:
                target, signum = args[0], args[1]
                target = -target if event == "os.killpg" else target
                if not self._reachable(target):
                    self._note({"kind": "signal", "signal": _signal_name(signum),
                                "target": int(target)})
        except Exception:  # noting must never change what the student's code does
            pass

    def _reachable(self, target):
        """Whether ``target`` (a pid; negative: a process group) is this run's own: the kernel
        says so, asked with signal 0 before the real signal goes."""
        if target == 0 or target == os.getpid():
            return True
        self._probing = True
        try:
            os.kill(target, 0)
            return True
        except OSError:
            return False
        finally:
            self._probing = False

    def _note(self, attempt):
        if len(self.attempts) < self.MAX_KEPT and attempt not in self.attempts:
            self.attempts.append(attempt)
            if self.journal is not None:
                with open(self.journal, "a") as journal:
                    journal.write(json.dumps(attempt) + "\n")

    def take(self):
        """The attempts noted since the last call."""
        taken, self.attempts = self.attempts, []
        return taken


def read_journal(path):
    """The attempts a :class:`ReachWatch` wrote to ``path`` (none if there is no such file)."""
    try:
        lines = Path(path).read_text().splitlines()
    except OSError:
        return []
    found = []
    for line in lines[:ReachWatch.MAX_KEPT]:
        try:
            found.append(json.loads(line))
        except ValueError:  # the student's code may write there too: only what reads back
            pass
    return found


def _address(address):
    if isinstance(address, tuple) and address:
        return ":".join(str(part) for part in address[:2])
    return str(address)[:100]


def _signal_name(signum):
    import signal

    try:
        return signal.Signals(signum).name
    except ValueError:
        return str(signum)


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
