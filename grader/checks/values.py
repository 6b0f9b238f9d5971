"""Checks on the values a step returns (data steps, predictions, summaries)."""

import numpy as np
import pandas as pd

from messages import _

from ..portable import FigureRecord, HistoryRecord, ModelFile, Unsupported
from . import PASS, Finding, Problem, fail, register


MAX_ITEMS = 4      # items of a tuple or list described one by one
MAX_TEXT = 60      # characters of a value's repr shown


def describe(value):
    """A short, beginner-readable description of a value: its kind and shape.

    >>> describe(None), describe(list(range(100)))
    ('None (did you forget `return`?)', 'a list of 100 numbers')
    >>> describe((1.5, "a"))
    "a tuple of 2: (float 1.5, str 'a')"
    """
    if value is None:
        return _("None (did you forget `return`?)")
    if isinstance(value, pd.DataFrame):
        return _("a DataFrame of shape {shape} with columns {columns}").format(
            shape=value.shape, columns=_shortened(list(value.columns)))
    if isinstance(value, pd.Series):
        if value.name:
            return _("a Series of length {length} named {name!r}").format(length=len(value),
                                                                          name=value.name)
        return _("a Series of length {length}").format(length=len(value))
    if isinstance(value, np.ndarray):
        return _("an array of shape {shape} ({dtype})").format(shape=value.shape, dtype=value.dtype)
    if isinstance(value, dict):
        return _("a dict with keys {keys}").format(keys=_shortened(sorted(map(str, value))))
    if isinstance(value, (tuple, list)):
        if len(value) > MAX_ITEMS and _numbers(value):
            kind = (_("a tuple of {count} numbers") if isinstance(value, tuple)
                    else _("a list of {count} numbers"))
            return kind.format(count=len(value))
        kind = _("a tuple of {count}") if isinstance(value, tuple) else _("a list of {count}")
        items = [describe(item) for item in value[:MAX_ITEMS]]
        return (kind.format(count=len(value)) + ": ("
                + ", ".join(items + (["..."] if len(value) > MAX_ITEMS else [])) + ")")
    if isinstance(value, ModelFile):
        return _("a Keras model")
    if isinstance(value, HistoryRecord):
        return _("a History object")
    if isinstance(value, FigureRecord):
        return _("a matplotlib Figure")
    if isinstance(value, Unsupported):
        return _("a {kind}").format(kind=value.type_name)
    text = repr(value)
    return f"{type(value).__name__} {text if len(text) <= MAX_TEXT else text[:MAX_TEXT] + '...'}"


def _shortened(items, count=12):
    return items if len(items) <= count else [*items[:count], "..."]


def same_form(value, reference):
    """Whether ``value`` has the form of the reference's result: the same kinds of containers
    with the same lengths and keys, arrays (or DataFrames, Series, lists of numbers) of the same
    shape and kind of item (numbers, or text), numbers where numbers are, text where text is.
    A check may rely on that form; a value of another form is the student's to fix (see
    :func:`grader.judging.judge_step`).

    >>> import numpy as np
    >>> same_form((np.zeros((2, 3)), 1.5), (np.ones((2, 3)), 2)), same_form(None, 0.5)
    (True, False)
    """
    if reference is None or isinstance(reference, (ModelFile, HistoryRecord, FigureRecord,
                                                    Unsupported, bool, str)):
        return type(value) is type(reference)
    if isinstance(reference, (int, float)):
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if isinstance(reference, dict):
        return isinstance(value, dict) and sorted(map(str, value)) == sorted(
            map(str, reference)) and all(same_form(value[key], item)
                                         for key, item in reference.items())
    if isinstance(reference, (tuple, list)) and not _numbers(reference):
        return isinstance(value, (tuple, list)) and len(value) == len(reference) and all(
            same_form(item, want) for item, want in zip(value, reference))
    want, got = as_array(reference), as_array(value)
    return want is not None and got is not None and got.shape == want.shape and (
        (got.dtype.kind in NUMBERS) == (want.dtype.kind in NUMBERS))


