"""The model's compile settings (loss, optimizer, learning rate, metrics) against ``[compile]``.

Read from the compile config Keras stores with the model, so a loss given as a string alias, a
``Loss`` instance or a function all count, and the optimizer is known by its class.
"""

import re

from messages import _

from ..keras_files import PROBABILITIES
from . import Finding, Problem, fail, register

# Other spellings Keras accepts, mapped to the canonical function name.
LOSS_ALIASES = {
    "mse": "mean_squared_error", "mae": "mean_absolute_error",
    "mape": "mean_absolute_percentage_error", "msle": "mean_squared_logarithmic_error",
    "bce": "binary_crossentropy", "cce": "categorical_crossentropy",
}
ACCURACY_METRICS = {"accuracy", "acc", "categorical_accuracy", "sparse_categorical_accuracy",
                    "binary_accuracy"}
OPTIMIZER_CLASSES = {"adam": "Adam", "sgd": "SGD", "rmsprop": "RMSprop", "adamw": "AdamW",
                     "adagrad": "Adagrad", "adadelta": "Adadelta", "adamax": "Adamax",
                     "nadam": "Nadam", "ftrl": "Ftrl", "lion": "Lion"}
# Keras's default learning rates, for an optimizer given by name only.
DEFAULT_LEARNING_RATES = {"Adam": 0.001, "SGD": 0.01, "RMSprop": 0.001, "AdamW": 0.001,
                          "Adagrad": 0.001, "Adadelta": 0.001, "Adamax": 0.001, "Nadam": 0.001,
                          "Ftrl": 0.001, "Lion": 0.001}


def snake_case(name):
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def loss_name(loss):
    """Canonical name of a serialized loss (``'categorical_crossentropy'`` for all its forms)."""
    if isinstance(loss, str):
        name = loss
    elif isinstance(loss, dict):
        config = loss.get("config")
        if loss.get("class_name") == "function" or isinstance(config, str):
            name = config if isinstance(config, str) else str(loss.get("class_name"))
        else:
            name = snake_case(loss.get("class_name", "?"))
    else:
        return None if loss is None else str(loss)
    return LOSS_ALIASES.get(name, name)


def metric_names(metrics):
    names = []
    for metric in metrics or []:
        if isinstance(metric, list):  # per-output metrics
            names += metric_names(metric)
        elif isinstance(metric, str):
            names.append(metric)
        elif isinstance(metric, dict):
            config = metric.get("config")
            names.append(config.get("name") if isinstance(config, dict) and config.get("name")
                         else snake_case(metric.get("class_name", "?")))
    return names


def optimizer_settings(optimizer):
    """``(class name, learning rate)`` of a serialized optimizer."""
    if isinstance(optimizer, str):
        name = OPTIMIZER_CLASSES.get(optimizer.lower(), optimizer)
        return name, DEFAULT_LEARNING_RATES.get(name)
    if isinstance(optimizer, dict):
        config = optimizer.get("config") or {}
        rate = config.get("learning_rate")
        if isinstance(rate, dict):  # a schedule: compare where it starts
            rate = (rate.get("config") or {}).get("initial_learning_rate")
        return optimizer.get("class_name"), rate
    return None, None


def from_logits(loss):
    """Whether a serialized loss reads the model's outputs as logits."""
    return bool(isinstance(loss, dict) and isinstance(loss.get("config"), dict)
                and loss["config"].get("from_logits"))


