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

from ..keras_files import describe_expected
from . import Finding, fail, register


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
                problems.append(f"layer {f1 + b1 + offset + 1}: expected {describe_expected(want)}, "
                                f"found {got.describe(keys.get(got.type))}")
            for position in range(e1 + a1 + pairs, e1 + a2):
                problems.append(f"missing layer: {describe_expected(expected_layers[position])} "
                                f"(expected as layer {position + 1})")
            for position in range(f1 + b1 + pairs, f1 + b2):
                problems.append(f"extra layer {position + 1}: {found_layers[position].describe()}")
    return problems


def _special(layer, rule):
    """A known mistake's explanation, when the spec has one for what was found."""
    for mistake in rule.get("mistakes", []):
        if layer is not None and matches(layer, mistake["layer"]):
            return f": {mistake['why']}"
    return ""


def constraint_problems(model, constraints, notes=None):
    """Sentences for each constraint the model breaks; accepted alternatives add to ``notes``."""
    problems = []
    notes = [] if notes is None else notes
    layers = model.layers
    for rule in constraints:
        kind = rule["kind"]
        if kind in ("first_layer", "last_layer"):
            layer = layers[0] if kind == "first_layer" and layers else layers[-1] if layers else None
            also = [other for other in rule.get("also", []) if layer and matches(layer, other["layer"])]
            if also:
                notes.append(also[0].get("note", ""))
            elif layer is None or not matches(layer, rule["layer"]):
                where = "first" if kind == "first_layer" else "last"
                problems.append(f"the {where} layer should be {describe_expected(rule['layer'])}, "
                                f"found {layer.describe() if layer else 'no layer'}"
                                + _special(layer, rule))
        elif kind == "contains":
            count = sum(matches(layer, rule["layer"]) for layer in layers)
            low, high = rule.get("min", 1), rule.get("max")
            if count < low or (high is not None and count > high):
                wanted = f"at least {low}" + (f" and at most {high}" if high is not None else "")
                problems.append(f"expected {wanted} {describe_expected(rule['layer'])} layer(s), "
                                f"found {count}")
        elif kind == "excludes":
            for position, layer in enumerate(layers, 1):
                if matches(layer, rule["layer"]):
                    problems.append(f"layer {position}: {layer.describe()} is not allowed here"
                                    + (f" ({rule['why']})" if "why" in rule else ""))
        elif kind == "only":
            for position, layer in enumerate(layers, 1):
                if layer.type not in rule["types"]:
                    problems.append(f"layer {position}: {layer.type} is not used in this exercise "
                                    f"(allowed: {', '.join(rule['types'])})")
        elif kind == "max_params":
            count = model.parameter_count
            if count > rule["value"]:
                problems.append(f"the model has {count:,} parameters, more than the "
                                f"{rule['value']:,} allowed")
        else:
            raise ValueError(f"unknown architecture constraint {kind!r}")
    return problems


@register("architecture")
def check_architecture(ctx):
    """The model built by the step has the spec's input shape, layers and constraints."""
    spec = ctx.spec.architecture
    model = ctx.model
    if model is None:
        return fail("the step did not return a Keras model", expected="a keras.Sequential model",
                    found="nothing", hint="End build_model() with `return model`.")
    if model.class_name != "Sequential":
        return fail(f"expected a keras.Sequential model, found a {model.class_name} model",
                    hint="Build the model with keras.Sequential([...]).")
    problems = []
    if "input_shape" in spec:
        want = tuple(spec["input_shape"])
        found = model.input_shape
        if found is None:
            problems.append(f"the model has no input shape; expected {want}. "
                            f"Start the layer list with keras.Input(shape={want})")
        elif found != want:
            problems.append(f"input shape: expected {want}, found {found}")
    if "layers" in spec:
        problems += layer_differences(model.layers, spec["layers"])
    notes = []
    problems += constraint_problems(model, spec.get("constraints", []), notes)
    if problems:
        expected = ", ".join(describe_expected(layer) for layer in spec.get("layers", []))
        found = ", ".join(layer.describe() for layer in model.layers)
        return fail(problems[0], expected=expected, found=found, hint=ctx.step.hint,
                    details=problems[1:])
    return Finding(True, notes=[note for note in notes if note])
