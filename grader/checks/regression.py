"""Checks for the regression exercise: scaling without leakage, reading learning curves."""

import numpy as np

from messages import _

from . import Finding, Problem, fail, register
from .values import as_array, compare, describe, kind_of


def _scaled(fit_rows, rows, ddof=0):
    """``rows`` standardized with ``fit_rows``' mean and standard deviation: ``ddof=0`` as
    StandardScaler does, ``ddof=1`` (the sample standard deviation) as pandas' ``std()`` does."""
    with np.errstate(all="ignore"):
        return (rows - fit_rows.mean(axis=0)) / fit_rows.std(axis=0, ddof=ddof)


def _same(found, expected):
    if found is None or found.shape != expected.shape or found.dtype.kind not in "biuf":
        return False
    with np.errstate(all="ignore"):
        return bool(np.allclose(found.astype(float), expected, rtol=1e-5, atol=1e-6))


@register("standardization")
def check_standardization(ctx):
    """``(X_train, X_test)`` standardized with the mean and standard deviation of the training
    rows only. A scaler fitted on all rows (test rows included), or fitted again on the test rows,
    is caught and named: the test set then leaks into the preparation of the data. Dividing by
    the sample standard deviation (``ddof=1``, pandas' ``std()``) is a standardization too."""
    X_train, X_test = (as_array(arg).astype(float) for arg in ctx.args[:2])
    if not isinstance(ctx.value, (tuple, list)) or len(ctx.value) != 2:
        return fail(_("expected (X_train_scaled, X_test_scaled), found {found}").format(
                        found=describe(ctx.value)),
                    expected=_("a tuple of 2 arrays"), found=describe(ctx.value),
                    hint=ctx.step.hint, code="standardization.form",
                    params={"found": kind_of(ctx.value)})
    train, test = (as_array(item) for item in ctx.value)
    expected = (_scaled(X_train, X_train), _scaled(X_train, X_test))
    for ddof in (0, 1):
        if _same(train, _scaled(X_train, X_train, ddof)) and _same(test, _scaled(X_train, X_test,
                                                                                 ddof)):
            return Finding(True, notes=[_(
                "You divided by the sample standard deviation (ddof=1, as pandas' std() does); "
                "StandardScaler divides by the population one (ddof=0). Both are standardization: "
                "the values differ by a factor of sqrt((n - 1) / n), {factor:.5f} here."
                ).format(factor=np.sqrt((len(X_train) - 1) / len(X_train)))] if ddof else [])
    every_row = np.vstack([X_train, X_test])
    for ddof in (0, 1):
        leaks = {  # (code, what went wrong): the values it gives
            ("standardization.fitted_on_all_rows", _(
                "the scaler was fitted on all rows, the test rows too: the test set leaked into "
                "the scaling (data leakage)")): (_scaled(every_row, X_train, ddof),
                                                 _scaled(every_row, X_test, ddof)),
            ("standardization.test_rows_own_statistics", _(
                "the test rows were scaled with their own mean and standard deviation (a second "
                "fit_transform on X_test): both sets must be scaled with the training rows' "
                "statistics")): (_scaled(X_train, X_train, ddof), _scaled(X_test, X_test, ddof)),
        }
        for (code, problem), (leaky_train, leaky_test) in leaks.items():
            if _same(train, leaky_train) and _same(test, leaky_test):
                return fail(problem, expected=_("StandardScaler().fit(X_train), then transform "
                                                "of X_train and X_test"),
                            found=problem.split(":")[0], hint=ctx.step.hint, code=code)
    problem = compare(tuple(ctx.value), expected)
    return fail(problem or Problem(_("the scaled values differ from the expected ones"),
                                   "standardization.differ"),
                expected=describe(expected), found=describe(ctx.value), hint=ctx.step.hint)


@register("curve_reading")
def check_curve_reading(ctx):
    """Each learning curve named as what it shows (``expect.answers``), with a remedy the study
    notes give for it (``expect.remedies``). The answers agree with the grader's own reading of
    each curve (:func:`grader.checks.curves.read_curves`; tested)."""
    expect = ctx.step.expect
    answers, remedies = expect["answers"], expect["remedies"]
    if not isinstance(ctx.value, dict) or sorted(map(str, ctx.value)) != sorted(answers):
        return fail(_("expected a dict with one answer per curve {labels}, found {found}").format(
                        labels=sorted(answers), found=describe(ctx.value)),
                    expected=_("{{'A': (diagnosis, remedy), ...}}"), found=describe(ctx.value),
                    hint=ctx.step.hint, code="curve_reading.form",
                    params={"found": kind_of(ctx.value)})
    for label, right in sorted(answers.items()):
        answer = ctx.value[label]
        if not isinstance(answer, (tuple, list)) or len(answer) != 2:
            return fail(_("curve {label}: expected (diagnosis, remedy), found {found}").format(
                            label=label, found=describe(answer)),
                        expected=_("a tuple of 2 strings"), found=describe(answer),
                        hint=ctx.step.hint, code="curve_reading.form",
                        params={"curve": label, "found": kind_of(answer)})
        diagnosis, remedy = (str(item).strip().lower() for item in answer)
        if diagnosis != right:
            return fail(_("curve {label} is not {diagnosis}").format(label=label,
                                                                     diagnosis=diagnosis),
                        expected=_("what curve {label} shows: one of {choices}").format(
                            label=label, choices=", ".join(sorted(remedies))),
                        found=diagnosis, hint=ctx.step.hint, code="curve_reading.diagnosis",
                        params={"curve": label, "expected": right, "found": diagnosis})
        if remedy not in remedies[right]:
            return fail(_("curve {label}: {remedy!r} does not help a curve that is "
                          "{diagnosis}").format(label=label, remedy=remedy, diagnosis=right),
                        expected=_(" or ").join(map(repr, remedies[right])), found=repr(remedy),
                        hint=ctx.step.hint, code="curve_reading.remedy",
                        params={"curve": label, "diagnosis": right, "found": remedy})
    return Finding(True)
