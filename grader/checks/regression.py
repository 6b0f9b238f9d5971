"""Checks for the regression exercise: scaling without leakage, reading learning curves."""

import numpy as np

from messages import _

from . import PASS, Finding, fail, register
from .values import as_array, compare, describe


def _scaled(fit_rows, rows):
    from sklearn.preprocessing import StandardScaler

    return StandardScaler().fit(fit_rows).transform(rows)


def _same(found, expected):
    return found is not None and found.shape == expected.shape and np.allclose(
        found.astype(float), expected, rtol=1e-5, atol=1e-6)


@register("standardization")
def check_standardization(ctx):
    """``(X_train, X_test)`` standardized with the mean and standard deviation of the training
    rows only. A scaler fitted on all rows (test rows included), or fitted again on the test rows,
    is caught and named: the test set then leaks into the preparation of the data."""
    X_train, X_test = (as_array(arg).astype(float) for arg in ctx.args[:2])
    if not isinstance(ctx.value, (tuple, list)) or len(ctx.value) != 2:
        return fail(_("expected (X_train_scaled, X_test_scaled), found {found}").format(
                        found=describe(ctx.value)),
                    expected=_("a tuple of 2 arrays"), found=describe(ctx.value),
                    hint=ctx.step.hint)
    train, test = (as_array(item) for item in ctx.value)
    expected = (_scaled(X_train, X_train), _scaled(X_train, X_test))
    if _same(train, expected[0]) and _same(test, expected[1]):
        return PASS
    every_row = np.vstack([X_train, X_test])
    leaks = {
        _("the scaler was fitted on all rows, the test rows too: the test set leaked into the "
          "scaling (data leakage)"): (_scaled(every_row, X_train), _scaled(every_row, X_test)),
        _("the test rows were scaled with their own mean and standard deviation (a second "
          "fit_transform on X_test): both sets must be scaled with the training rows' "
          "statistics"): (expected[0], _scaled(X_test, X_test)),
    }
    for problem, (leaky_train, leaky_test) in leaks.items():
        if _same(train, leaky_train) and _same(test, leaky_test):
            return fail(problem, expected=_("StandardScaler().fit(X_train), then transform of "
                                            "X_train and X_test"),
                        found=problem.split(":")[0], hint=ctx.step.hint)
    problem = compare(tuple(ctx.value), expected)
    return fail(problem or _("the scaled values differ from the expected ones"),
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
                    hint=ctx.step.hint)
    for label, right in sorted(answers.items()):
        answer = ctx.value[label]
        if not isinstance(answer, (tuple, list)) or len(answer) != 2:
            return fail(_("curve {label}: expected (diagnosis, remedy), found {found}").format(
                            label=label, found=describe(answer)),
                        expected=_("a tuple of 2 strings"), found=describe(answer),
                        hint=ctx.step.hint)
        diagnosis, remedy = (str(item).strip().lower() for item in answer)
        if diagnosis != right:
            return fail(_("curve {label} is not {diagnosis}").format(label=label,
                                                                     diagnosis=diagnosis),
                        expected=_("what curve {label} shows: one of {choices}").format(
                            label=label, choices=", ".join(sorted(remedies))),
                        found=diagnosis, hint=ctx.step.hint)
        if remedy not in remedies[right]:
            return fail(_("curve {label}: {remedy!r} does not help a curve that is "
                          "{diagnosis}").format(label=label, remedy=remedy, diagnosis=right),
                        expected=_(" or ").join(map(repr, remedies[right])), found=repr(remedy),
                        hint=ctx.step.hint)
    return Finding(True)
