"""Reading a saved ``.keras`` file without running it.

A ``.keras`` file is a zip holding ``config.json`` (architecture and compile settings) and
``model.weights.h5`` (layer and optimizer variables). Reading these as plain JSON and HDF5 needs no
TensorFlow, executes nothing from the file, and is fast, so architecture and compile feedback comes
before any training.

Example:
>>> model = SavedModel("models/build_model.keras")      # doctest: +SKIP
>>> [layer.describe() for layer in model.layers]        # doctest: +SKIP
["Dense(30, activation='relu')", "Dense(16, activation='relu')", "Dense(3, activation='softmax')"]
"""

import json
import zipfile
from dataclasses import dataclass, field
from functools import cached_property

from messages import _

MAX_CONFIG_BYTES = 20 * 1024 * 1024

# The settings that tell layers apart, in the order they are written, per layer type.
KEY_SETTINGS = {
    "Dense": ("units", "activation"),
    "Conv2D": ("filters", "kernel_size", "activation"),
    "Conv1D": ("filters", "kernel_size", "activation"),
    "MaxPooling2D": ("pool_size",),
    "AveragePooling2D": ("pool_size",),
    "MaxPooling1D": ("pool_size",),
    "Dropout": ("rate",),
    "Embedding": ("input_dim", "output_dim"),
    "Activation": ("activation",),
    "RandomFlip": ("mode",),
    "RandomRotation": ("factor",),
    "RandomZoom": ("height_factor",),
    "RandomTranslation": ("height_factor", "width_factor"),
    "Rescaling": ("scale",),
    "Reshape": ("target_shape",),
}
POSITIONAL = {"units", "filters", "kernel_size", "pool_size", "rate", "input_dim", "output_dim",
              "mode", "factor", "target_shape"}


class KerasFileError(Exception):
    """The file is not a readable ``.keras`` model."""


@dataclass(frozen=True)
class Layer:
    """One layer: its class name and its settings (the layer's ``get_config()``)."""

    type: str
    config: dict = field(default_factory=dict, compare=False)

    def setting(self, key):
        value = self.config.get(key)
        if key == "activation":
            return normal_activation(value)
        if isinstance(value, dict) and "class_name" in value:  # e.g. a serialized initializer
            config = value.get("config")
            value = config.get("name", value["class_name"]) if isinstance(config, dict) else (
                config if isinstance(config, str) else value["class_name"])
        return tuple(value) if type(value) is list else value

    def describe(self, keys=None):
        """``Dense(16, activation='relu')``: the type and the settings that matter for it."""
        keys = KEY_SETTINGS.get(self.type, ()) if keys is None else keys
        parts = []
        for key in keys:
            value = self.setting(key)
            parts.append(f"{value!r}" if key in POSITIONAL else f"{key}={value!r}")
        return f"{self.type}({', '.join(parts)})"


PROBABILITIES = {"softmax", "sigmoid"}  # last activations whose outputs are probabilities
# Activation layers, and the activation each one applies.
ACTIVATION_LAYERS = {"ReLU": "relu", "Softmax": "softmax", "LeakyReLU": "leaky_relu",
                     "ELU": "elu", "PReLU": "prelu"}


def normal_activation(value):
    """An activation's name however it was given: ``"relu"``, ``keras.activations.relu``,
    ``tf.nn.softmax`` (written ``softmax_v2``), ``keras.layers.ReLU()``; ``"linear"`` for none.

    >>> normal_activation({"class_name": "function", "config": "softmax_v2"})
    'softmax'
    >>> normal_activation({"class_name": "ReLU", "config": {"name": "re_lu"}}), normal_activation(None)
    ('relu', 'linear')
    """
    if value is None:
        return "linear"
    if isinstance(value, dict):
        name, config = value.get("class_name"), value.get("config")
        if name in ACTIVATION_LAYERS:
            return ACTIVATION_LAYERS[name]
        if name == "Activation" and isinstance(config, dict):
            return normal_activation(config.get("activation"))
        value = config if isinstance(config, str) else (
            config.get("name", name) if isinstance(config, dict) else name)
    if not isinstance(value, str):
        return str(value)
    value = value.removesuffix("_v2").lower()
    return {"swish": "silu"}.get(value, value)


def merged_layers(layers):
    """The layers with an activation layer folded into a linear layer just before it, so
    ``Dense(10)`` then ``Softmax()`` (or ``Activation('softmax')``) reads as ``Dense(10,
    activation='softmax')``: the same model, written another way."""
    merged = []
    for layer in layers:
        activation = layer_activation(layer)
        if (activation and merged and "activation" in merged[-1].config
                and merged[-1].setting("activation") == "linear"):
            merged[-1] = Layer(merged[-1].type, {**merged[-1].config, "activation": activation})
        else:
            merged.append(layer)
    return merged


