"""Plots: the learning-curve figure a step returns, and the PNG it saves."""

import numpy as np

from ..portable import FigureRecord, HistoryRecord
from . import PASS, fail, register

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
CURVE_NAMES = {"loss": "training loss", "val_loss": "validation loss",
               "accuracy": "training accuracy", "val_accuracy": "validation accuracy"}


@register("learning_curves")
def check_learning_curves(ctx):
    """The returned figure draws each curve of the History it was given (one point per epoch),
    and the PNG was written where asked."""
    history, png_name = ctx.args[0], ctx.args[1]
    assert isinstance(history, HistoryRecord), "the spec must pass a History first"
    wanted = [key for key in ctx.step.expect.get("curves", CURVE_NAMES) if key in history.history]
    if not isinstance(ctx.value, FigureRecord):
        return fail("the step did not return a matplotlib Figure",
                    expected="a Figure (e.g. fig from fig, axes = plt.subplots(1, 2))",
                    found=_kind(ctx.value), hint="End with `return fig`.")
    lines = [np.asarray(line["y"]) for axes in ctx.value.axes for line in axes["lines"]]
    for key in wanted:
        curve = np.asarray(history.history[key])
        if not any(len(line) == len(curve) and np.allclose(line, curve, rtol=1e-5) for line in lines):
            return fail(f"the figure has no line showing the {CURVE_NAMES.get(key, key)} "
                        f"(history.history['{key}'], {len(curve)} points, one per epoch)",
                        expected=", ".join(f"{CURVE_NAMES.get(k, k)} ({len(history.history[k])} "
                                           "points)" for k in wanted),
                        found=f"{len(lines)} lines with " + ", ".join(
                            str(len(line)) for line in lines) + " points", hint=ctx.step.hint)
    path = ctx.workdir / png_name
    if not path.is_file() or path.stat().st_size == 0:
        return fail(f"the picture {png_name} was not saved", expected=f"a PNG file {png_name}",
                    found="no file", hint=f"Call fig.savefig(path) with the path you are given.")
    if path.read_bytes()[:8] != PNG_SIGNATURE:
        return fail(f"{png_name} is not a PNG image", hint="Save with fig.savefig(path) and a "
                    ".png file name.")
    return PASS


def _kind(value):
    from .values import describe
    return describe(value)
