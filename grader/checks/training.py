"""How the model was trained: the optimizer's step count in the saved model, and how ``fit`` was
called (observed in the student's process: validation data, callbacks).

The step count is ``epochs x batches per epoch``, so it shows what the student's ``fit`` really
ran, whatever the student's History object says.
"""

import math
from pathlib import Path

import numpy as np

from messages import _

from ..portable import HistoryRecord
from ..rows import row_keys
from . import Finding, Problem, fail, register
from .curves import read_curves

TEST_ROWS_ALLOWED = 0.01  # of the test set, before it counts as "trained on the test set"


@register("training")
def check_training(ctx):
    """The model was trained as the spec's ``expect`` says.

    ``expect`` may give ``epochs`` and ``batch_size`` (an exact step count), ``validation = true``
    (held-out validation data in ``fit``) and ``callbacks`` (e.g. EarlyStopping with settings).
    """
    expect = ctx.step.expect
    if ctx.model is None:
        return fail(_("no trained Keras model came out of this step"), found=_("nothing"),
                    hint=ctx.step.hint, code="training.no_model")
    steps = ctx.model.optimizer_iterations or 0
    history = ctx.value if isinstance(ctx.value, HistoryRecord) else None
    notes = read_curves(history.history) if history and expect.get("read_curves") else []
    if steps == 0:
        return fail(_("the model was not trained: its optimizer made no weight update"),
                    hint=_("Call model.fit(...) inside this step and return what it gives back."),
                    code="training.not_trained")
    calls = ctx.record.fit_calls
    finding = _data_problem(ctx, calls) or _weights_problem(ctx)
    if finding is None and "epochs" in expect:
        finding = _step_count(ctx, steps, history)
    if finding is None and ("validation" in expect or "callbacks" in expect):
        finding = _fit_settings(ctx, graded_calls(calls), history)
    finding = finding or Finding(True)
    finding.notes = notes
    return finding


def graded_calls(calls):
    """The ``fit`` calls on the model the step is graded on (not on clones or other models)."""
    return [call for call in calls if call.get("model") != "other"]


def _weights_problem(ctx):
    """The trained model's weights must come from its own ``fit``: weights put in afterwards
    (``set_weights`` from a model trained elsewhere, ``load_weights``) are named."""
    if not ctx.record.weights_replaced:
        return None
    return fail(_("the trained model's weights did not come from its own fit: they were replaced "
                  "after it (set_weights, load_weights or an assignment), so they may have been "
                  "trained elsewhere"),
                expected=_("the weights model.fit(...) left in the model it was given"),
                found=_("weights put in after fit"),
                hint=_("Train the model you are given with model.fit(...) and return; do not "
                       "copy weights into it from another model."),
                code="training.weights_replaced")


def _step_count(ctx, steps, history):
    expect = ctx.step.expect
    samples = len(ctx.args[1])
    split = next((call.get("validation_split")
                  for call in graded_calls(ctx.record.fit_calls)[-1:]), 0)
    if split:  # Keras trains on the first int(n * (1 - split)) rows
        samples = int(samples * (1 - split))
    per_epoch = math.ceil(samples / expect["batch_size"])
    wanted = expect["epochs"] * per_epoch
    if steps == wanted:
        return None
    found = _("{steps} weight updates").format(steps=steps)
    epochs = history.params.get("epochs") if history and history.params else None
    per_epoch_found = history.params.get("steps") if history and history.params else None
    code, params = (  # the setting that is wrong, when the History says
        ("training.epochs", {"expected": expect["epochs"], "found": epochs})
        if epochs is not None and epochs != expect["epochs"] else
        ("training.batch_size", {"expected": per_epoch, "found": per_epoch_found})
        if epochs is not None and per_epoch_found and steps == epochs * per_epoch_found else
        ("training.steps", {"expected": wanted, "found": steps}))
    if history and history.params:
        found += " " + _("(fit ran epochs={epochs} with {steps} batches each)").format(
            epochs=history.params.get("epochs"), steps=history.params.get("steps"))
    return fail(_("the model made {steps} weight updates, expected {wanted}").format(
                    steps=steps, wanted=wanted),
                expected=_("{wanted} weight updates ({epochs} epochs x {batches} batches of "
                           "{batch_size} from {samples} samples)").format(
                    wanted=wanted, epochs=expect["epochs"], batches=per_epoch,
                    batch_size=expect["batch_size"], samples=samples),
                found=found,
                hint=(_("Use epochs={epochs}, batch_size={batch_size} and the validation split "
                        "asked for, and call fit only once.") if expect.get("validation") else
                      _("Use epochs={epochs} and batch_size={batch_size}, train once on the data "
                        "you are given (no validation_split), and call fit only once.")).format(
                    epochs=expect["epochs"], batch_size=expect["batch_size"]),
                code=code, params=params)


