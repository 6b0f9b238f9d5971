"""Whatever a student's step returns, the grader gives a verdict, never ``BUG``.

Every step of every exercise is judged by the grader's own :func:`grader.judging.judge_step` on
the real reference run (no student process: fast), with the student's result replaced by:

* the beginner's classics: ``None`` (a forgotten ``return``) and ``0``, for every step;
* values Hypothesis generates: numbers, NaN and inf, text, lists, dicts, tuples of any length,
  arrays of any shape and dtype, DataFrames, generators, objects whose ``__eq__``, ``__bool__``,
  ``__len__``, ``__iter__``, ``__array__`` or ``__repr__`` raise, a model where data is
  expected; each first travels as a student's value does (:mod:`grader.portable`);
* the reference's own result, changed: the same form with wrong content (NaN, inf, zeros, huge
  numbers, another dtype, transposed, an item dropped or added, a key missing), where it is small
  enough to copy many times in a test (the checks read a large array as they read a small one).

Each must be a pass, or a failure that says what was expected, what was found and what to try,
in English and in Korean.
"""

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import messages
from grader import portable
from grader.judging import judge_step
from grader.reference import reference_run
from grader.runner import Run, RunOptions
from grader.spec import available_exercises, load_spec
from tests.conftest import REAL_DATA, ROOT, needs_real_data
from tests.grading import GRADER

EXERCISES = available_exercises()


class Raising:
    """An object one of whose special methods raises."""

    def __init__(self, method):
        self.method = method

    def __getattribute__(self, name):
        method = object.__getattribute__(self, "method")
        if name == method:
            raise RuntimeError(f"{method} raised")
        return object.__getattribute__(self, name)

    def __eq__(self, other):
        return self._maybe("__eq__", lambda: NotImplemented)

    def __bool__(self):
        return self._maybe("__bool__", lambda: True)

    def __len__(self):
        return self._maybe("__len__", lambda: 3)

    def __iter__(self):
        return self._maybe("__iter__", lambda: iter([1, 2, 3]))

    def __array__(self, dtype=None, copy=None):
        return self._maybe("__array__", lambda: np.zeros(3))

    def __repr__(self):
        return self._maybe("__repr__", lambda: "Raising()")

    __hash__ = object.__hash__

    def _maybe(self, name, otherwise):
        if object.__getattribute__(self, "method") == name:
            raise RuntimeError(f"{name} raised")
        return otherwise()


class RaisingList(list):
    def __len__(self):
        raise RuntimeError("__len__ raised")


def generator(count):
    return (number for number in range(count))


NUMBERS = st.one_of(st.integers(-10**20, 10**20), st.floats(allow_nan=True, allow_infinity=True),
                    st.sampled_from([np.float64("nan"), np.float32("inf"), np.int64(3), 1e308,
                                     -1e308, 2**70, True, 0.0]))
ARRAYS = hnp.arrays(
    dtype=st.sampled_from([np.float64, np.float32, np.int64, np.uint8, np.bool_, "<U4",
                           np.complex128]),
    shape=hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=6))
FRAMES = st.builds(lambda rows, columns: pd.DataFrame(
    np.arange(rows * columns, dtype=float).reshape(rows, columns),
    columns=[f"c{i}" for i in range(columns)]), st.integers(0, 6), st.integers(0, 4))
ODD = st.one_of(
    st.sampled_from(["__eq__", "__bool__", "__len__", "__iter__", "__array__", "__repr__"]).map(
        Raising),
    st.integers(0, 3).map(generator),
    st.builds(lambda: RaisingList([1, 2])),
    st.sampled_from([object(), len, Ellipsis, range(3), {1, 2}, b"bytes", 1 + 2j,
                     np.arange(10_000, dtype=float), np.full((4, 3), 1e308),
                     np.array([object(), 1], dtype=object), pd.Series([1.0, None], name="y")]))
LEAVES = st.one_of(st.none(), NUMBERS, st.text(max_size=12), ARRAYS, FRAMES, ODD)
VALUES = st.recursive(LEAVES, lambda children: st.one_of(
    st.lists(children, max_size=4), st.tuples(children), st.tuples(children, children),
    st.tuples(children, children, children), st.tuples(*[children] * 4),
    st.dictionaries(st.one_of(st.text(max_size=6), st.integers(0, 3)), children, max_size=4)),
    max_leaves=8)


