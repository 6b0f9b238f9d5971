"""Checks for experiments a student runs and reports: measured curves against the reference's
(with a tolerance from the reference's own seed-to-seed spread), answers judged on the student's
own numbers, and the regularizers really in the models.

An experiment step returns ``(curves, answers, interpretation)``: ``curves`` maps each setting
to a number per epoch, ``answers`` maps each question to a setting (or holds counts, or models),
``interpretation`` is a few words of the student's own.

Example:
>>> pick({"a": [3, 1], "b": [3, 2]}, "lowest_last", ["a", "b"])
['a']
"""

import math

import numpy as np

from messages import _

from ..keras_files import SavedModel
from ..portable import ModelFile
from . import PASS, Finding, Problem, fail, register
from .values import describe, kind_of

MIN_WORDS = 5  # an interpretation is checked only for being there: a sentence, not a word


def pick(curves, rule, among):
    """The settings ``rule`` names from ``curves`` (several when tied)."""
    finals = {name: curves[name][-1] for name in among}
    if rule in ("lowest_last", "highest_last"):
        best = (min if rule == "lowest_last" else max)(finals.values())
        return [name for name, value in finals.items() if math.isclose(value, best, rel_tol=1e-9)]
    raise ValueError(f"unknown rule {rule!r}")


def regularizer_problems(model_path, wanted):
    """Sentences (:class:`Problem`) for what ``wanted`` (``{"l2": 0.001}``, ``{"l1": 0.001}`` or
    ``{"dropout": 0.5}``) finds missing from the saved model."""
    layers = SavedModel(model_path).layers
    for kind in ("l1", "l2"):  # keras.regularizers.L1, L2 or L1L2 all count
        if kind not in wanted:
            continue
        factors = [((layer.config.get("kernel_regularizer") or {}).get("config") or {}).get(kind)
                   for layer in layers if layer.type == "Dense"]
        if not any(factor and math.isclose(factor, wanted[kind], rel_tol=1e-6)
                   for factor in factors):
            return [Problem(_("no Dense layer has kernel_regularizer=keras.regularizers.{kind}("
                              "{factor:g}) (found: {found})").format(
                                kind=kind.upper(), factor=wanted[kind],
                                found=", ".join(f"{kind.upper()}({f:g})" for f in factors if f)
                                or _("none")),
                            "experiments.regularizer", regularizer=kind.upper(),
                            expected=wanted[kind], found=[f for f in factors if f])]
    if "dropout" in wanted:
        rates = [layer.config.get("rate") for layer in layers if layer.type == "Dropout"]
        if not any(rate and math.isclose(rate, wanted["dropout"], rel_tol=1e-6) for rate in rates):
            return [Problem(_("no Dropout({rate:g}) layer (found: {found})").format(
                rate=wanted["dropout"], found=", ".join(f"Dropout({r:g})" for r in rates)
                or _("none")), "experiments.dropout", expected=wanted["dropout"], found=rates)]
    return []


@register("regularizers")
def check_regularizers(ctx):
    """The model the step built has the regularization the spec's ``expect`` asks for:
    ``{ l2 = 0.001 }`` or ``{ l1 = 0.001 }`` (a kernel regularizer) or ``{ dropout = 0.5 }`` (a
    Dropout layer)."""
    if ctx.model_path is None:
        return fail(_("expected a Keras model, found {found}").format(found=describe(ctx.value)),
                    expected=_("a Keras model"), found=describe(ctx.value), hint=ctx.step.hint,
                    code="experiments.no_model", params={"found": kind_of(ctx.value)})
    problems = regularizer_problems(ctx.model_path, ctx.step.expect)
    if problems:
        return fail(problems[0], expected=ctx.step.hint, found=", ".join(
            layer.describe() for layer in SavedModel(ctx.model_path).layers), hint=ctx.step.hint)
    return PASS


