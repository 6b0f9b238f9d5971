"""Checks for a network written with NumPy alone: initialization statistics, backward passes by
numerical gradient checking, and experiments measured here with the grader's own forward pass.

Conventions (the exercise's): one example per column, ``W<l>`` of shape (units, units before),
``b<l>`` of shape (units, 1), a softmax output layer and the mean cross-entropy cost.

Example:
>>> import numpy as np
>>> relative_error(np.ones(3), np.ones(3) * 1.1) < 0.05
True
"""

import numpy as np

from messages import _

from . import PASS, Finding, Problem, fail, register
from .values import describe, kind_of

STEP = 1e-6            # finite-difference step (float64)
GRADIENT_TOLERANCE = 1e-5  # relative error allowed; the reference's is below 1e-8 (spec notes)


def relative_error(found, expected):
    """``|found - expected| / (|found| + |expected|)``: 0 when equal, 1 when of opposite sign."""
    with np.errstate(all="ignore"):  # NaN or inf in a student's gradient: the error says so
        difference = np.linalg.norm(np.asarray(found, float) - np.asarray(expected, float))
        scale = np.linalg.norm(found) + np.linalg.norm(expected)
        return float(difference / scale) if scale > 0 else 0.0


def sigmoid(Z):
    return 1 / (1 + np.exp(-Z))


HIDDEN = {"relu": lambda Z: np.maximum(0, Z), "sigmoid": sigmoid}  # the hidden activations


def softmax(Z):
    exps = np.exp(Z - Z.max(axis=0, keepdims=True))
    return exps / exps.sum(axis=0, keepdims=True)


def layer_count(parameters):
    return len([name for name in parameters if name.startswith("W")])


def forward(X, parameters, hidden="relu"):
    """The grader's own forward pass: the output probabilities and each layer's (A_prev, Z)."""
    A, layers, steps = np.asarray(X, float), layer_count(parameters), []
    for layer in range(1, layers + 1):
        Z = parameters[f"W{layer}"] @ A + parameters[f"b{layer}"]
        steps.append((A, Z))
        A = softmax(Z) if layer == layers else HIDDEN[hidden](Z)
    return A, steps


def cost(X, Y, parameters, hidden="relu"):
    with np.errstate(all="ignore"):  # a diverged network's cost is inf or nan, said as such
        return float(-np.sum(Y * np.log(forward(X, parameters, hidden)[0])) / Y.shape[1])


def gradients(X, Y, parameters, hidden="relu"):
    """The grader's own backward pass (exact; used where finite differences are too coarse)."""
    with np.errstate(all="ignore"):
        AL, steps = forward(X, parameters, hidden)
    grads, dZ = {}, (AL - Y) / Y.shape[1]
    for layer in range(len(steps), 0, -1):
        A_prev, _Z = steps[layer - 1]
        grads[f"dW{layer}"], grads[f"db{layer}"] = dZ @ A_prev.T, dZ.sum(axis=1, keepdims=True)
        if layer > 1:
            dA, Z = parameters[f"W{layer}"].T @ dZ, steps[layer - 2][1]
            dZ = dA * (Z > 0) if hidden == "relu" else dA * sigmoid(Z) * (1 - sigmoid(Z))
    return grads


def numerical_gradient(function, array):
    """d function() / d array by central differences, changing ``array`` in place and back."""
    gradient = np.zeros_like(array)
    for index in np.ndindex(array.shape):
        kept = array[index]
        array[index] = kept + STEP
        above = function()
        array[index] = kept - STEP
        below = function()
        array[index] = kept
        gradient[index] = (above - below) / (2 * STEP)
    return gradient


def accuracy(X, Y, parameters, hidden="relu"):
    with np.errstate(all="ignore"):
        return float((forward(X, parameters, hidden)[0].argmax(axis=0) == Y.argmax(axis=0)).mean())