def compile_problems(compile_config, expected, output="softmax", last_layer=None, notes=None):
    """Sentences for each compile setting that differs from ``expected`` (the spec's
    ``[compile]``). ``output``: the activation the model ends with (``"linear"``: logits);
    logits with ``from_logits=True`` are as right as probabilities without (a note says so)."""
    problems = []
    last_layer = last_layer or _("your model's last layer")
    loss = compile_config.get("loss")
    name = loss_name(loss)
    accepted = expected.get("loss", [])
    if accepted and name not in accepted:
        problems.append(Problem(_("loss: expected {expected}, found {found}").format(
            expected=_(" or ").join(accepted), found=name), "compile.loss", expected=accepted,
            found=name))
    logits = from_logits(loss)
    if expected.get("from_logits") is False and (not accepted or name in accepted):
        if logits and output in PROBABILITIES:
            problems.append(Problem(_("loss: from_logits=True, but {last_layer} already applies "
                                      "{activation}; leave from_logits at False").format(
                last_layer=last_layer, activation=output), "compile.from_logits", expected=False,
                found=True, activation=output))
        elif output == "linear" and not logits:
            problems.append(Problem(_(
                "loss: {last_layer} has no activation, so it outputs logits, and the loss reads "
                "them as probabilities: give the loss from_logits=True (e.g. "
                "keras.losses.{loss}(from_logits=True)), or give the last layer an "
                "activation").format(last_layer=last_layer, loss=_loss_class(name)),
                "compile.from_logits", expected=True, found=False, activation=output))
        elif output == "linear" and notes is not None:
            notes.append(_("Logits with from_logits=True: the same training as a "
                           "softmax/sigmoid output with the plain loss."))
    optimizer, rate = optimizer_settings(compile_config.get("optimizer"))
    if "optimizer" in expected and optimizer != expected["optimizer"]:
        problems.append(Problem(_("optimizer: expected {expected}, found {found}").format(
            expected=expected["optimizer"], found=optimizer), "compile.optimizer",
            expected=expected["optimizer"], found=optimizer))
    elif "learning_rate" in expected and (
            rate is None or abs(rate - expected["learning_rate"]) > 1e-6 * expected["learning_rate"]):
        problems.append(Problem(_("learning rate: expected {expected:g}, found {found}").format(
            expected=expected["learning_rate"],
            found=_("unknown") if rate is None else format(rate, ".6g")),
            "compile.learning_rate", expected=expected["learning_rate"],
            found=None if rate is None else float(format(rate, ".6g"))))
    found_metrics = metric_names(compile_config.get("metrics"))
    for metric in expected.get("metrics", []):
        accepted_metrics = ACCURACY_METRICS if metric == "accuracy" else {
            metric, LOSS_ALIASES.get(metric, metric)}  # "mae" or "mean_absolute_error"
        if not accepted_metrics & set(found_metrics):
            problems.append(Problem(_("metrics: expected {expected}, found {found}").format(
                expected=metric, found=found_metrics or _("none")), "compile.metrics",
                expected=metric, found=found_metrics))
    return problems


def expected_for(spec_compile, model):
    """The spec's compile settings, with an accepted alternative applied when the model ends the
    way that alternative says (e.g. a 2-way softmax wants sparse categorical cross-entropy)."""
    from .architecture import matches

    expected = {key: value for key, value in spec_compile.items() if key != "alternatives"}
    layers = model.layers if model is not None else []
    for alternative in spec_compile.get("alternatives", []):
        if layers and matches(layers[-1], alternative["last_layer"]):
            expected.update({k: v for k, v in alternative.items() if k != "last_layer"})
    return expected


@register("compile")
def check_compile(ctx):
    """The model the step compiled has the spec's loss, optimizer, learning rate and metrics."""
    if ctx.model is None:
        return fail(_("no Keras model came out of this step"),
                    hint=_("Compile the model you are given."), code="compile.no_model")
    compile_config = ctx.model.compile_config
    if not compile_config:
        return fail(_("the model is not compiled"), expected=_("model.compile(...) called"),
                    found=_("no compile settings"), hint=ctx.step.hint,
                    code="compile.not_compiled")
    expected = expected_for(ctx.spec.compile, ctx.model)
    last_layer = None
    if ctx.borrowed:
        last_layer = _("the last layer of the reference model this step was given (your "
                       "{function}() did not give one)").format(function=ctx.borrowed[0])
    notes = []
    problems = compile_problems(compile_config, expected, ctx.model.output_activation,
                                last_layer, notes)
    if problems:
        optimizer, rate = optimizer_settings(compile_config.get("optimizer"))
        found = (f"loss={loss_name(compile_config.get('loss'))}, optimizer={optimizer}, "
                 f"learning_rate={rate if rate is None else format(rate, '.6g')}, "
                 f"metrics={metric_names(compile_config.get('metrics'))}")
        want = expected
        expected = (f"loss={_(' or ').join(want.get('loss', []))}, optimizer={want.get('optimizer')}, "
                    f"learning_rate={want.get('learning_rate')}, metrics={want.get('metrics')}")
        return fail(problems[0], expected=expected, found=found, hint=ctx.step.hint,
                    details=problems[1:])
    return Finding(True, notes=notes)


def _loss_class(name):
    return "".join(part.capitalize() for part in (name or "loss").split("_"))