def layer_activation(layer):
    """The activation an activation layer applies (``None`` for any other layer)."""
    if layer.type in ACTIVATION_LAYERS:
        return ACTIVATION_LAYERS[layer.type]
    if layer.type == "Activation":
        return layer.setting("activation")
    return None


def describe_expected(layer_spec):
    """Describe a spec's layer (``{type=..., units=...}``) the way :meth:`Layer.describe` does.
    A list of types reads as alternatives: ``GlobalAveragePooling1D() or Flatten()``."""
    if isinstance(layer_spec["type"], list):
        return " or ".join(describe_expected({**layer_spec, "type": kind})
                           for kind in layer_spec["type"])
    keys = [key for key in KEY_SETTINGS.get(layer_spec["type"], ()) if key in layer_spec]
    keys += [key for key in layer_spec if key != "type" and key not in keys]
    config = {key: value for key, value in layer_spec.items() if key != "type"}
    for key, value in config.items():
        if isinstance(value, dict) and "one_of" in value:
            config[key] = _OneOf(value["one_of"])
    return Layer(layer_spec["type"], config).describe(keys)


class _OneOf(list):
    """Alternatives in a spec's layer setting, written as ``25 or 24``."""

    def __repr__(self):
        return " or ".join(repr(option) for option in self)


class SavedModel:
    """The architecture, compile settings and variables of a ``.keras`` file."""

    def __init__(self, path):
        self.path = path
        try:
            with zipfile.ZipFile(path) as archive:
                info = archive.getinfo("config.json")
                if info.file_size > MAX_CONFIG_BYTES:
                    raise KerasFileError(_("{file}: config.json is {size} bytes").format(
                        file=path, size=info.file_size))
                self.config = json.loads(archive.read(info))
        except (OSError, KeyError, zipfile.BadZipFile, ValueError) as error:
            raise KerasFileError(_("{file} is not a readable .keras file ({error})").format(
                file=path, error=error)) from None

    @property
    def class_name(self):
        return self.config.get("class_name")

    @cached_property
    def _layer_configs(self):
        return self.config.get("config", {}).get("layers", [])

    @property
    def layers(self):
        """The layers after the input, in order, activation layers folded into the linear layer
        before them (:func:`merged_layers`)."""
        return merged_layers([Layer(layer.get("class_name", "?"), layer.get("config", {}))
                              for layer in self._layer_configs
                              if layer.get("class_name") != "InputLayer"])

    @property
    def output_activation(self):
        """The activation the model's output goes through last (``"linear"``: logits)."""
        layers = self.layers
        return layers[-1].setting("activation") if layers else None

    @cached_property
    def too_large(self):
        """The parameter count of a model too large to be saved whole (only its architecture was
        written, see :mod:`grader.student_side.model_files`), else ``None``."""
        try:
            with zipfile.ZipFile(self.path) as archive:
                if "too_large.json" in archive.namelist():
                    return int(json.loads(archive.read("too_large.json"))["parameters"])
        except (OSError, ValueError, KeyError, zipfile.BadZipFile):
            pass
        return None

    @property
    def input_shape(self):
        """The input shape without the batch axis, or ``None`` when the model has none yet."""
        for layer in self._layer_configs:
            if layer.get("class_name") == "InputLayer":
                shape = layer.get("config", {}).get("batch_shape")
                return tuple(shape[1:]) if shape else None
        shape = self.config.get("config", {}).get("build_input_shape") or (
            self.config.get("build_config") or {}).get("input_shape")
        return tuple(shape[1:]) if shape else None

    @property
    def compile_config(self):
        return self.config.get("compile_config")

    def _variables(self):
        import h5py
        import io

        with zipfile.ZipFile(self.path) as archive:
            if "model.weights.h5" not in archive.namelist():
                return {}
            data = archive.read("model.weights.h5")
        found = {}
        with h5py.File(io.BytesIO(data), "r") as weights:
            def visit(name, item):
                if isinstance(item, h5py.Dataset):
                    found[name] = (item.shape, item.dtype, item[()] if item.size == 1 else None)
            weights.visititems(visit)
        return found

    @cached_property
    def variables(self):
        try:
            return self._variables()
        except (OSError, ValueError, zipfile.BadZipFile) as error:
            raise KerasFileError(_("{file}: unreadable weights ({error})").format(
                file=self.path, error=error)) from None

    @property
    def parameter_count(self):
        """How many numbers the layers hold (trainable or not), like ``model.count_params()``."""
        if self.too_large is not None:
            return self.too_large
        total = 0
        for name, (shape, *_settings) in self.variables.items():
            if name.startswith("layers/"):
                count = 1
                for size in shape:
                    count *= size
                total += count
        return total

    @property
    def optimizer_iterations(self):
        """How many training steps the optimizer took (``None`` if it never built its state)."""
        for name, (shape, dtype, value) in sorted(self.variables.items()):
            if name.startswith("optimizer/") and shape == () and dtype.kind == "i":
                return int(value)
        return None
