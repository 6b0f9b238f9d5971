"""The test accuracy (or, for a regression, the test error) of the student's trained model,
measured by the grader itself on the held-out test set: the one figure a student's code cannot
report for itself.

The context's ``model_path`` is the trained model; ``args`` are the test inputs and labels (the
reference's, or the student's own data where it holds the same rows in another scale); the
spec's ``[accuracy]`` table gives the threshold and the hint.
"""

import numpy as np

from messages import _

from ..evaluation import EvaluationError, labels, output_labels, outputs
from . import Finding, fail, register


def correct_count(model_path, x, y, label_maps=None):
    """How many of the examples ``x`` the saved model classifies as ``y`` says (labels, or
    one-hot rows). Raises :class:`EvaluationError` when the model cannot be run on ``x``."""
    return int((output_labels(model_path, x, label_maps or {}) == labels(y)).sum())


def mean_absolute_error(model_path, x, y):
    """The saved model's mean absolute error on ``x`` against the numbers ``y`` (its first
    output per row). Raises :class:`EvaluationError` when the model cannot be run on ``x``."""
    predicted = outputs(model_path, x).reshape(len(x), -1)[:, 0]
    return float(np.mean(np.abs(predicted - np.asarray(y, dtype=float).reshape(len(predicted)))))


@register("test_accuracy")
def check_test_accuracy(ctx):
    rule, (x, y) = ctx.spec.accuracy, ctx.args
    try:
        correct = correct_count(ctx.model_path, x, y, ctx.spec.label_maps)
    except EvaluationError as error:
        return fail(str(error), code="accuracy.cannot_evaluate")
    accuracy = correct / len(y)
    found = _("test accuracy {accuracy:.4f} ({correct} of {total} correct)").format(
        accuracy=accuracy, correct=correct, total=len(y))
    if accuracy >= rule["threshold"]:
        return Finding(True, message=found, found=found)
    return fail(_("test accuracy {accuracy:.4f} is below {threshold:.2f}").format(
        accuracy=accuracy, threshold=rule["threshold"]), found=found, hint=rule.get("hint", ""),
        code="accuracy.below_threshold", params={"threshold": rule["threshold"]})


@register("test_error")
def check_test_error(ctx):
    rule, (x, y) = ctx.spec.accuracy, ctx.args
    try:
        error = mean_absolute_error(ctx.model_path, x, y)
    except EvaluationError as error:
        return fail(str(error), code="accuracy.cannot_evaluate")
    found = _("test MAE {error:.2f} over {total} rows").format(error=error, total=len(x))
    if np.isfinite(error) and error <= rule["threshold"]:
        return Finding(True, message=found, found=found)
    return fail(_("test MAE {error:.2f} is above {threshold:.1f}").format(
        error=error, threshold=rule["threshold"]), found=found, hint=rule.get("hint", ""),
        code="accuracy.error_above_threshold", params={"threshold": rule["threshold"]})