NUMBERS = "biuf"


def _numbers(items):
    return all(isinstance(item, (int, float)) and not isinstance(item, bool) for item in items)


def as_array(value):
    """DataFrames, Series, lists and arrays as one numpy array; ``None`` for anything else."""
    if isinstance(value, (pd.DataFrame, pd.Series)):
        return value.to_numpy()
    if isinstance(value, (np.ndarray, list)) or np.isscalar(value):
        try:
            return np.asarray(value)
        except ValueError:
            return None
    return None


CHUNK = 2**20  # values compared at a time: a data step may return tens of millions


def _close(got, want):
    """``np.isclose`` element by element (rtol 1e-5, atol 1e-6), in float64 a chunk at a time:
    no float64 copies of whole arrays (Fashion-MNIST's training images are 47 million values).

    >>> _close(np.array([1.0, 2.0]), np.array([1.0000001, 3.0]))
    array([ True, False])
    """
    flat_got, flat_want = got.reshape(-1), want.reshape(-1)
    same = np.empty(flat_got.size, dtype=bool)
    for start in range(0, flat_got.size, CHUNK):
        part = slice(start, start + CHUNK)
        same[part] = np.isclose(flat_got[part].astype(float), flat_want[part].astype(float),
                                rtol=1e-5, atol=1e-6)
    return same.reshape(got.shape)


def compare(found, expected, where=None, path=()):
    """``None`` when ``found`` matches ``expected``, else a :class:`Problem` saying the first
    difference (``path``: where it is, as data: the items and keys leading to it)."""
    where = where or _("the result")
    path = list(path)
    if isinstance(expected, (tuple, list)) and not all(np.isscalar(item) for item in expected):
        if not isinstance(found, (tuple, list)) or len(found) != len(expected):
            return Problem(_("{where}: expected {expected}, found {found}").format(
                where=where, expected=describe(expected), found=describe(found)),
                "values.form", item=path, expected=kind_of(expected), found=kind_of(found))
        for position, (item, want) in enumerate(zip(found, expected)):
            problem = compare(item, want, _("item {position} of {where}").format(
                position=position, where=where), path + [position])
            if problem:
                return problem
        return None
    if isinstance(expected, dict):
        if not isinstance(found, dict) or sorted(map(str, found)) != sorted(map(str, expected)):
            return Problem(_("{where}: expected a dict with keys {expected}, found {found}").format(
                where=where, expected=sorted(map(str, expected)),
                found=sorted(map(str, found)) if isinstance(found, dict) else describe(found)),
                "values.keys", item=path, expected=sorted(map(str, expected)),
                found=sorted(map(str, found)) if isinstance(found, dict) else kind_of(found))
        for key, want in expected.items():
            problem = compare(found[key], want, f"{where}[{key!r}]", path + [str(key)])
            if problem:
                return problem
        return None
    if isinstance(expected, pd.DataFrame) and isinstance(found, pd.DataFrame):
        if list(found.columns) != list(expected.columns):
            return Problem(_("{where}: expected columns {expected}, found {found}").format(
                where=where, expected=list(expected.columns), found=list(found.columns)),
                "values.columns", item=path, expected=list(map(str, expected.columns)),
                found=list(map(str, found.columns)))
    want, got = as_array(expected), as_array(found)
    if want is None or got is None:
        return None if _equal(found, expected) else Problem(_(
            "{where}: expected {expected}, found {found}").format(
                where=where, expected=describe(expected), found=describe(found)),
            "values.form", item=path, expected=kind_of(expected), found=kind_of(found))
    if want.dtype.kind in NUMBERS and got.dtype.kind not in NUMBERS:
        return Problem(_("{where}: expected numbers, found {found}").format(
            where=where, found=describe(found)), "values.not_numbers", item=path,
            found=kind_of(found))
    if got.shape != want.shape:
        return Problem(_("{where}: expected {expected}, found {found}").format(
            where=where, expected=describe(expected), found=describe(found)),
            "values.shape", item=path, expected=list(want.shape), found=list(got.shape))
    if want.dtype.kind in "biuf" and got.dtype.kind in "biuf":
        if np.array_equal(got, want):
            return None
        same = _close(got, want)
    else:  # element by element as Python objects: no fixed-width copies of long texts
        same = np.asarray(got.astype(object) == want.astype(object), dtype=bool)
    if not same.all():
        wrong = np.argwhere(~same)
        first = tuple(int(i) for i in wrong[0])
        return Problem(_("{where}: {count} of {total} values differ from the expected ones; the "
                         "first at position {position}: expected {expected!r}, found "
                         "{found!r}").format(
            where=where, count=len(wrong), total=same.size, position=first,
            expected=_plain(want[first]), found=_plain(got[first])), "values.differ", item=path)
    return None


