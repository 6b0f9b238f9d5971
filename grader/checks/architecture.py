"""The model's layers, compared with the spec's ``[architecture]``.

Two ways to say what is right, usable together:

* ``layers``: the exact list of layers after the input (type and the settings given), compared
  layer by layer; extra and missing layers are named.
* ``constraints``: rules for open exercises where several models are right, e.g.
  ``{ kind = "last_layer", layer = { type = "Dense", units = 10, activation = "softmax" } }``,
  ``{ kind = "contains", layer = { type = "Dropout" }, min = 1 }``,
  ``{ kind = "max_params", value = 250000 }``, ``{ kind = "only", types = ["Dense", ...] }``,
  ``{ kind = "excludes", layer = {...}, why = "..." }``.
"""

from difflib import SequenceMatcher

from messages import _

from ..keras_files import PROBABILITIES, Layer, describe_expected
from . import Finding, Problem, fail, register


def matches(layer, layer_spec):
    """Whether a model layer has the type (or one of the types) and every setting a spec layer
    names."""
    types = layer_spec["type"] if isinstance(layer_spec["type"], list) else [layer_spec["type"]]
    if layer.type not in types:
        return False
    return all(_same(layer.setting(key), value) for key, value in layer_spec.items() if key != "type")


def _same(found, expected):
    if isinstance(expected, dict) and "one_of" in expected:
        return any(_same(found, option) for option in expected["one_of"])
    if isinstance(expected, list):
        expected = tuple(expected)
    if isinstance(found, float) or isinstance(expected, float):
        try:
            return abs(float(found) - float(expected)) <= 1e-6 * max(1.0, abs(float(expected)))
        except (TypeError, ValueError):
            return False
    return found == expected


def layer_differences(found_layers, expected_layers):
    """Plain sentences for how ``found_layers`` differ from the spec's list, first difference first."""
    keys = {}  # per layer type, the settings the spec names: layers are aligned on those
    for want in expected_layers:
        keys.setdefault(want["type"], []).extend(k for k in want if k != "type" and k not in keys.get(want["type"], []))
    matcher = SequenceMatcher(a=[describe_expected(want) for want in expected_layers],
                              b=[got.describe(keys.get(got.type)) for got in found_layers],
                              autojunk=False)
    problems = []
    for tag, e1, e2, f1, f2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        # Inside a differing stretch, pair layers of the same type ("expected Dense(16), found
        # Dense(32)"); whatever is left over is missing or extra.
        by_type = SequenceMatcher(a=[want["type"] for want in expected_layers[e1:e2]],
                                  b=[got.type for got in found_layers[f1:f2]], autojunk=False)
        for inner, a1, a2, b1, b2 in by_type.get_opcodes():
            pairs = a2 - a1 if inner == "equal" else 0
            for offset in range(pairs):
                want, got = expected_layers[e1 + a1 + offset], found_layers[f1 + b1 + offset]
                position = f1 + b1 + offset + 1
                code, params = _layer_mistake(position, want, got)
                problems.append(Problem(
                    _("layer {position}: expected {expected}, found {found}").format(
                        position=position, expected=describe_expected(want),
                        found=got.describe(keys.get(got.type))), code, **params))
            for position in range(e1 + a1 + pairs, e1 + a2):
                want = describe_expected(expected_layers[position])
                problems.append(Problem(
                    _("missing layer: {layer} (expected as layer {position})").format(
                        layer=want, position=position + 1),
                    "architecture.missing_layer", expected=want))
            for position in range(f1 + b1 + pairs, f1 + b2):
                got = found_layers[position].describe()
                problems.append(Problem(_("extra layer {position}: {layer}").format(
                    position=position + 1, layer=got), "architecture.extra_layer", found=got))
    return problems


