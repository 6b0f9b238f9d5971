"""Values travel between processes as JSON + npz, never pickle."""

import numpy as np
import pandas as pd

from grader import portable


def round_trip(tmp_path, value):
    portable.save(tmp_path / "v", value)
    return portable.load(tmp_path / "v")


def test_plain_values_arrays_and_frames_round_trip(tmp_path):
    frame = pd.DataFrame({"x": [1.5, 2.5], "species": ["setosa", "virginica"]})
    value = (frame, frame["species"], np.eye(3), [1, "two", None], {"k": float("nan")}, 0.5)
    back = round_trip(tmp_path, value)
    assert back[0].equals(frame)
    assert back[1].tolist() == ["setosa", "virginica"] and back[1].name == "species"
    assert np.array_equal(back[2], np.eye(3)) and back[3] == [1, "two", None]
    assert np.isnan(back[4]["k"]) and back[5] == 0.5


def test_unsupported_values_are_described_not_pickled(tmp_path):
    back = round_trip(tmp_path, (object(), np.array([object()])))
    assert isinstance(back[0], portable.Unsupported) and back[0].type_name == "builtins.object"
    assert isinstance(back[1], portable.Unsupported)
    arrays = np.load(tmp_path / "v.npz", allow_pickle=False) if (tmp_path / "v.npz").exists() else {}
    assert len(arrays) == 0


def test_numpy_scalars_become_python_numbers(tmp_path):
    assert round_trip(tmp_path, (np.float64(0.25), np.int64(3))) == (0.25, 3)


def test_long_texts_travel_as_utf8_not_fixed_width(tmp_path):
    texts = np.empty(3, dtype=object)
    texts[:] = ["short", "é" * 10_000, "😀 ok"]
    back = round_trip(tmp_path, texts)
    assert back.dtype == object and back.tolist() == texts.tolist()
    assert (tmp_path / "v.npz").stat().st_size < 30_000  # not 3 x 10,000 x 4 bytes
    assert round_trip(tmp_path, np.array(["a", "bc"])).tolist() == ["a", "bc"]