def kind_of(value):
    """What a value is, as data for grouping mistakes: its type, and its shape or length.

    >>> kind_of(np.zeros((2, 3))), kind_of([1, 2]), kind_of(None)
    ('ndarray(2, 3)', 'list(2)', 'NoneType')
    """
    array = value if isinstance(value, np.ndarray) else None
    if array is not None:
        return f"ndarray{tuple(array.shape)}".replace(",)", ")")
    if isinstance(value, (tuple, list, dict, pd.DataFrame, pd.Series)):
        return f"{type(value).__name__}({len(value)})"
    return type(value).__name__


def _equal(found, expected):
    """``found == expected`` as one answer, for any two values (never an error)."""
    if type(found) is not type(expected) and not (_numbers([found]) and _numbers([expected])):
        return False
    try:
        return bool(found == expected)
    except Exception:  # an ambiguous or failing comparison is no match
        return False


def _plain(item):
    """A numpy scalar as the Python number it holds (``2``, not ``np.int64(2)``)."""
    return item.item() if isinstance(item, np.generic) else item


def arrays_in(value):
    """Every array-like inside ``value`` (tuples and lists are looked into)."""
    if isinstance(value, (tuple, list)) and not all(np.isscalar(item) for item in value):
        return [array for item in value for array in arrays_in(item)]
    array = as_array(value)
    return [array] if array is not None and array.dtype.kind in "biuf" and array.size else []


@register("same_as_reference")
def check_same_as_reference(ctx):
    """The step returned what the reference solution returns for the same inputs.

    With ``expect = { value_range = [low, high] }`` numbers outside that range are named first
    (e.g. pixels still 0-255 where 0-1 was asked); with ``expect = { item = 0 }`` only that item
    of a tuple counts (the rest is the student's own business, e.g. a cache); with
    ``expect = { squeeze = true }`` the values may come as a row or a column (class numbers as a
    (1, m) row, as the course writes them).
    """
    if "item" in ctx.step.expect:
        return _same_item(ctx, ctx.step.expect["item"])
    if ctx.step.expect.get("squeeze"):  # a row (1, m) or a column (m, 1) of the m values counts
        ctx.value = _squeezed_like(ctx.value, ctx.reference)
    low, high = ctx.step.expect.get("value_range", (None, None))
    for array in arrays_in(ctx.value) if low is not None else []:
        if array.min() < low or array.max() > high:
            return fail(_("the values go from {low_found:g} to {high_found:g}; expected them "
                          "between {low:g} and {high:g}").format(
                            low_found=array.min(), high_found=array.max(), low=low, high=high),
                        expected=_("values in [{low:g}, {high:g}]").format(low=low, high=high),
                        found=_("values in [{low:g}, {high:g}]").format(low=array.min(),
                                                                         high=array.max()),
                        hint=ctx.step.hint, code="values.range",
                        params={"expected": [low, high], "found": [
                            round(float(array.min()), 3), round(float(array.max()), 3)]})
    problem = compare(ctx.value, ctx.reference)
    if problem:
        return fail(problem, expected=describe(ctx.reference), found=describe(ctx.value),
                    hint=ctx.step.hint)
    return PASS