def _fit_settings(ctx, calls, history):
    expect, hint = ctx.step.expect, ctx.step.hint
    if not calls:
        return fail(_("model.fit was not called on the model this step was given"),
                    expected=_("model.fit(...) on the model passed in"), found=_("no call"),
                    hint=hint, code="training.no_fit")
    call = calls[-1]
    if expect.get("validation"):
        if not (call.get("validation_split") or call.get("validation_data")):
            return fail(_("fit had no validation data"),
                        expected=_("validation_split=... (or validation_data=...) held out from "
                                   "the training data"),
                        found=_("neither"), hint=hint, code="training.no_validation")
        if history is not None and not any(key.startswith("val_") for key in history.history):
            return fail(_("the History you returned has no validation curves"),
                        expected="history.history['val_loss']", found=sorted(history.history),
                        hint=_("Return what model.fit(...) gives back."),
                        code="training.no_validation_curves")
    for wanted in expect.get("callbacks", []):
        problem = _callback_problem(call.get("callbacks", []), wanted)
        if problem:
            return fail(problem, expected=_describe_callback(wanted),
                        found=", ".join(_describe_callback(c) for c in call.get("callbacks", []))
                        or _("no callbacks"), hint=hint)  # (its code: _callback_problem's)
    return None


def _data_problem(ctx, calls):
    """What ``fit`` was fed that it must not be: rows of the test set (``expect.not_from``), in
    the training data or the validation data, as arrays, a generator or a dataset; a flip the
    exercise forbids, done by a data generator (``expect.no_horizontal_flip``)."""
    expect = ctx.step.expect
    why = expect.get("no_horizontal_flip")
    for call in calls if why else []:
        for augmentation in call.get("augmentation", []):
            if augmentation.get("horizontal_flip"):
                return fail(_("{generator}(horizontal_flip=True) is not allowed here "
                              "({why})").format(generator=augmentation["type"], why=why),
                            expected=_("augmentation without a horizontal flip"),
                            found=f"{augmentation['type']}(horizontal_flip=True)",
                            hint=_("Leave horizontal_flip out; rotation, shifts and zoom are "
                                   "fine."), code="training.horizontal_flip")
    if "not_from" not in expect or not calls:
        return None
    test_set = ctx.spec.test_set
    test_keys = _key_set(ctx.lookup(expect["not_from"]))
    # Rows that are in the training data too (a few duplicates upstream) do not count.
    test_keys -= _key_set(ctx.args[1] if len(ctx.args) > 1 else None)
    allowed = max(3, math.ceil(TEST_ROWS_ALLOWED * len(test_keys)))
    for call in calls:
        other = call.get("model") == "other"  # a clone, or a model built inside the step
        for field, what in (
                ("validation_rows",
                 _("a model this step trained besides the graded one (a clone or a new model) "
                   "validated on rows of {test_set}").format(test_set=test_set) if other else
                 _("your validation data are rows of {test_set}").format(test_set=test_set)),
                ("x_rows",
                 _("a model this step trained besides the graded one (a clone or a new model) "
                   "was trained on rows of {test_set}").format(test_set=test_set) if other else
                 _("you trained on rows of {test_set}").format(test_set=test_set))):
            if not call.get(field):
                continue
            keys = np.load(ctx.steps_dir / Path(call[field]).name, allow_pickle=False)
            leaked = sum(int(key) in test_keys for key in keys.tolist())
            if leaked >= allowed:
                return fail(what, expected=_("training and validation data drawn from the "
                                             "training set"),
                            found=_("{count:,} rows of {test_set}").format(count=leaked,
                                                                           test_set=test_set),
                            hint=_("Hold out part of the training data: validation_split=0.2, "
                                   "or validation_data taken from x_train. The test set is only "
                                   "for the final measurement."),
                            code="training.test_rows", params={
                                "where": field.split("_")[0], "other_model": other})
    return None


def _key_set(value):
    keys = row_keys(value) if value is not None else None
    return set() if keys is None else set(keys.tolist())


def _callback_problem(callbacks, wanted):
    same_type = [c for c in callbacks if c.get("type") == wanted["type"]]
    if not same_type:
        return Problem(_("no {callback} callback in model.fit(callbacks=[...])").format(
            callback=wanted["type"]), "training.callback", expected=wanted["type"], found=None)
    for key, value in wanted.items():
        if key != "type" and not any(c.get(key) == value for c in same_type):
            return Problem(_("{callback} needs {setting}={value!r}, found {found!r}").format(
                callback=wanted["type"], setting=key, value=value, found=same_type[0].get(key)),
                "training.callback_setting", callback=wanted["type"], setting=key,
                expected=value, found=same_type[0].get(key))
    return None


CALLBACK_SETTINGS = ("monitor", "patience", "restore_best_weights")


def _describe_callback(callback):
    keys = [key for key in callback if key != "type" and (key in CALLBACK_SETTINGS or
                                                          callback.get("type") is None)]
    keys += [key for key in CALLBACK_SETTINGS if key in callback and key not in keys]
    settings = ", ".join(f"{key}={callback[key]!r}" for key in dict.fromkeys(keys))
    return f"{callback.get('type')}({settings})"