def changed(value, how, rng):
    """``value`` (a reference result) in the same form with other content (``how``)."""
    if isinstance(value, tuple):
        if how == "drop" and value:
            return value[:-1]
        if how == "extra":
            return (*value, None)
        return tuple(changed(item, how, rng) for item in value)
    if isinstance(value, list):
        return [changed(item, how, rng) for item in value] if how != "drop" else value[:-1]
    if isinstance(value, dict):
        if how == "drop" and value:
            return dict(list(value.items())[1:])
        return {key: changed(item, how, rng) for key, item in value.items()}
    if isinstance(value, pd.DataFrame):
        return value.to_numpy() if how == "drop" else pd.DataFrame(
            changed(value.to_numpy(), how, rng), columns=value.columns)
    if isinstance(value, pd.Series):
        return pd.Series(changed(value.to_numpy(), how, rng), name=value.name)
    if isinstance(value, np.ndarray):
        numbers = value.dtype.kind in "biuf"
        if how == "nan" and numbers:
            return np.full(value.shape, np.nan)
        if how == "inf" and numbers:
            return np.full(value.shape, np.inf)
        if how == "zeros":
            return np.zeros(value.shape)
        if how == "huge" and numbers:
            return value.astype(float) * 1e300
        if how == "text":
            return value.astype(str)
        if how == "integers" and numbers:
            return value.astype(np.int64)
        if how == "transposed":
            return value.T
        if how == "noise" and numbers:
            return value + rng.standard_normal(value.shape)
        if how == "drop" and value.ndim:
            return value[:-1]
        return value
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float)):
        return {"nan": float("nan"), "inf": float("inf"), "zeros": 0, "huge": 1e300,
                "text": str(value), "noise": value + 1.5, "integers": int(value)}.get(how, value)
    if isinstance(value, str):
        return {"text": value.upper(), "zeros": "", "drop": value[:-1]}.get(how, value)
    return value


CHANGES = ["nan", "inf", "zeros", "huge", "text", "integers", "transposed", "noise", "drop",
           "extra"]


class StudentValue(Run):
    """The reference's run, with one step's result replaced by a student's value (sent through
    :mod:`grader.portable` as the worker sends it)."""

    def __init__(self, reference, step, value, folder):
        super().__init__(reference.out, reference.records)
        self.step_name = step
        folder.mkdir(parents=True, exist_ok=True)
        if isinstance(value, portable.ModelFile):  # a model travels as a file
            self.student_value = value
        else:
            portable.save(folder / "value", value)
            self.student_value = portable.load(folder / "value")
        self.reference_run = reference

    def value(self, name):
        return self.student_value if name == self.step_name else reference_value(
            self.reference_run, name)


LARGE = 100_000  # numbers in a reference result, beyond which it is not changed and copied


def _size(value):
    if isinstance(value, (tuple, list)):
        return sum(_size(item) for item in value)
    if isinstance(value, dict):
        return sum(_size(item) for item in value.values())
    return getattr(value, "size", 0) if isinstance(value, (np.ndarray, pd.DataFrame)) else 0


_REFERENCES, _VALUES = {}, {}


def reference_value(run, name):
    """A reference result, read once."""
    if (run.out, name) not in _VALUES:
        _VALUES[run.out, name] = run.value(name)
    return _VALUES[run.out, name]


def reference(exercise):
    """The reference run of ``exercise`` (the cached one the other tests make)."""
    if exercise not in _REFERENCES:
        spec = load_spec(exercise)
        _REFERENCES[exercise] = reference_run(spec, ROOT / "solutions" / spec.module,
                                              RunOptions(data_dir=REAL_DATA))
    return _REFERENCES[exercise]


def judge(exercise, step_name, value, folder, language="en"):
    messages.set_language(language)
    try:
        spec = load_spec(exercise)
        step = spec.step(step_name)
        return judge_step(spec, step, StudentValue(reference(exercise), step_name, value, folder),
                          reference(exercise), "")
    finally:
        messages.set_language("en")