def _squeezed_like(value, reference):
    """``value`` reshaped as ``reference`` when the two differ only by axes of length 1."""
    got, want = as_array(value), as_array(reference)
    if got is None or want is None or got.shape == want.shape:
        return value
    if [n for n in got.shape if n != 1] == [n for n in want.shape if n != 1]:
        return got.reshape(want.shape)
    return value


def _same_item(ctx, item):
    value, reference = ctx.value, ctx.reference[item]
    if not isinstance(value, (tuple, list)) or len(value) <= item:
        return fail(_("expected a tuple whose item {item} is {expected}, found {found}").format(
                        item=item, expected=describe(reference), found=describe(value)),
                    expected=describe(ctx.reference), found=describe(value), hint=ctx.step.hint,
                    code="values.form", params={"item": [item], "found": kind_of(value)})
    problem = compare(value[item], reference, _("item {position} of {where}").format(
        position=item, where=_("the result")), [item])
    if problem:
        return fail(problem, expected=describe(reference), found=describe(value[item]),
                    hint=ctx.step.hint)
    return PASS


def predicted_classes(model_path, x):
    """Class numbers the saved model predicts for ``x``, computed here, not in the student's process."""
    from ..evaluation import predict

    return predict(model_path, x)


@register("predictions")
def check_predictions(ctx):
    """The step returned the class with the highest probability, for every input: as class
    numbers, or as names when the spec's ``expect`` gives ``class_names``."""
    model_path, x = ctx.args[0], ctx.args[1]
    if ctx.step.expect.get("output") == "probabilities":
        return _check_probabilities(ctx, model_path, x)
    if ctx.step.expect.get("output") == "values":
        return _check_values(ctx, model_path, x)
    expected = predicted_classes(model_path, x)
    names = ctx.step.expect.get("class_names")
    if names:
        expected = np.asarray([names[i] for i in expected])
    got = as_array(ctx.value)
    if got is None:
        return fail(_("expected class numbers, found {found}").format(found=describe(ctx.value)),
                    expected=describe(expected), found=describe(ctx.value), hint=ctx.step.hint,
                    code="predictions.form", params={"found": kind_of(ctx.value)})
    if got.ndim == 2 and got.shape[0] == len(expected):
        return fail(_("found probabilities of shape {shape}, not class numbers").format(
                        shape=got.shape),
                    expected=describe(expected), found=describe(got),
                    hint=_("Turn probabilities into classes with np.argmax(probabilities, "
                           "axis=1)."), code="predictions.probabilities")
    problem = compare(got, expected, _("the predicted classes"))
    problem = problem and Problem(problem, "predictions." + problem.mistake["code"].split(".")[1],
                                  **problem.mistake["params"])
    if problem:
        return fail(problem, expected=describe(expected), found=describe(got), hint=ctx.step.hint)
    return PASS


def _check_probabilities(ctx, model_path, x):
    from ..evaluation import probabilities

    expected = probabilities(model_path, x)
    got = as_array(ctx.value)
    if got is None or got.dtype.kind not in "biuf":
        return fail(_("expected one probability per text, found {found}").format(
                        found=describe(ctx.value)),
                    expected=describe(expected), found=describe(ctx.value), hint=ctx.step.hint,
                    code="predictions.form", params={"found": kind_of(ctx.value)})
    got = got.reshape(len(got), -1)[:, -1] if got.ndim == 2 and len(got) == len(expected) else got
    if got.shape != expected.shape or not np.allclose(got, expected, atol=1e-4):
        return fail(_("the probabilities differ from what the model gives for these texts"),
                    expected=np.array2string(expected, precision=3),
                    found=np.array2string(got, precision=3), hint=ctx.step.hint,
                    code="predictions.differ")
    return PASS


