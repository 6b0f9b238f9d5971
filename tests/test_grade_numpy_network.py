"""End to end on the NumPy-only network: the solution passes, the stubs are not done, and
hand-made mistakes (a backward pass with a wrong sign or a missing 1/m, a derivative taken at the
wrong place, Keras used, a wrong initialization scale, a learning rate mixed up) get the right
verdict from numerical gradient checking or the grader's own measurements. Only the step about a
mistake is graded (``--only``): every step gets the grader's inputs, so no other step is needed."""

import re

import numpy as np
import pytest

from grader.spec import parse_arg
from tests.conftest import ROOT
from tests.grading import (assert_only_step_fails, check_stubs_not_done, grade, graded_only,
                           not_passed, variant)

EXERCISE = "numpy_network"
MODULE = "numpy_network.py"


def test_reference_solution_passes_every_check_and_says_what_it_measured(tmp_path):
    code, checks, output = grade(EXERCISE, ROOT / "solutions", tmp_path)
    assert not_passed(checks) == {} and code == 0, output
    # What the note means, not its figure: a network without a hidden layer never gets all four
    # XOR points (how many of the four it gets, of its near-0.5 outputs, floating point decides).
    flat, hidden = map(int, re.search(r"without a hidden layer (\d+)% of the 4 points, with one "
                                      r"(\d+)%", checks["solve_xor"]["notes"][0]).groups())
    assert flat < 100 and hidden == 100, checks["solve_xor"]
    assert "with sigmoid" in checks["gradient_norms"]["notes"][0]


def test_untouched_stubs_are_all_not_done_yet_in_korean(tmp_path):
    checks, output = check_stubs_not_done(EXERCISE, tmp_path, "--lang", "ko")
    assert "아직 안 함" in output or "TODO" in output, output


# Mistakes in functions no other graded step of their grading calls: graded together, one step
# each (every step gets the grader's inputs, so one mistake cannot hide another).
# step: (replacement in the solution, the start of the step's message)
TOGETHER = {
    "linear_backward": (  # dW with the wrong sign
        ("dZ @ A_prev.T, dZ.sum", "-(dZ @ A_prev.T), dZ.sum"),
        "dW is wrong: relative error 1 against numerical gradient checking (allowed 1e-05) "
        "(yours has the wrong sign)"),
    "sigmoid_backward": (  # sigmoid's derivative formula applied to its input as if its output
        ("    s = sigmoid(Z)\n    return dA * s * (1 - s)", "    return dA * Z * (1 - Z)"),
        "dZ is wrong: relative error 0.96 against numerical gradient checking"),
    "relu_backward": (  # relu's derivative taken at the gradient, not at the input
        ("return dA * (Z > 0)", "return dA * (dA > 0)"),
        "dZ is wrong: relative error 0.46 against numerical gradient checking"),
    "init_he": (  # He initialization with LeCun's scale
        ("np.sqrt(2 / fan_in) if", "np.sqrt(1 / fan_in) if"),
        "the weights of W1 have standard deviation 0.0576; he initialization gives 0.0816 = "
        "sqrt(2 / n_in) with n_in = 300 (yours looks like a scale of sqrt(1 / n_in))"),
}


def test_mistakes_in_separate_functions_each_fail_their_own_step(tmp_path):
    folder = variant(tmp_path, MODULE, *(change for change, _message in TOGETHER.values()))
    only, _left_out = graded_only(EXERCISE, *TOGETHER)
    code, checks, output = grade(EXERCISE, folder, tmp_path, *only)
    assert code == 1, output
    for step, (_change, message) in TOGETHER.items():
        assert checks[step]["status"] == "failed", output
        assert checks[step]["message"].startswith(message), output
        assert checks[step]["hint"], output


# name: (replacements, the step graded, the start of its message)
VARIANTS = {
    "the 1/m left out of the output layer's gradient": (
        [("dZ = (AL - Y) / Y.shape[1]", "dZ = AL - Y")], "backward_pass",
        "dW3 is wrong: relative error 0.67 against numerical gradient checking (allowed 1e-05) "
        "(yours is 5 times the right one: a missing or extra factor, such as 1/m?)"),
    "keras inside a step": (
        [("    return np.maximum(0, Z)",
          "    import keras\n    return keras.ops.convert_to_numpy(keras.ops.relu(Z))")],
        "forward_pass", "forward_pass() uses keras: this exercise is NumPy only"),
    "zero initialization with relu hidden units": (
        [('train(X, Y, [4, 5, 3], "sigmoid"', 'train(X, Y, [4, 5, 3], "relu"')], "symmetry",
        "W1 after zero initialization is still all zeros: it was not trained"),
    "learning rates mixed up": (
        [("[4, 16, 3], learning_rate=0.1, epochs=1000",
          "[4, 16, 3], learning_rate=0.001, epochs=1000")], "train_iris",
        "test accuracy 0."),  # below 0.92 (the verdict says so); its digits are the CPU's
}


@pytest.mark.parametrize("name", VARIANTS)
def test_wrong_variant_fails_its_step_with_a_message_to_act_on(tmp_path, name):
    assert_only_step_fails(EXERCISE, tmp_path, *VARIANTS[name])


def test_generated_inputs_are_the_same_everywhere_and_shaped_as_written():
    network = parse_arg({"network": [3, 4, 2], "seed": 12}).resolved()
    assert {name: value.shape for name, value in network.items()} == {
        "W1": (4, 3), "b1": (4, 1), "W2": (2, 4), "b2": (2, 1)}
    again = parse_arg({"network": [3, 4, 2], "seed": 12}).resolved()
    assert all(np.array_equal(network[name], again[name]) for name in network)
    one_hot = parse_arg({"one_hot": [2, 5], "seed": 13}).resolved()
    assert one_hot.shape == (2, 5) and (one_hot.sum(axis=0) == 1).all() and one_hot.sum(1).min() > 0
    assert parse_arg({"random": [4, 6], "seed": 1}).resolved().shape == (4, 6)
