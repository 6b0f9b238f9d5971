"""End to end on the exercise the README's "Write your own exercise" makes with the lead's tools
(a small CNN on Fashion-MNIST): the master passes, the stubs are not done, and a forgotten
compile costs that step alone: training is graded on a compiled model lent by the reference."""

import pytest

from grader.authoring.master import without_step
from tests.conftest import ROOT
from tests.grading import check_solution_passes, check_stubs_not_done, grade, not_passed

EXERCISE = "fashion_cnn"


@pytest.mark.long
def test_reference_solution_passes_every_check(tmp_path):
    check_solution_passes(EXERCISE, tmp_path)


def test_untouched_stubs_are_all_not_done_yet(tmp_path):
    check_stubs_not_done(EXERCISE, tmp_path)


@pytest.mark.long
def test_a_forgotten_compile_fails_that_step_and_training_is_graded_on_its_own(tmp_path):
    folder = tmp_path / "submission"
    folder.mkdir()
    master = (ROOT / "solutions" / "fashion_cnn.py").read_text(encoding="utf-8")
    (folder / "fashion_cnn.py").write_text(without_step(master, "compile_model"), encoding="utf-8")
    code, checks, output = grade(EXERCISE, folder, tmp_path)
    assert code == 1 and not_passed(checks) == {"compile_model": "failed",
                                                 "accuracy": "failed"}, output
    assert checks["compile_model"]["message"] == "the model is not compiled", output
    assert "given a model the reference solution built instead" in " ".join(
        checks["train_model"]["notes"]), output
    assert checks["accuracy"]["message"].startswith("not measured: the model was not all yours")
