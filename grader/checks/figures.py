"""Plots: the learning-curve figure a step returns, and the PNG it saves."""

import re

import numpy as np

from messages import N_, _

from ..portable import FigureRecord, HistoryRecord
from . import PASS, fail, register

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
CURVE_NAMES = {"loss": N_("training loss"), "val_loss": N_("validation loss"),
               "accuracy": N_("training accuracy"), "val_accuracy": N_("validation accuracy")}


def _curve(key):
    return _(CURVE_NAMES[key]) if key in CURVE_NAMES else key


@register("learning_curves")
def check_learning_curves(ctx):
    """The returned figure draws each curve of the History it was given (one point per epoch),
    and the PNG was written where asked."""
    history, png_name = ctx.args[0], ctx.args[1]
    assert isinstance(history, HistoryRecord), "the spec must pass a History first"
    wanted = [key for key in ctx.step.expect.get("curves", CURVE_NAMES) if key in history.history]
    if not isinstance(ctx.value, FigureRecord):
        return fail(_("the step did not return a matplotlib Figure"),
                    expected=_("a Figure (e.g. fig from fig, axes = plt.subplots(1, 2))"),
                    found=_kind(ctx.value), hint=_("End with `return fig`."),
                    code="figures.no_figure", params={"found": _kind_of(ctx.value)})
    lines = [np.asarray(line["y"]) for axes in ctx.value.axes for line in axes["lines"]]
    for key in wanted:
        curve = np.asarray(history.history[key])
        if not any(len(line) == len(curve) and np.allclose(line, curve, rtol=1e-5) for line in lines):
            return fail(_("the figure has no line showing the {curve} "
                          "(history.history['{key}'], {count} points, one per epoch)").format(
                            curve=_curve(key), key=key, count=len(curve)),
                        expected=", ".join(_("{curve} ({count} points)").format(
                            curve=_curve(k), count=len(history.history[k])) for k in wanted),
                        found=_("{count} lines with {points} points").format(
                            count=len(lines), points=", ".join(str(len(line)) for line in lines)),
                        hint=ctx.step.hint, code="figures.missing_curve",
                        params={"curve": key, "expected": len(curve)})
    path = ctx.workdir / png_name
    if not path.is_file() or path.stat().st_size == 0:
        return fail(_("the picture {file} was not saved").format(file=png_name),
                    expected=_("a PNG file {file}").format(file=png_name), found=_("no file"),
                    hint=_("Call fig.savefig(path) with the path you are given."),
                    code="figures.not_saved")
    if path.read_bytes()[:8] != PNG_SIGNATURE:
        return fail(_("{file} is not a PNG image").format(file=png_name),
                    hint=_("Save with fig.savefig(path) and a .png file name."),
                    code="figures.not_png")
    return PASS


def _kind(value):
    from .values import describe
    return describe(value)


def _kind_of(value):
    from .values import kind_of
    return kind_of(value)


@register("misclassified_grid")
def check_misclassified_grid(ctx):
    """The step returned ``(figure, indices)``: the indices are test images the model gets wrong,
    each drawn in its own axes titled with the true and the predicted label's name, and the PNG
    was saved. ``expect``: ``names`` (label -> name), ``at_least`` (images to show)."""
    from ..evaluation import labels, output_labels

    model_path, x, y, png_name = ctx.args[:4]
    value = ctx.value
    if not (isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], FigureRecord)):
        return fail(_("expected (figure, indices): the matplotlib Figure and the test indices "
                      "shown"), found=_kind(value), hint=ctx.step.hint,
                    code="figures.grid_form", params={"found": _kind_of(value)})
    figure, indices = value
    indices = [int(i) for i in np.asarray(indices).reshape(-1)]
    truth = labels(y)
    predicted = output_labels(model_path, x, ctx.spec.label_maps)
    wrong = np.flatnonzero(predicted != truth)
    wanted = min(ctx.step.expect.get("at_least", 6), len(wrong))
    if len(indices) < wanted:
        return fail(_("only {count} images shown; expected at least {wanted}").format(
                        count=len(indices), wanted=wanted), hint=ctx.step.hint,
                    code="figures.too_few_images",
                    params={"expected": wanted, "found": len(indices)})
    right = [i for i in indices if not 0 <= i < len(truth) or predicted[i] == truth[i]]
    if right:
        return fail(_("test image {index} is not misclassified by this model").format(
                        index=right[0]),
                    expected=_("indices of test images whose prediction is wrong"),
                    found=_("{count} of {total} indices are right or out of range").format(
                        count=len(right), total=len(indices)),
                    hint=ctx.step.hint, code="figures.not_misclassified",
                    params={"out_of_range": not 0 <= right[0] < len(truth)})
    panels = [axes for axes in figure.axes if axes["images"]]
    names = ctx.step.expect.get("names", {})
    for index, axes in zip(indices, panels):
        want = [names.get(str(truth[index]), str(truth[index])),
                names.get(str(predicted[index]), str(predicted[index]))]
        if not all(_names(name, axes["title"]) for name in want):
            return fail(_("the title of the image of test sample {index} should name the true "
                          "and the predicted label ({true} and {predicted})").format(
                            index=index, true=want[0], predicted=want[1]),
                        found=repr(axes["title"]), hint=ctx.step.hint, code="figures.title")
    if len(panels) < len(indices):
        return fail(_("{indices} indices but {images} images in the figure").format(
                        indices=len(indices), images=len(panels)),
                    hint=_("Draw each image with axes.imshow(...) in its own axes."),
                    code="figures.image_count",
                    params={"expected": len(indices), "found": len(panels)})
    path = ctx.workdir / png_name
    if not path.is_file() or path.read_bytes()[:8] != PNG_SIGNATURE:
        return fail(_("the picture {file} was not saved as a PNG").format(file=png_name),
                    hint="fig.savefig(path)", code="figures.not_saved")
    return PASS


def _names(name, title):
    """Whether ``title`` names ``name`` the way a reader would see it: as a word of its own, in
    any case ("true f, predicted i" names F and I)."""
    return re.search(rf"(?<![^\W_]){re.escape(name)}(?![^\W_])", title, re.IGNORECASE) is not None
