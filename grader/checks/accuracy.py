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


@register("test_accuracy")
def check_test_accuracy(ctx):
    rule, (x, y) = ctx.spec.accuracy, ctx.args
    y = labels(y)
    try:
        correct = int((output_labels(ctx.model_path, x, ctx.spec.label_maps) == y).sum())
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
        predicted = outputs(ctx.model_path, x).reshape(len(x), -1)[:, 0]
    except EvaluationError as error:
        return fail(str(error), code="accuracy.cannot_evaluate")
    error = float(np.mean(np.abs(predicted - np.asarray(y, dtype=float).reshape(len(predicted)))))
    found = _("test MAE {error:.2f} over {total} rows").format(error=error, total=len(predicted))
    if np.isfinite(error) and error <= rule["threshold"]:
        return Finding(True, message=found, found=found)
    return fail(_("test MAE {error:.2f} is above {threshold:.1f}").format(
        error=error, threshold=rule["threshold"]), found=found, hint=rule.get("hint", ""),
        code="accuracy.error_above_threshold", params={"threshold": rule["threshold"]})
