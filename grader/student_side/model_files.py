"""Saving the Keras models a student's steps leave behind, in the worker (the student's process).

Three things a plain ``model.save`` gets wrong for grading:

* A model built without ``keras.Input`` has no shape until its first ``fit``: the grader builds it
  on the exercise's input shape, as that first ``fit`` would, so its layers can be judged.
* A model far larger than any exercise asks for (hundreds of millions of parameters) would fill
  the disk: only its architecture and compile settings are written (``too_large.json`` says how
  many parameters it has), so the architecture check can say what is wrong with it.
* Keras writes an activation given as a TensorFlow function (``tf.nn.softmax``) in a form it cannot
  load again: such functions are written by the name Keras knows them by.

Example (in the worker):
>>> save(model, Path("models/build_model.keras"))        # doctest: +SKIP
{}
"""

import contextlib
import json
import sys
import zipfile
from pathlib import Path

from messages import _

MAX_SAVED_PARAMETERS = 25_000_000  # 100 MB of weights; the exercises' models have < 1,000,000
TOO_LARGE = "too_large.json"


def build_if_needed(model, input_shape):
    """Build a model that has no input shape yet on ``input_shape``; returns a note, or ""."""
    if model.built or not input_shape:
        return ""
    try:
        with contextlib.redirect_stdout(sys.stderr):
            model.build((None, *input_shape))
    except Exception as error:  # the layers do not fit that shape: the check says so
        return _("your model has no keras.Input, and it could not be built for the input shape "
                 "{shape} ({error})").format(shape=tuple(input_shape),
                                             error=f"{type(error).__name__}: {error}")
    return _("your model has no keras.Input, so the grader built it for input shape {shape}, as "
             "Keras does at the first fit (keras.Input(shape={shape}) as the first item of the "
             "list says it at once)").format(shape=tuple(input_shape))


def parameter_count(model):
    try:
        return int(model.count_params())
    except Exception:  # not built: nothing to count
        return 0


def save(model, path):
    """Write ``model`` to ``path`` (``.keras``); returns ``{"too_large": N}`` when only its
    architecture was written, else ``{}``."""
    path = Path(path)
    count = parameter_count(model)
    with contextlib.redirect_stdout(sys.stderr):
        if count > MAX_SAVED_PARAMETERS:
            _save_architecture(model, path, count)
            return {"too_large": count}
        model.save(path)
    _name_tensorflow_functions(path)
    return {}


def _save_architecture(model, path, count):
    import keras

    config = keras.saving.serialize_keras_object(model)
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("config.json", json.dumps(config, default=str))
        archive.writestr(TOO_LARGE, json.dumps({"parameters": count}))


def _name_tensorflow_functions(path):
    """Rewrite ``{"class_name": "function", "config": "softmax_v2", ...}`` (what Keras writes for
    ``tf.nn.softmax``, and cannot read back) as ``"softmax"`` when Keras has that activation."""
    with zipfile.ZipFile(path) as archive:
        config = json.loads(archive.read("config.json"))
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    changed = []
    config = _renamed(config, changed)
    if not changed:
        return
    members["config.json"] = json.dumps(config).encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def _renamed(node, changed):
    if isinstance(node, list):
        return [_renamed(item, changed) for item in node]
    if not isinstance(node, dict):
        return node
    name = keras_activation(node)
    if name:
        changed.append(name)
        return name
    return {key: _renamed(value, changed) for key, value in node.items()}


def keras_activation(node):
    """The Keras activation name for a serialized non-Keras function, or None."""
    if node.get("class_name") != "function" or not isinstance(node.get("config"), str):
        return None
    if str(node.get("module", "")).startswith("keras"):
        return None
    import keras

    name = node["config"].removesuffix("_v2")
    try:
        keras.activations.get(name)
    except (ValueError, TypeError):
        return None
    return name