def assert_fair(verdict, value):
    shown = f"{verdict.name}: {type(value).__name__}\n{json.dumps(verdict.__dict__, default=str)}"
    assert verdict.status in ("passed", "failed"), shown
    if verdict.status == "failed":
        assert verdict.message and verdict.found and verdict.hint, shown
        assert verdict.expected, shown


@needs_real_data
@pytest.mark.parametrize("exercise", EXERCISES)
def test_a_forgotten_return_or_a_zero_fails_plainly_in_every_step(exercise, tmp_path):
    for step in load_spec(exercise).steps:
        for value in (None, 0):
            verdict = judge(exercise, step.name, value, tmp_path / step.name)
            assert_fair(verdict, value)
            if value is None and verdict.status == "failed" and reference_value(
                    reference(exercise), step.name) is not None:
                assert "did you forget `return`?" in verdict.message + verdict.found, verdict


@needs_real_data
@pytest.mark.parametrize("exercise", EXERCISES)
def test_any_value_a_step_returns_gets_a_verdict_with_expected_found_and_hint(exercise,
                                                                              tmp_path_factory):
    spec = load_spec(exercise)
    folder = tmp_path_factory.mktemp(exercise)
    counter = iter(range(10**9))

    @settings(max_examples=6 * len(spec.steps), derandomize=True, database=None, deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(step=st.sampled_from([step.name for step in spec.steps]), data=st.data(),
           language=st.sampled_from(["en", "ko"]))
    def check(step, data, language):
        expected = reference_value(reference(exercise), step)
        models = sorted((reference(exercise).out / "models").glob("*.keras"))
        value = data.draw(st.one_of(
            VALUES,
            st.sampled_from(CHANGES).map(
                lambda how: changed(expected, how, np.random.default_rng(0)))
            if _size(expected) <= LARGE else st.none(),
            st.sampled_from(models).map(portable.ModelFile) if models else st.none()))
        verdict = judge(exercise, step, value, folder / str(next(counter)), language)
        assert_fair(verdict, value)

    check()


def test_what_cannot_travel_is_described_not_raised(tmp_path):
    odd = [Raising(method) for method in ("__eq__", "__bool__", "__len__", "__iter__",
                                          "__array__", "__repr__")]
    portable.save(tmp_path / "v", (odd, generator(2), RaisingList([1]), np.float64("nan"),
                                   {"inf": np.float32("inf")}))
    back = portable.load(tmp_path / "v")
    assert isinstance(back[1], portable.Unsupported)
    assert np.isnan(back[3]) and back[4]["inf"] == float("inf")
    assert all(isinstance(item, (portable.Unsupported, np.ndarray)) for item in back[0])
    assert Path(tmp_path / "v.json").read_text().count("$unsupported") >= 3


@pytest.mark.long
@needs_real_data
def test_every_stub_with_a_forgotten_return_is_graded_without_a_grader_failure(tmp_path):
    """Each exercise's stubs with ``raise NotImplementedError`` replaced by ``return None``,
    graded end to end: no check is a grader failure, and a step whose result is missing says
    ``found: None (did you forget `return`?)``."""
    folder = tmp_path / "forgot"
    folder.mkdir()
    for exercise in EXERCISES:
        module = load_spec(exercise).module
        text = (ROOT / "exercises" / module).read_text(encoding="utf-8")
        (folder / module).write_text(text.replace("raise NotImplementedError", "return None"),
                                     encoding="utf-8")
    report = tmp_path / "report.json"
    code, output = GRADER.command(["--dir", folder, "--json", report, "--no-cache"], timeout=1800)
    assert code == 1 and "Traceback" not in output, output
    results = json.loads(report.read_text())["exercises"]
    assert sorted(result["id"] for result in results) == sorted(EXERCISES)
    for result in results:
        assert not result["problem"], result
        for check in result["checks"]:
            assert check["status"] != "grader_error", (result["id"], check)
        said = [check["found"] for check in result["checks"]]
        assert any("did you forget `return`?" in text for text in said), result
