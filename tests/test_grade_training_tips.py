"""End to end on the training-tips experiments: the solution passes (its curves are the
reference's), the stubs are not done, a forgotten regularizer is caught in the model itself, and
answers that contradict the student's own curves (learning rates mixed up) or an interpretation
left empty get the right verdict (the last two also without a grading run). Slow: the reference runs every experiment once (about a
minute)."""

import numpy as np
import pytest

from tests.conftest import ROOT, needs_real_data
from tests.grading import (check_stubs_not_done, grade, graded_only, judge_check, not_passed,
                           variant)

EXERCISE = "training_tips"
MODULE = "training_tips.py"


@pytest.mark.long
@needs_real_data
def test_reference_solution_passes_every_check(tmp_path):
    code, checks, output = grade(EXERCISE, ROOT / "solutions", tmp_path)
    assert not_passed(checks) == {} and code == 0, output


@needs_real_data
def test_untouched_stubs_are_all_not_done_yet(tmp_path):
    check_stubs_not_done(EXERCISE, tmp_path)


def test_a_forgotten_regularizer_is_found_missing_in_the_model(tmp_path):
    folder = variant(tmp_path, MODULE, ("kernel_regularizer=regularizer)", ")"))
    only, _left_out = graded_only(EXERCISE, "build_l2_model", "build_dropout_model")
    code, checks, output = grade(EXERCISE, folder, tmp_path, *only)
    assert {step: status for step, status in not_passed(checks).items()
            if step in ("build_l2_model", "build_dropout_model")} == {
        "build_l2_model": "failed"}, output
    assert checks["build_l2_model"]["message"] == (
        "no Dense layer has kernel_regularizer=keras.regularizers.L2(0.001) (found: none)")


@needs_real_data
def test_answers_that_contradict_the_students_own_curves_are_named(tmp_path):
    folder = variant(tmp_path, MODULE, ('return curves, {"fastest": last(curves), ',
                                        'return curves, {"fastest": "sgd", '))
    only, _left_out = graded_only(EXERCISE, "optimizers")
    code, checks, output = grade(EXERCISE, folder, tmp_path, *only)
    assert code == 1 and checks["optimizers"]["status"] == "failed", output
    assert checks["optimizers"]["message"] == "fastest: your own curves say 'adam', not 'sgd'"


def experiment(step, curves, answers, interpretation, reference=None):
    """The experiment check of ``step`` on a student's result (no grading run)."""
    return judge_check(EXERCISE, step, (curves, answers, interpretation),
                       reference=reference or (curves, answers, "the reference's words"))


def curve(first, last, epochs=10):
    return list(np.linspace(first, last, epochs))


LEARNING_RATES = {"0.001": curve(2.2, 1.6), "0.1": curve(1.0, 0.39), "1.0": curve(2.3, 2.31),
                  "1.0 with decay": curve(2.0, 1.05)}
RIGHT = {"too_high": "1.0", "about_right": "0.1", "too_low": "0.001",
         "better_of_1.0": "1.0 with decay"}


def test_answers_are_judged_on_the_students_curves_and_the_interpretation_must_be_there():
    assert experiment("learning_rates", LEARNING_RATES, RIGHT, "0.001 is slow, 1.0 jumps "
                      "around, 0.1 is right").passed
    mixed = {**RIGHT, "too_high": "0.001", "too_low": "1.0"}
    assert experiment("learning_rates", LEARNING_RATES, mixed, "five words or more here").message \
        == "too_high: your own curves say '1.0', not '0.001'"
    assert experiment("learning_rates", LEARNING_RATES, RIGHT, "").message == (
        "write a sentence or two on what the curves show (the third item)")


def test_curves_far_from_the_references_are_named_with_the_allowed_spread():
    reference = ({**LEARNING_RATES, "0.1": curve(1.0, 0.2)}, RIGHT, "")
    finding = experiment("learning_rates", LEARNING_RATES, RIGHT, "a few words about curves",
                         reference)
    assert finding.message.startswith("0.1: your curve ends at 0.39, the reference's at 0.2; "
                                      "runs with other seeds stay within a factor of 1.05")
