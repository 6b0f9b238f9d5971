"""Reading learning curves the way the study notes teach, as advice for the student.

Example:
>>> read_curves({"loss": [1.0, 0.8, 0.6, 0.5, 0.45], "val_loss": [1.0, 0.85, 0.7, 0.6, 0.55]})[0][:40]
'Both training and validation loss were s'
"""

from messages import _


def read_curves(history):
    """Sentences about overfitting, undertraining and a too-high learning rate (may be empty)."""
    loss, val = list(history.get("loss", [])), list(history.get("val_loss", []))
    notes = []
    if len(val) >= 3 and len(val) == len(loss):
        best = min(range(len(val)), key=val.__getitem__)
        if best < len(val) - 1 and val[-1] > val[best] * 1.02 and loss[-1] < loss[best]:
            notes.append(_(
                "Validation loss was lowest at epoch {best} ({best_loss:.3f}) and rose to "
                "{last_loss:.3f} by epoch {last} while training loss kept falling: the model "
                "started to overfit there. Stop earlier (EarlyStopping with restore_best_weights) "
                "or add dropout.").format(best=best + 1, best_loss=val[best], last_loss=val[-1],
                                          last=len(val)))
        elif _still_falling(loss) and _still_falling(val):
            notes.append(_(
                "Both training and validation loss were still falling at the last epoch: the model "
                "is undertrained. Allow more epochs (or a larger learning rate)."))
    rises = sum(later > earlier for earlier, later in zip(loss, loss[1:]))
    if len(loss) >= 5 and rises >= max(2, (len(loss) - 1) / 3):
        notes.append(_(
            "Training loss went up in {rises} of {epochs} epochs: a jagged curve usually means "
            "the learning rate is too high. Try a smaller one.").format(rises=rises,
                                                                        epochs=len(loss) - 1))
    return notes


def _still_falling(curve, last=3, by=0.01):
    tail = curve[-last:]
    return len(tail) == last and all(b < a for a, b in zip(tail, tail[1:])) and (
        tail[0] - tail[-1]) > by * abs(tail[0])