def _parameters_problem(value, layer_dims=None):
    """A sentence (a :class:`Problem`) when ``value`` is not a parameters dict (of the given
    layer sizes)."""
    if not isinstance(value, dict) or not any(str(key).startswith("W") for key in value):
        return Problem(_("expected a dict of parameters {{'W1': ..., 'b1': ..., ...}}, found "
                         "{found}").format(found=describe(value)),
                       "numpy_net.parameters_form", found=kind_of(value))
    layers = layer_count(value)
    for layer in range(1, layers + 1):
        for name in (f"W{layer}", f"b{layer}"):
            if not isinstance(value.get(name), np.ndarray):
                return Problem(_("the parameters have no array {name}").format(name=name),
                               "numpy_net.missing_parameter", name=name,
                               found=kind_of(value.get(name)))
    if layer_dims is None:
        return None
    for layer in range(1, len(layer_dims)):
        for name, shape in ((f"W{layer}", (layer_dims[layer], layer_dims[layer - 1])),
                            (f"b{layer}", (layer_dims[layer], 1))):
            found = value.get(name)
            if not isinstance(found, np.ndarray) or found.shape != shape:
                return Problem(_("{name} should have shape {shape}, found {found}").format(
                    name=name, shape=shape, found=describe(found)), "numpy_net.shape", name=name,
                    expected=list(shape), found=list(found.shape)
                    if isinstance(found, np.ndarray) else kind_of(found))
    if layers != len(layer_dims) - 1:
        return Problem(_("expected {expected} layers of weights, found {found}").format(
            expected=len(layer_dims) - 1, found=layers), "numpy_net.layer_count",
            expected=len(layer_dims) - 1, found=layers)
    return None


INIT_SCALES = {  # method -> (standard deviation of W<l> for fan-in n and fan-out k, formula)
    "he": (lambda n, k: np.sqrt(2 / n), "sqrt(2 / n_in)"),
    "glorot": (lambda n, k: np.sqrt(2 / (n + k)), "sqrt(2 / (n_in + n_out))"),
}
OTHER_SCALES = {"sqrt(1 / n_in)": lambda n, k: np.sqrt(1 / n), "0.01": lambda n, k: 0.01,
                "1": lambda n, k: 1.0}


@register("initialization")
def check_initialization(ctx):
    """The parameters have the right shapes, zero biases and weights with the standard
    deviation of the spec's ``expect.method`` (within 10%: the layers are large enough that a
    right answer lands within 2%)."""
    layer_dims, method = ctx.args[0], ctx.step.expect["method"]
    problem = _parameters_problem(ctx.value, layer_dims)
    if problem:
        return fail(problem, expected=_("W<l> of shape (units of layer l, units of layer l-1), "
                                        "b<l> of shape (units, 1)"),
                    found=describe(ctx.value), hint=ctx.step.hint)
    scale, formula = INIT_SCALES[method]
    for layer in range(1, len(layer_dims)):
        W, b = ctx.value[f"W{layer}"], ctx.value[f"b{layer}"]
        if np.any(b != 0):
            return fail(_("b{layer} is not all zeros").format(layer=layer),
                        expected=_("zeros"), found=describe(b), hint=ctx.step.hint,
                        code="numpy_net.bias_not_zero", params={"layer": layer})
        wanted = scale(layer_dims[layer - 1], layer_dims[layer])
        found = float(W.std())
        if abs(found / wanted - 1) > 0.1 or abs(W.mean()) > 0.1 * wanted:
            guess = next((name for name, other in OTHER_SCALES.items() if abs(
                found / other(layer_dims[layer - 1], layer_dims[layer]) - 1) < 0.05), None)
            return fail(_("the weights of W{layer} have standard deviation {found:.4f}; "
                          "{method} initialization gives {wanted:.4f} = {formula} with "
                          "n_in = {fan_in}").format(layer=layer, found=found, method=method,
                                                    wanted=wanted, formula=formula,
                                                    fan_in=layer_dims[layer - 1])
                        + (" " + _("(yours looks like a scale of {guess})").format(guess=guess)
                           if guess else ""),
                        expected=_("standard deviation {wanted:.4f}").format(wanted=wanted),
                        found=_("standard deviation {found:.4f}").format(found=found),
                        hint=ctx.step.hint, code="numpy_net.initialization",
                        params={"layer": layer, "method": method, "looks_like": guess})
    return PASS


