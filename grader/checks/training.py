"""How the model was trained, read from the optimizer's step counter in the saved model.

The step count is ``epochs x batches per epoch``, so it shows the epochs and batch size the
student's ``fit`` really ran, whatever the student's History object says.
"""

import math

from ..portable import HistoryRecord
from . import PASS, fail, register


@register("training")
def check_training(ctx):
    """The model took ``epochs x ceil(samples / batch_size)`` optimizer steps."""
    expect = ctx.step.expect
    samples = len(ctx.args[1])
    per_epoch = math.ceil(samples / expect["batch_size"])
    wanted = expect["epochs"] * per_epoch
    plan = (f"{wanted} training steps ({expect['epochs']} epochs x {per_epoch} batches of "
            f"{expect['batch_size']} from {samples} samples)")
    if ctx.model is None:
        return fail("no trained Keras model came out of this step", expected=plan, found="nothing",
                    hint=ctx.step.hint)
    steps = ctx.model.optimizer_iterations or 0
    if steps == wanted:
        return PASS
    found = f"{steps} training steps"
    if isinstance(ctx.value, HistoryRecord) and ctx.value.params:
        params = ctx.value.params
        found += f" (fit ran epochs={params.get('epochs')} with {params.get('steps')} steps each)"
    if steps == 0:
        message = "the model was not trained: its optimizer took no step"
        hint = "Call model.fit(...) inside train_model and return what it gives back."
    else:
        message = f"the model took {steps} training steps, expected {wanted}"
        hint = (f"Use epochs={expect['epochs']} and batch_size={expect['batch_size']}, "
                "train once on the data you are given (no validation_split), and call fit only once.")
    return fail(message, expected=plan, found=found, hint=hint)