@register("experiment")
def check_experiment(ctx):
    """An experiment, as the module says. ``expect``: ``labels`` and ``epochs`` (the curves),
    ``tolerance`` (how far each curve's last value may be from the reference's, as
    ``|log(yours / reference)|``, measured over seeds: see the spec), ``questions``
    (``{ name = { rule = "lowest_last", among = [...] } }``, or ``rule = "remaining"``: the one of
    ``among`` the other answers leave), ``exact`` (answers that must equal the reference's) and
    ``models`` (``{ label = { l2 = 0.001 } }``: the model behind that curve has that
    regularizer)."""
    expect, hint = ctx.step.expect, ctx.step.hint
    if not isinstance(ctx.value, (tuple, list)) or len(ctx.value) != 3:
        return fail(_("expected (curves, answers, interpretation), found {found}").format(
                        found=describe(ctx.value)),
                    expected=_("a tuple of 3"), found=describe(ctx.value), hint=hint,
                    code="experiments.form", params={"found": kind_of(ctx.value)})
    curves, answers, interpretation = ctx.value
    labels = expect["labels"]
    if not isinstance(curves, dict) or sorted(map(str, curves)) != sorted(labels):
        return fail(_("expected one curve for each of {labels}, found {found}").format(
                        labels=", ".join(labels), found=describe(curves)),
                    expected=", ".join(labels), found=describe(curves), hint=hint,
                    code="experiments.curve_labels", params={
                        "expected": sorted(labels), "found": sorted(map(str, curves))
                        if isinstance(curves, dict) else kind_of(curves)})
    reference = ctx.reference[0] if ctx.reference else {}
    measured = {}  # label -> the curve as floats
    for label in labels:
        curve = np.asarray(curves[label], dtype=float).ravel() if isinstance(
            curves[label], (list, tuple, np.ndarray)) else None
        if curve is None or len(curve) != expect["epochs"]:
            return fail(_("{label}: expected a curve of {epochs} numbers (one per epoch), found "
                          "{found}").format(label=label, epochs=expect["epochs"],
                                            found=describe(curves[label])),
                        expected=_("{epochs} numbers").format(epochs=expect["epochs"]),
                        found=describe(curves[label]), hint=hint, code="experiments.curve_form",
                        params={"label": label, "expected": expect["epochs"],
                                "found": kind_of(curves[label])})
        want = reference.get(label, [None])[-1]
        tolerance = expect["tolerance"][label]
        if want is not None and not _close(curve[-1], want, tolerance):
            return fail(_("{label}: your curve ends at {found:.4g}, the reference's at "
                          "{expected:.4g}; runs with other seeds stay within a factor of "
                          "{factor:.2f} of it").format(label=label, found=curve[-1],
                                                       expected=want,
                                                       factor=math.exp(tolerance)),
                        expected=f"{want:.4g}", found=f"{curve[-1]:.4g}", hint=hint,
                        code="experiments.curve_end", params={
                            "label": label, "direction": "not_finite" if not np.isfinite(
                                curve[-1]) else "higher" if curve[-1] > want else "lower"})
        measured[label] = list(curve)
    if not isinstance(answers, dict):
        return fail(_("expected the answers as a dict, found {found}").format(
                        found=describe(answers)),
                    expected=", ".join(expect.get("questions", {})), found=describe(answers),
                    hint=hint, code="experiments.answers_form", params={"found": kind_of(answers)})
    finding = _answers_problem(ctx, measured, answers)
    if finding is not None:
        return finding
    if not isinstance(interpretation, str) or len(interpretation.split()) < MIN_WORDS:
        return fail(_("write a sentence or two on what the curves show (the third item)"),
                    expected=_("at least {count} words").format(count=MIN_WORDS),
                    found=describe(interpretation), hint=hint, code="experiments.interpretation",
                    params={"found": kind_of(interpretation)})
    return Finding(True)