def _layer_mistake(position, want, got):
    """``(code, params)`` of a layer ``got`` that is not the spec's ``want``: one setting wrong
    (``architecture.activation``, ``architecture.units``), or the layer as a whole."""
    types = want["type"] if isinstance(want["type"], list) else [want["type"]]
    wrong = [key for key in want if key != "type" and not _same(got.setting(key), want[key])]
    if got.type in types and wrong in (["activation"], ["units"]):
        return f"architecture.{wrong[0]}", {"position": position, "expected": want[wrong[0]],
                                             "found": got.setting(wrong[0])}
    return "architecture.layer", {"position": position, "expected": describe_expected(want),
                                  "found": got.describe()}


def _special(layer, rule):
    """A known mistake's explanation, when the spec has one for what was found."""
    for mistake in rule.get("mistakes", []):
        if layer is not None and matches(layer, mistake["layer"]):
            return f": {mistake['why']}"
    return ""


def constraint_problems(model, constraints, notes=None, layers=None):
    """Sentences for each constraint the model breaks; accepted alternatives add to ``notes``.
    ``layers``: the model's layers as judged (default: ``model.layers``)."""
    problems = []
    notes = [] if notes is None else notes
    layers = model.layers if layers is None else layers
    for rule in constraints:
        kind = rule["kind"]
        if kind in ("first_layer", "last_layer"):
            layer = layers[0] if kind == "first_layer" and layers else layers[-1] if layers else None
            also = [other for other in rule.get("also", []) if layer and matches(layer, other["layer"])]
            if also:
                notes.append(also[0].get("note", ""))
            elif layer is None or not matches(layer, rule["layer"]):
                sentence = (_("the first layer should be {expected}, found {found}")
                            if kind == "first_layer" else
                            _("the last layer should be {expected}, found {found}"))
                where = "first" if kind == "first_layer" else "last"
                code, params = (_layer_mistake(where, rule["layer"], layer) if layer else (
                    "architecture.missing_layer", {"expected": describe_expected(rule["layer"])}))
                problems.append(Problem(sentence.format(
                    expected=describe_expected(rule["layer"]),
                    found=layer.describe() if layer else _("no layer")) + _special(layer, rule),
                    code, **params))
        elif kind == "contains":
            count = sum(matches(layer, rule["layer"]) for layer in layers)
            low, high = rule.get("min", 1), rule.get("max")
            if count < low or (high is not None and count > high):
                sentence = (_("expected at least {low} {layer} layer(s), found {count}")
                            if high is None else
                            _("expected at least {low} and at most {high} {layer} layer(s), "
                              "found {count}"))
                problems.append(Problem(sentence.format(low=low, high=high, count=count,
                                                        layer=describe_expected(rule["layer"])),
                                        "architecture.layer_count",
                                        layer=describe_expected(rule["layer"]), found=count))
        elif kind == "excludes":
            for position, layer in enumerate(layers, 1):
                if matches(layer, rule["layer"]):
                    problems.append(Problem(
                        _("layer {position}: {layer} is not allowed here").format(
                            position=position, layer=layer.describe())
                        + (f" ({rule['why']})" if "why" in rule else ""),
                        "architecture.not_allowed", found=layer.describe()))
        elif kind == "only":
            for position, layer in enumerate(layers, 1):
                if layer.type not in rule["types"]:
                    problems.append(Problem(
                        _("layer {position}: {type} is not used in this exercise (allowed: "
                          "{allowed})").format(position=position, type=layer.type,
                                               allowed=", ".join(rule["types"])),
                        "architecture.not_allowed", found=layer.type))
        elif kind == "max_params":
            count = model.parameter_count
            if count > rule["value"]:
                problems.append(Problem(
                    _("the model has {count:,} parameters, more than the {limit:,} "
                      "allowed").format(count=count, limit=rule["value"]),
                    "architecture.too_many_parameters", limit=rule["value"]))
        else:
            raise ValueError(f"unknown architecture constraint {kind!r}")
    return problems


