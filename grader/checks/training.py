"""How the model was trained: the optimizer's step count in the saved model, and how ``fit`` was
called (observed in the student's process: validation data, callbacks).

The step count is ``epochs x batches per epoch``, so it shows what the student's ``fit`` really
ran, whatever the student's History object says.
"""

import math
from pathlib import Path

import numpy as np

from ..portable import HistoryRecord
from ..rows import row_keys
from . import Finding, fail, register
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
        return fail("no trained Keras model came out of this step", found="nothing",
                    hint=ctx.step.hint)
    steps = ctx.model.optimizer_iterations or 0
    history = ctx.value if isinstance(ctx.value, HistoryRecord) else None
    notes = read_curves(history.history) if history and expect.get("read_curves") else []
    if steps == 0:
        return fail("the model was not trained: its optimizer took no step",
                    hint="Call model.fit(...) inside this step and return what it gives back.")
    finding = _data_problem(ctx, ctx.record.get("fit_calls", []))
    if finding is None and "epochs" in expect:
        finding = _step_count(ctx, steps, history)
    if finding is None and ("validation" in expect or "callbacks" in expect):
        finding = _fit_settings(ctx, ctx.record.get("fit_calls", []), history)
    finding = finding or Finding(True)
    finding.notes = notes
    return finding


def _step_count(ctx, steps, history):
    expect = ctx.step.expect
    samples = len(ctx.args[1])
    per_epoch = math.ceil(samples / expect["batch_size"])
    wanted = expect["epochs"] * per_epoch
    if steps == wanted:
        return None
    found = f"{steps} training steps"
    if history and history.params:
        found += (f" (fit ran epochs={history.params.get('epochs')} with "
                  f"{history.params.get('steps')} steps each)")
    return fail(f"the model took {steps} training steps, expected {wanted}",
                expected=(f"{wanted} training steps ({expect['epochs']} epochs x {per_epoch} "
                          f"batches of {expect['batch_size']} from {samples} samples)"),
                found=found,
                hint=(f"Use epochs={expect['epochs']} and batch_size={expect['batch_size']}, train "
                      "once on the data you are given (no validation_split), and call fit only once."))


def _fit_settings(ctx, calls, history):
    expect, hint = ctx.step.expect, ctx.step.hint
    if not calls:
        return fail("model.fit was not called on the model this step was given",
                    expected="model.fit(...) on the model passed in", found="no call", hint=hint)
    call = calls[-1]
    if expect.get("validation"):
        if not (call.get("validation_split") or call.get("validation_data")):
            return fail("fit had no validation data", expected="validation_split=... (or "
                        "validation_data=...) held out from the training data",
                        found="neither", hint=hint)
        if history is not None and not any(key.startswith("val_") for key in history.history):
            return fail("the History you returned has no validation curves",
                        expected="history.history['val_loss']", found=sorted(history.history),
                        hint="Return what model.fit(...) gives back.")
    for wanted in expect.get("callbacks", []):
        problem = _callback_problem(call.get("callbacks", []), wanted)
        if problem:
            return fail(problem, expected=_describe_callback(wanted),
                        found=", ".join(_describe_callback(c) for c in call.get("callbacks", []))
                        or "no callbacks", hint=hint)
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
                return fail(f"{augmentation['type']}(horizontal_flip=True) is not allowed here "
                            f"({why})", expected="augmentation without a horizontal flip",
                            found=f"{augmentation['type']}(horizontal_flip=True)",
                            hint="Leave horizontal_flip out; rotation, shifts and zoom are fine.")
    if "not_from" not in expect or not calls:
        return None
    test_set = ctx.spec.accuracy.get("test_set", "the test set")
    test_keys = _key_set(ctx.lookup(expect["not_from"]))
    # Rows that are in the training data too (a few duplicates upstream) do not count.
    test_keys -= _key_set(ctx.args[1] if len(ctx.args) > 1 else None)
    allowed = max(3, math.ceil(TEST_ROWS_ALLOWED * len(test_keys)))
    for call in calls:
        for field, what in (("validation_rows", f"your validation data are rows of {test_set}"),
                            ("x_rows", f"you trained on rows of {test_set}")):
            if not call.get(field):
                continue
            keys = np.load(ctx.steps_dir / Path(call[field]).name, allow_pickle=False)
            leaked = sum(int(key) in test_keys for key in keys.tolist())
            if leaked >= allowed:
                return fail(what, expected="training and validation data drawn from the "
                            "training set", found=f"{leaked:,} rows of {test_set}", hint=(
                                "Hold out part of the training data: validation_split=0.2, or "
                                "validation_data taken from x_train. The test set is only for "
                                "the final measurement."))
    return None


def _key_set(value):
    keys = row_keys(value) if value is not None else None
    return set() if keys is None else set(keys.tolist())


def _callback_problem(callbacks, wanted):
    same_type = [c for c in callbacks if c.get("type") == wanted["type"]]
    if not same_type:
        return f"no {wanted['type']} callback in model.fit(callbacks=[...])"
    for key, value in wanted.items():
        if key != "type" and not any(c.get(key) == value for c in same_type):
            return f"{wanted['type']} needs {key}={value!r}, found {same_type[0].get(key)!r}"
    return None


CALLBACK_SETTINGS = ("monitor", "patience", "restore_best_weights")


def _describe_callback(callback):
    keys = [key for key in callback if key != "type" and (key in CALLBACK_SETTINGS or
                                                          callback.get("type") is None)]
    keys += [key for key in CALLBACK_SETTINGS if key in callback and key not in keys]
    settings = ", ".join(f"{key}={callback[key]!r}" for key in dict.fromkeys(keys))
    return f"{callback.get('type')}({settings})"