@register("gradient")
def check_gradient(ctx):
    """A backward pass, checked by numerical gradient checking (central differences), not
    against a copy of the reference: ``expect.of`` is ``relu`` or ``sigmoid`` (dZ from dA, Z),
    ``linear`` (dA_prev, dW, db from dZ, A_prev, W) or ``model`` (the gradients of the cost for
    every W<l> and b<l>, given AL, Y and the caches of the step ``expect.forward``, whose inputs
    are X, the parameters and the hidden activation, all numbers from the spec)."""
    of = ctx.step.expect["of"]
    if of in HIDDEN:
        dA, Z = (np.asarray(arg, float) for arg in ctx.args[:2])
        g = HIDDEN[of]
        expected = dA * (g(Z + STEP) - g(Z - STEP)) / (2 * STEP)
        return _compare_gradients(ctx, [("dZ", ctx.value, expected)])
    if of == "linear":
        dZ, A_prev, W = (np.asarray(arg, float).copy() for arg in ctx.args[:3])
        b = np.zeros((W.shape[0], 1))

        def loss():  # sum(dZ * Z): its gradient with respect to Z is dZ
            return float(np.sum(dZ * (W @ A_prev + b)))
        expected = [numerical_gradient(loss, array) for array in (A_prev, W, b)]
        if not isinstance(ctx.value, (tuple, list)) or len(ctx.value) != 3:
            return fail(_("expected (dA_prev, dW, db), found {found}").format(
                            found=describe(ctx.value)),
                        expected=_("a tuple of 3 arrays"), found=describe(ctx.value),
                        hint=ctx.step.hint, code="numpy_net.form",
                        params={"found": kind_of(ctx.value)})
        return _compare_gradients(ctx, list(zip(("dA_prev", "dW", "db"), ctx.value, expected)))
    # the forward pass the step's inputs came from: its inputs are the spec's own numbers
    X, parameters, hidden = (arg.resolved() for arg in ctx.spec.step(ctx.step.expect["forward"]).args)
    X, Y = np.asarray(X, float), np.asarray(ctx.args[1], float)
    parameters = {name: np.array(value, float) for name, value in parameters.items()}
    if not isinstance(ctx.value, dict):
        return fail(_("expected a dict of gradients {{'dW1': ..., 'db1': ..., ...}}, found "
                      "{found}").format(found=describe(ctx.value)),
                    expected=_("a dict with dW1, db1, ... dW{layers}, db{layers}").format(
                        layers=layer_count(parameters)),
                    found=describe(ctx.value), hint=ctx.step.hint, code="numpy_net.form",
                    params={"found": kind_of(ctx.value)})
    pairs = []
    for layer in range(layer_count(parameters), 0, -1):  # the output layer first, as computed
        for name in (f"W{layer}", f"b{layer}"):
            expected = numerical_gradient(lambda: cost(X, Y, parameters, hidden), parameters[name])
            pairs.append((f"d{name}", ctx.value.get(f"d{name}"), expected))
    return _compare_gradients(ctx, pairs)


def _compare_gradients(ctx, pairs):
    """Each found gradient against its finite-difference value: the first wrong one named, with
    its relative error and where it differs most."""
    errors = []
    for name, found, expected in pairs:
        array = np.asarray(found, float) if isinstance(found, (np.ndarray, list, float, int)) \
            else None
        if array is None or array.shape != expected.shape:
            hint = (_("Keep the shape (units, 1): sum over the examples with axis=1 and "
                      "keepdims=True.") if name.startswith("db") else ctx.step.hint)
            return fail(_("{name} should be an array of shape {shape}, found {found}").format(
                            name=name, shape=expected.shape, found=describe(found)),
                        expected=_("shape {shape}").format(shape=expected.shape),
                        found=describe(found), hint=hint, code="numpy_net.shape",
                        params={"name": name, "expected": list(expected.shape),
                                "found": kind_of(found) if array is None else list(array.shape)})
        error = relative_error(array, expected)
        errors.append(f"{name} {error:.1e}")
        if error > GRADIENT_TOLERANCE:
            worst = tuple(int(i) for i in np.unravel_index(np.argmax(np.abs(array - expected)),
                                                           array.shape))
            ratio = _ratio(array, expected)
            return fail(_("{name} is wrong: relative error {error:.2g} against numerical "
                          "gradient checking (allowed {allowed:g})").format(
                            name=name, error=error, allowed=GRADIENT_TOLERANCE)
                        + (" " + ratio if ratio else ""),
                        expected=_("{name}{position} = {value:.6g} (finite differences)").format(
                            name=name, position=list(worst), value=expected[worst]),
                        found=_("{name}{position} = {value:.6g}").format(
                            name=name, position=list(worst), value=array[worst]),
                        hint=ctx.step.hint, details=errors,
                        code=ratio.mistake["code"] if ratio else "numpy_net.gradient",
                        params={"name": name, **(ratio.mistake["params"] if ratio else {})})
    return Finding(True, details=[])