def _close(found, expected, tolerance):
    if not (np.isfinite(found) and np.isfinite(expected)) or found <= 0 or expected <= 0:
        return bool(np.isclose(found, expected, equal_nan=True))
    return abs(math.log(found / expected)) <= tolerance


def _answers_problem(ctx, curves, answers):
    expect, hint = ctx.step.expect, ctx.step.hint
    questions = expect.get("questions", {})
    for question in [*questions, *expect.get("exact", []), *(["models"] if "models" in expect
                                                              else [])]:
        if question not in answers:
            return fail(_("no answer to {question!r}").format(question=question),
                        expected=", ".join(questions), found=describe(answers), hint=hint,
                        code="experiments.no_answer", params={"question": question})
    for question, rule in questions.items():
        if rule["rule"] == "remaining":
            continue
        right = pick(curves, rule["rule"], rule["among"])
        if str(answers[question]) not in right:
            return fail(_("{question}: your own curves say {right}, not {answer!r}").format(
                            question=question, right=_(" or ").join(map(repr, right)),
                            answer=answers[question]),
                        expected=_(" or ").join(map(repr, right)), found=repr(answers[question]),
                        hint=_("Read the answer from your curves: compare their last values "
                               "among {among}.").format(among=", ".join(rule["among"])),
                        code="experiments.answer", params={
                            "question": question, "rule": rule["rule"], "expected": right,
                            "found": _answer(answers[question])})
    for question, rule in questions.items():
        if rule["rule"] == "remaining":
            taken = [str(answers[other]) for other, its in questions.items()
                     if other != question and its["among"] == rule["among"]]
            left = [name for name in rule["among"] if name not in taken]
            if [str(answers[question])] != left:
                return fail(_("{question}: your own curves say {right}, not {answer!r}").format(
                                question=question, right=_(" or ").join(map(repr, left)),
                                answer=answers[question]),
                            expected=_(" or ").join(map(repr, left)),
                            found=repr(answers[question]), hint=hint,
                            code="experiments.answer", params={
                                "question": question, "rule": rule["rule"], "expected": left,
                                "found": _answer(answers[question])})
    reference = ctx.reference[1] if ctx.reference else {}
    for question in expect.get("exact", []):
        if answers[question] != reference.get(question):
            return fail(_("{question}: expected {expected}, found {found}").format(
                            question=question, expected=reference.get(question),
                            found=answers[question]),
                        expected=str(reference.get(question)), found=str(answers[question]),
                        hint=hint, code="experiments.exact_answer", params={
                            "question": question, "expected": _answer(reference.get(question)),
                            "found": _answer(answers[question])})
    models = answers.get("models") if "models" in expect else {}
    for label, wanted in expect.get("models", {}).items():
        model = models.get(label) if isinstance(models, dict) else None
        if not isinstance(model, ModelFile):
            return fail(_("answers['models'][{label!r}] should be the Keras model behind that "
                          "curve, found {found}").format(label=label, found=describe(model)),
                        expected=_("a Keras model"), found=describe(model), hint=hint,
                        code="experiments.no_model", params={"label": label,
                                                             "found": kind_of(model)})
        problems = regularizer_problems(model.path, wanted)
        if problems:
            return fail(_("the {label!r} model: {problem}").format(label=label,
                                                                   problem=problems[0]),
                        expected=", ".join(f"{key}={value}" for key, value in wanted.items()),
                        found=problems[0], hint=hint, code=problems[0].mistake["code"],
                        params={"label": label, **problems[0].mistake["params"]})
    return None


def _answer(value):
    """An answer as data for grouping mistakes: itself when a plain value (or a list of them),
    else its kind.

    >>> _answer("l2"), _answer([3, 1]), _answer({"a": 1})
    ('l2', [3, 1], 'dict(1)')
    """
    plain = (str, int, float, bool, type(None), np.generic)  # numpy numbers: their values
    if isinstance(value, plain) or (isinstance(value, (list, tuple))
                                    and all(isinstance(item, plain) for item in value)):
        return value
    return kind_of(value)