def _check_values(ctx, model_path, x):
    """A regression model's predictions: one number per row, as the saved model gives them."""
    from ..evaluation import outputs

    expected = outputs(model_path, x).reshape(len(x), -1)[:, 0]
    got = as_array(ctx.value)
    if got is None or got.dtype.kind not in "biuf":
        return fail(_("expected one predicted number per row, found {found}").format(
                        found=describe(ctx.value)),
                    expected=describe(expected), found=describe(ctx.value), hint=ctx.step.hint,
                    code="predictions.form", params={"found": kind_of(ctx.value)})
    if got.ndim == 2 and got.shape == (len(expected), 1):
        got = got[:, 0]
    if got.shape != expected.shape:
        return fail(_("expected one predicted number per row, found {found}").format(
                        found=describe(got)),
                    expected=describe(expected), found=describe(got),
                    hint=_("model.predict(X_test) gives shape (rows, 1); .ravel() makes it one "
                           "number per row."), code="predictions.shape",
                    params={"expected": list(expected.shape), "found": list(got.shape)})
    if not np.allclose(got, expected, rtol=1e-4, atol=1e-3):
        return fail(_("the predictions differ from what the model gives for these rows"),
                    expected=np.array2string(expected[:6], precision=2),
                    found=np.array2string(got[:6], precision=2), hint=ctx.step.hint,
                    code="predictions.differ")
    return PASS


@register("summary")
def check_summary(ctx):
    """The step returned (accuracy, confusion matrix) for the labels and predictions it was given."""
    from sklearn.metrics import accuracy_score, confusion_matrix

    y_true, y_pred = (as_array(arg) for arg in ctx.args[:2])
    if y_true.ndim == 2:
        y_true = y_true.argmax(axis=1)
    classes = np.arange(int(ctx.step.expect.get("classes", max(y_true.max(), y_pred.max()) + 1)))
    expected = (float(accuracy_score(y_true, y_pred)),
                confusion_matrix(y_true, y_pred, labels=classes))
    problem = compare(ctx.value, expected, _("(accuracy, confusion matrix)"))
    if problem:
        return fail(problem, expected=_("accuracy {accuracy:.4f} and the confusion "
                                        "matrix").format(accuracy=expected[0])
                    + f"\n{expected[1]}", found=describe(ctx.value), hint=ctx.step.hint)
    return PASS


@register("evaluation")
def check_evaluation(ctx):
    """The step returned the model's accuracy on the data it was given (as ``model.evaluate``
    would: the accuracy alone, or ``[loss, accuracy]``)."""
    from ..evaluation import labels

    from ..evaluation import output_labels

    model_path, x, y = ctx.args[:3]
    correct = output_labels(model_path, x, ctx.spec.label_maps) == labels(y)
    expected = float(correct.mean())
    value = ctx.value
    if isinstance(value, (list, tuple)) and len(value) == 2:
        value = value[1]
    try:
        found = float(value)
    except (TypeError, ValueError):
        return fail(_("expected the test accuracy (a number), found {found}").format(
                        found=describe(ctx.value)),
                    expected=f"{expected:.4f}", found=describe(ctx.value), hint=ctx.step.hint,
                    code="evaluation.form", params={"found": kind_of(ctx.value)})
    if abs(found - expected) > ctx.step.expect.get("tolerance", 0.002):
        return fail(_("the accuracy returned, {found:.4f}, is not the model's accuracy on the "
                      "test set ({expected:.4f}, measured by the grader)").format(
                        found=found, expected=expected), expected=f"{expected:.4f}",
                    found=f"{found:.4f}", hint=ctx.step.hint, code="evaluation.not_measured")
    return PASS


@register("choice")
def check_choice(ctx):
    """The step returned one of the values the spec accepts (``expect = { accepted = [...] }``)."""
    accepted = ctx.step.expect["accepted"]
    if ctx.value in accepted:
        note = ctx.step.expect.get("notes", {}).get(str(ctx.value))
        return Finding(True, notes=[note] if note else [])
    return fail(_("expected {expected}, found {found}").format(
                    expected=_(" or ").join(map(repr, accepted)), found=describe(ctx.value)),
                expected=_(" or ").join(map(repr, accepted)), found=describe(ctx.value),
                hint=ctx.step.hint, code="choice.wrong", params={
                    "found": ctx.value if isinstance(ctx.value, (str, int, float, bool)) else
                    kind_of(ctx.value)})
