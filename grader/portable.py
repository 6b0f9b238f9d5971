"""Moving step results between processes without pickle.

A student's process must not hand the grader anything the grader would execute, so results travel
as JSON (the structure) plus an ``.npz`` file (the arrays, read with ``allow_pickle=False``). Keras
models travel as ``.keras`` files, which the grader reads with Keras's safe mode.

This is the wire format between the two sides of the trust boundary: :mod:`grader.student_side`
writes with it inside the student's process, the grader reads with it; both import this module.

Example:
>>> import numpy as np, tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> save(folder / "x", (np.arange(3), "ok"))
>>> load(folder / "x")
(array([0, 1, 2]), 'ok')
"""

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

MAX_REPR = 200


@dataclass(frozen=True)
class ModelFile:
    """A Keras model saved by the worker; ``path`` is a ``.keras`` file."""

    path: Path


@dataclass(frozen=True)
class Unsupported:
    """A value of a type that cannot travel (its type name and a short repr, for messages)."""

    type_name: str
    text: str


@dataclass(frozen=True)
class FigureRecord:
    """What a matplotlib Figure shows: per axes, its title, labels and plotted lines."""

    axes: list


@dataclass(frozen=True)
class HistoryRecord:
    """What a ``keras.callbacks.History`` holds: per-epoch metrics and the fit parameters."""

    history: dict
    params: dict


def save(base, value, save_model=None):
    """Write ``value`` as ``base.json`` (+ ``base.npz``). ``save_model(model) -> path`` stores models."""
    arrays = {}
    tree = _encode(value, arrays, save_model)
    base = Path(base)
    if arrays:
        np.savez(base.with_suffix(".npz"), **arrays)
    base.with_suffix(".json").write_text(json.dumps(tree))


def load(base):
    """Read a value written by :func:`save`; models come back as :class:`ModelFile`."""
    base = Path(base)
    tree = json.loads(base.with_suffix(".json").read_text())
    npz = base.with_suffix(".npz")
    arrays = dict(np.load(npz, allow_pickle=False)) if npz.exists() else {}
    return _decode(tree, arrays, base.parent)


def _store(array, arrays):
    key = f"a{len(arrays)}"
    arrays[key] = array
    return {"$array": key}


def _encode(value, arrays, save_model):
    """``value`` as JSON (arrays stored in ``arrays``). Never raises for the value's sake: a
    value that cannot be read (its ``__len__``, ``__array__`` or ``__iter__`` raise, it holds
    itself) travels as :class:`Unsupported`, so the grader can say what it found."""
    try:
        return _encode_known(value, arrays, save_model)
    except Exception:  # the student's object broke while being read: describe it instead
        return _unsupported(value)


def _encode_known(value, arrays, save_model):
    import pandas as pd

    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, np.generic):
        return _encode(value.item(), arrays, save_model)
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not np.isfinite(value):
            return {"$number": repr(float(value))}  # 'nan', 'inf': JSON has neither
        return int(value) if isinstance(value, int) else float(value)
    if isinstance(value, pd.DataFrame):
        return {"$frame": {"columns": [str(c) for c in value.columns],
                           "data": [_encode_array(value[c].to_numpy(), arrays) for c in value.columns]}}
    if isinstance(value, pd.Series):
        return {"$series": {"name": None if value.name is None else str(value.name),
                            "data": _encode_array(value.to_numpy(), arrays)}}
    if isinstance(value, np.ndarray):
        return _encode_array(value, arrays)
    if isinstance(value, (list, tuple)):
        items = [_encode(item, arrays, save_model) for item in list(value)]
        return {"$tuple": items} if isinstance(value, tuple) else items
    if isinstance(value, dict):
        return {"$dict": [[str(k), _encode(v, arrays, save_model)] for k, v in list(value.items())]}
    type_name = _type_name(value)
    if save_model is not None and is_keras_model(value):
        return {"$model": Path(save_model(value)).name}
    if type_name.endswith("callbacks.history.History") or type(value).__name__ == "History":
        history = {str(k): [float(x) for x in v] for k, v in getattr(value, "history", {}).items()}
        params = {str(k): v for k, v in (getattr(value, "params", None) or {}).items()
                  if isinstance(v, (int, float, str, bool)) or v is None}
        return {"$history": {"history": history, "params": params}}
    if type_name.startswith("matplotlib.figure."):
        return {"$figure": _figure_lines(value)}
    if hasattr(value, "__array__") and not isinstance(value, type):
        return _encode_array(np.asarray(value), arrays)
    return _unsupported(value)