@register("architecture")
def check_architecture(ctx):
    """The model built by the step has the spec's input shape, layers and constraints."""
    spec = ctx.spec.architecture
    model = ctx.model
    if model is None:
        return fail(_("the step did not return a Keras model"),
                    expected=_("a keras.Sequential model"), found=_("nothing"),
                    hint=_("End build_model() with `return model`."), code="architecture.no_model")
    if model.class_name != "Sequential":
        return fail(_("expected a keras.Sequential model, found a {kind} model").format(
                        kind=model.class_name),
                    hint=_("Build the model with keras.Sequential([...])."),
                    code="architecture.not_sequential", params={"found": model.class_name})
    problems = []
    if model.too_large is not None:
        problems.append(Problem(_too_large(model.too_large, ctx), "architecture.too_large"))
    if "input_shape" in spec:
        want = tuple(spec["input_shape"])
        found = model.input_shape
        if found is None:
            problems.append(Problem(
                _("the model has no input shape; expected {shape}. Start the layer list with "
                  "keras.Input(shape={shape})").format(shape=want),
                "architecture.input_shape", expected=want, found=None))
        elif found != want:
            problems.append(Problem(_("input shape: expected {expected}, found {found}").format(
                expected=want, found=found), "architecture.input_shape", expected=want,
                found=found))
    layers, notes = logits_as_probabilities(model.layers, spec)
    if "layers" in spec:
        problems += layer_differences(layers, spec["layers"])
    problems += constraint_problems(model, spec.get("constraints", []), notes, layers)
    if problems:
        expected = ", ".join(describe_expected(layer) for layer in spec.get("layers", []))
        found = ", ".join(layer.describe() for layer in model.layers)
        return fail(problems[0], expected=expected, found=found, hint=ctx.step.hint,
                    details=problems[1:])
    return Finding(True, notes=[note for note in notes if note])


def _too_large(count, ctx):
    limits = [rule["value"] for rule in ctx.spec.architecture.get("constraints", [])
              if rule["kind"] == "max_params"]
    expected = expected_parameters(ctx.spec.architecture)
    asked = (_("the {count:,} of the model this step asks for").format(count=expected)
             if expected else _("the {count:,} allowed").format(count=min(limits)) if limits
             else _("what this step asks for"))
    return _("the model has {count:,} parameters ({size:,.1f} GiB of weights), far more than "
             "{asked}: too large to save or train here. Look at the units of each layer (and at "
             "a Dense layer right after a Flatten of a large input)").format(
        count=count, size=count * 4 / 2**30, asked=asked)



def logits_as_probabilities(layers, spec):
    """``(layers, notes)``: a model whose last layer has no activation (it outputs logits) is
    judged as if it had the activation the spec's last layer asks for, with a note; the compile
    step checks that its loss says ``from_logits=True``."""
    wanted = _wanted_last_layer(spec)
    if not layers or not wanted or layers[-1].setting("activation") != "linear":
        return layers, []
    activation = wanted.get("activation")
    if activation not in PROBABILITIES:
        return layers, []
    as_if = Layer(layers[-1].type, {**layers[-1].config, "activation": activation})
    if not matches(as_if, wanted):
        return layers, []
    note = _("Your last layer has no activation, so the model outputs logits (scores, not "
             "probabilities): that is right too, with a loss compiled with from_logits=True (the "
             "compile step checks it). Apply {activation} to what it predicts to read "
             "probabilities.").format(activation=activation)
    return layers[:-1] + [as_if], [note]


def _wanted_last_layer(spec):
    if spec.get("layers"):
        return spec["layers"][-1]
    return next((rule["layer"] for rule in spec.get("constraints", [])
                 if rule["kind"] == "last_layer"), None)


def expected_parameters(architecture):
    """The parameter count of a spec's exact list of Dense layers (``None`` for other specs).

    >>> expected_parameters({"input_shape": [4], "layers": [{"type": "Dense", "units": 30},
    ...                      {"type": "Dense", "units": 3}]})
    243
    """
    layers, shape = architecture.get("layers"), architecture.get("input_shape")
    if not layers or not shape or len(shape) != 1 or any(l["type"] != "Dense" for l in layers):
        return None
    total, width = 0, shape[0]
    for layer in layers:
        total += (width + 1) * layer["units"]
        width = layer["units"]
    return total