def _ratio(found, expected):
    """What a wrong gradient looks like, when it is a plain multiple of the right one: a
    :class:`Problem` (the mistake: all zeros, the wrong sign or a wrong factor), or ``""``."""
    if not np.any(expected) or not np.any(found):
        return Problem(_("(yours is all zeros)"), "numpy_net.gradient_zeros") if np.any(
            expected) else ""
    factor = float(np.sum(found * expected) / np.sum(expected * expected))
    if relative_error(found, factor * expected) > 1e-4:
        return ""
    if abs(factor + 1) < 1e-3:
        return Problem(_("(yours has the wrong sign)"), "numpy_net.gradient_sign")
    return Problem(_("(yours is {factor:.4g} times the right one: a missing or extra factor, "
                     "such as 1/m?)").format(factor=factor), "numpy_net.gradient_factor",
                   factor=float(f"{factor:.4g}"))


@register("xor")
def check_xor(ctx):
    """Two networks trained on XOR, measured here: the one without a hidden layer cannot get all
    four points right (a straight line cannot split them); the one with a hidden layer must."""
    X, Y = (np.asarray(arg, float) for arg in ctx.args[:2])
    if not isinstance(ctx.value, (tuple, list)) or len(ctx.value) != 2:
        return fail(_("expected (parameters without a hidden layer, parameters with one), found "
                      "{found}").format(found=describe(ctx.value)),
                    expected=_("a tuple of 2 dicts"), found=describe(ctx.value),
                    hint=ctx.step.hint, code="numpy_net.form", params={"found": kind_of(ctx.value)})
    flat, hidden = ctx.value
    for value, layers, which in ((flat, 1, _("the first network")),
                                 (hidden, 2, _("the second network"))):
        problem = _parameters_problem(value)
        if problem is None and layer_count(value) != layers:
            problem = Problem(_("it has {found} layers of weights, expected {expected}").format(
                found=layer_count(value), expected=layers), "numpy_net.layer_count",
                expected=layers, found=layer_count(value))
        if problem:
            return fail(f"{which}: {problem}", expected=_("[2, 2] and [2, hidden units, 2]"),
                        found=describe(value), hint=ctx.step.hint, code=problem.mistake["code"],
                        params={"network": layers, **problem.mistake["params"]})
    scores = [accuracy(X, Y, flat), accuracy(X, Y, hidden)]
    found = _("without a hidden layer {flat:.0%} of the 4 points, with one {hidden:.0%}").format(
        flat=scores[0], hidden=scores[1])
    if scores[1] < 1:
        return fail(_("the network with a hidden layer gets only {score:.0%} of XOR's four "
                      "points right (measured by the grader)").format(score=scores[1]),
                    expected=_("100% with a hidden layer"), found=found, hint=ctx.step.hint,
                    code="numpy_net.xor_unsolved", params={"correct": round(scores[1] * 4)})
    return Finding(True, notes=[_("Measured by the grader: {found}. No straight line splits "
                                  "XOR's points, so a network without a hidden layer can never "
                                  "get all four right.").format(found=found)])