def _type_name(value):
    kind = type(value)
    return f"{kind.__module__}.{kind.__qualname__}"


def _unsupported(value):
    try:
        text = repr(value)[:MAX_REPR]
    except Exception:  # its __repr__ raises too
        text = f"<{type(value).__qualname__} object>"
    return {"$unsupported": {"type": _type_name(value), "text": text}}


def _figure_lines(figure):
    axes = []
    for ax in figure.get_axes():
        lines = [{"label": str(line.get_label()),
                  "x": [float(v) for v in np.asarray(line.get_xdata(), dtype=float)],
                  "y": [float(v) for v in np.asarray(line.get_ydata(), dtype=float)]}
                 for line in ax.get_lines()]
        axes.append({"title": ax.get_title(), "xlabel": ax.get_xlabel(),
                     "ylabel": ax.get_ylabel(), "lines": lines, "images": len(ax.get_images())})
    return axes


def _encode_array(array, arrays):
    if array.dtype.kind == "U" or (array.dtype == object and all(
            isinstance(item, str) for item in array.flat)):
        return _encode_strings(array, arrays)
    if array.dtype == object:
        try:
            array = array.astype(float)
        except (TypeError, ValueError):
            return {"$unsupported": {"type": "numpy array of Python objects",
                                     "text": repr(array)[:MAX_REPR]}}
    return _store(np.ascontiguousarray(array), arrays)


def _encode_strings(array, arrays):
    """Strings as UTF-8 bytes plus offsets: fixed-width numpy unicode would take 4 bytes times the
    longest string for every item."""
    encoded = [str(item).encode("utf-8") for item in array.flat]
    offsets = np.cumsum([0] + [len(item) for item in encoded], dtype=np.int64)
    data = np.frombuffer(b"".join(encoded), dtype=np.uint8)
    return {"$strings": {"shape": list(array.shape), "data": _store(data, arrays)["$array"],
                         "offsets": _store(offsets, arrays)["$array"]}}


def _decode_strings(body, arrays):
    data, offsets = arrays[body["data"]].tobytes(), arrays[body["offsets"]]
    items = [data[offsets[i]:offsets[i + 1]].decode("utf-8") for i in range(len(offsets) - 1)]
    result = np.empty(len(items), dtype=object)
    result[:] = items
    return result.reshape(body["shape"])


def _decode(tree, arrays, folder):
    import pandas as pd

    if isinstance(tree, list):
        return [_decode(item, arrays, folder) for item in tree]
    if not isinstance(tree, dict):
        return tree
    (tag, body), = tree.items()
    if tag == "$array":
        return arrays[body]
    if tag == "$strings":
        return _decode_strings(body, arrays)
    if tag == "$number":
        return float(body)
    if tag == "$tuple":
        return tuple(_decode(item, arrays, folder) for item in body)
    if tag == "$dict":
        return {key: _decode(value, arrays, folder) for key, value in body}
    if tag == "$frame":
        columns = [_decode(column, arrays, folder) for column in body["data"]]
        return pd.DataFrame(dict(zip(body["columns"], columns)), columns=body["columns"])
    if tag == "$series":
        return pd.Series(_decode(body["data"], arrays, folder), name=body["name"])
    if tag == "$model":  # the worker keeps a run's models beside its steps folder
        return ModelFile(folder.parent / "models" / Path(body).name)
    if tag == "$history":
        return HistoryRecord(body["history"], body["params"])
    if tag == "$figure":
        return FigureRecord(body)
    if tag == "$unsupported":
        return Unsupported(body["type"], body["text"])
    raise ValueError(f"unknown tag {tag!r}")


def is_keras_model(value):
    return any(cls.__name__ in ("Model", "Sequential", "Functional") and
               cls.__module__.startswith("keras") for cls in type(value).__mro__)
