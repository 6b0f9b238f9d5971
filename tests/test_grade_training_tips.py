"""End to end on the training-tips experiments: the solution passes (its curves are the
reference's), the stubs are not done, a forgotten regularizer is caught in the model itself, and
answers that contradict the student's own curves (learning rates mixed up) or an interpretation
left empty get the right verdict. Slow: the reference runs every experiment once (about a
minute)."""

import pytest

from tests.conftest import ROOT, needs_real_data
from tests.grading import check_stubs_not_done, grade, graded_only, not_passed, variant

pytestmark = needs_real_data
EXERCISE = "training_tips"
MODULE = "training_tips.py"


@pytest.mark.long
def test_reference_solution_passes_every_check(tmp_path):
    code, checks, output = grade(EXERCISE, ROOT / "solutions", tmp_path)
    assert not_passed(checks) == {} and code == 0, output


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


def test_answers_against_the_students_own_curves_and_an_empty_interpretation(tmp_path):
    folder = variant(
        tmp_path, MODULE,
        ('answers = {"too_high": too_high, "about_right": about_right,',
         'answers = {"too_high": "0.001", "about_right": about_right,'),
        ('"Momentum and Adam go much further than plain SGD in the same 10 epochs."', '""'))
    only, _left_out = graded_only(EXERCISE, "learning_rates", "optimizers")
    code, checks, output = grade(EXERCISE, folder, tmp_path, *only)
    assert checks["learning_rates"]["status"] == "failed", output
    assert checks["learning_rates"]["message"] == (
        "too_high: your own curves say '1.0', not '0.001'")
    assert checks["optimizers"]["message"] == (
        "write a sentence or two on what the curves show (the third item)")