@register("numpy_accuracy")
def check_numpy_accuracy(ctx):
    """The trained parameters' accuracy on ``expect.x`` and ``expect.y`` (the test set),
    measured with the grader's own forward pass, against ``expect.threshold`` (measured on the
    reference over seeds, see the spec)."""
    problem = _parameters_problem(ctx.value)
    if problem:
        return fail(problem, expected=_("the trained parameters"), found=describe(ctx.value),
                    hint=ctx.step.hint)
    X, Y = (np.asarray(ctx.lookup(ctx.step.expect[key]), float) for key in ("x", "y"))
    threshold = ctx.step.expect["threshold"]
    try:
        score = accuracy(X, Y, ctx.value, ctx.step.expect.get("hidden", "relu"))
    except (ValueError, KeyError) as error:
        return fail(_("the parameters do not fit the data: {error}").format(error=error),
                    expected=_("W1 of shape (units, {features})").format(features=X.shape[0]),
                    found=describe(ctx.value.get("W1")), hint=ctx.step.hint,
                    code="numpy_net.input_size",
                    params={"expected": X.shape[0], "found": kind_of(ctx.value.get("W1"))})
    found = _("test accuracy {accuracy:.4f} ({correct} of {total} correct)").format(
        accuracy=score, correct=round(score * Y.shape[1]), total=Y.shape[1])
    if score < threshold:
        return fail(_("test accuracy {accuracy:.4f} is below {threshold:.2f}").format(
                        accuracy=score, threshold=threshold),
                    expected=_("test accuracy >= {threshold:.2f}").format(threshold=threshold),
                    found=found, hint=ctx.step.hint, code="numpy_net.accuracy_low",
                    params={"threshold": threshold})
    return Finding(True, notes=[found])


@register("gradient_norms")
def check_gradient_norms(ctx):
    """Per-layer norms of dW for a sigmoid and a relu network with the same parameters, against
    the grader's own backward pass; the note says how much the first layer's gradient shrank."""
    X, Y, parameters = ctx.args[:3]
    if not isinstance(ctx.value, (tuple, list)) or len(ctx.value) != 2:
        return fail(_("expected (sigmoid norms, relu norms), found {found}").format(
                        found=describe(ctx.value)),
                    expected=_("a tuple of 2 lists"), found=describe(ctx.value),
                    hint=ctx.step.hint, code="numpy_net.form", params={"found": kind_of(ctx.value)})
    layers = layer_count(parameters)
    measured = []
    for hidden, found in zip(("sigmoid", "relu"), ctx.value):
        grads = gradients(np.asarray(X, float), np.asarray(Y, float), parameters, hidden)
        expected = np.array([np.linalg.norm(grads[f"dW{layer}"]) for layer in range(1, layers + 1)])
        array = np.asarray(found, float) if isinstance(found, (list, tuple, np.ndarray)) else None
        if array is None or array.shape != expected.shape:
            return fail(_("{hidden}: expected one norm per layer ({layers} numbers), found "
                          "{found}").format(hidden=hidden, layers=layers, found=describe(found)),
                        expected=np.array2string(expected, precision=3), found=describe(found),
                        hint=ctx.step.hint, code="numpy_net.norm_count",
                        params={"activation": hidden, "expected": layers, "found": kind_of(found)})
        wrong = np.flatnonzero(~np.isclose(array, expected, rtol=1e-4, atol=1e-12))
        if wrong.size:
            layer = int(wrong[0]) + 1
            return fail(_("{hidden}: the norm of dW{layer} is {found:.4g}, expected {expected:.4g}"
                          ).format(hidden=hidden, layer=layer, found=array[layer - 1],
                                   expected=expected[layer - 1]),
                        expected=np.array2string(expected, precision=4),
                        found=np.array2string(array, precision=4), hint=ctx.step.hint,
                        code="numpy_net.norm", params={"activation": hidden, "layer": layer})
        measured.append(expected)
    shrink = [norms[0] / norms[-1] for norms in measured]
    return Finding(True, notes=[_("The first layer's gradient is {sigmoid:.1e} times the last "
                                  "layer's with sigmoid, {relu:.1e} times with relu: sigmoid's "
                                  "derivative is at most 0.25, so each layer shrinks the "
                                  "gradient (vanishing gradients).").format(
                                      sigmoid=shrink[0], relu=shrink[1])])


@register("symmetry")
def check_symmetry(ctx):
    """First-layer weights after training from all-zero weights (every hidden unit the same:
    identical rows, yet trained away from zero) and from He initialization (rows differ)."""
    if not isinstance(ctx.value, (tuple, list)) or len(ctx.value) != 2 or not all(
            isinstance(item, np.ndarray) and item.ndim == 2 for item in ctx.value):
        return fail(_("expected (W1 after zero initialization, W1 after He initialization), "
                      "found {found}").format(found=describe(ctx.value)),
                    expected=_("a tuple of 2 arrays"), found=describe(ctx.value),
                    hint=ctx.step.hint, code="numpy_net.form", params={"found": kind_of(ctx.value)})
    zeros, he = ctx.value
    spread = [float(np.abs(W - W[0]).max()) for W in (zeros, he)]
    if not np.any(zeros):
        return fail(_("W1 after zero initialization is still all zeros: it was not trained"),
                    expected=_("trained weights"), found=_("all zeros"), hint=ctx.step.hint,
                    code="numpy_net.not_trained")
    if spread[0] > 1e-8:
        return fail(_("after zero initialization the hidden units differ (rows of W1 differ by "
                      "up to {spread:.3g}): were the weights really all zero, and the hidden "
                      "activation sigmoid?").format(spread=spread[0]),
                    expected=_("identical rows"), found=np.array2string(zeros, precision=3),
                    hint=ctx.step.hint, code="numpy_net.zero_init_asymmetric")
    if spread[1] < 1e-3:
        return fail(_("after He initialization the hidden units are still identical"),
                    expected=_("rows that differ"), found=np.array2string(he, precision=3),
                    hint=ctx.step.hint, code="numpy_net.he_init_symmetric")
    return Finding(True, notes=[_("From zeros all {units} hidden units learned the very same "
                                  "weights (they get the same gradient at every update), so they "
                                  "act as one unit; random initialization breaks that "
                                  "symmetry.").format(units=zeros.shape[0])])


@register("cost_curve")
def check_cost_curve(ctx):
    """A training loop: one cost per epoch (``expect.epochs``), parameters of the shapes asked
    for, and a final cost, measured here with the grader's own forward pass, at most
    ``expect.max_cost`` (from the reference's runs over seeds, see the spec)."""
    X, Y, layer_dims = np.asarray(ctx.args[0], float), np.asarray(ctx.args[1], float), ctx.args[2]
    expect = ctx.step.expect
    if not isinstance(ctx.value, (tuple, list)) or len(ctx.value) != 2:
        return fail(_("expected (parameters, costs), found {found}").format(
                        found=describe(ctx.value)),
                    expected=_("a tuple of a dict and a list"), found=describe(ctx.value),
                    hint=ctx.step.hint, code="numpy_net.form", params={"found": kind_of(ctx.value)})
    parameters, costs = ctx.value
    problem = _parameters_problem(parameters, layer_dims)
    if problem:
        return fail(problem, expected=_("parameters for layers {dims}").format(dims=layer_dims),
                    found=describe(parameters), hint=ctx.step.hint)
    costs = np.asarray(costs, float).ravel() if isinstance(costs, (list, np.ndarray)) else None
    if costs is None or len(costs) != expect["epochs"]:
        return fail(_("expected one cost per epoch ({epochs} numbers), found {found}").format(
                        epochs=expect["epochs"], found=describe(ctx.value[1])),
                    expected=_("{epochs} costs").format(epochs=expect["epochs"]),
                    found=describe(ctx.value[1]), hint=ctx.step.hint, code="numpy_net.cost_count",
                    params={"expected": expect["epochs"], "found": kind_of(ctx.value[1])})
    final = cost(X, Y, parameters, ctx.args[3] if len(ctx.args) > 3 else "relu")
    if not np.isfinite(final) or final > expect["max_cost"]:
        return fail(_("after training, the cost is {final:.4f} (measured by the grader); the "
                      "reference's training gets below {limit:.4f}").format(
                        final=final, limit=expect["max_cost"]),
                    expected=_("cost <= {limit:.4f}").format(limit=expect["max_cost"]),
                    found=_("cost {first:.4f} at the first epoch, {final:.4f} after the "
                            "last").format(first=costs[0], final=final),
                    hint=ctx.step.hint, code="numpy_net.cost_high" if np.isfinite(final) else
                    "numpy_net.diverged")
    return PASS
