"""A lead's tools for writing an exercise (grader/authoring): the master and the stub made from
it, `make exercises`, `python -m grader new`, `draft-spec` and `make validate`."""

import doctest
import tomllib

import pytest

from grader.authoring import draft, master
from grader.authoring.generate import exercise_files, generate_exercises
from grader.authoring.master import MasterError, stub_from_master, without_step
from grader.authoring.scaffold import ScaffoldError, scaffold
from grader.runner import RunOptions
from grader.spec import available_exercises, load_spec
from tests.conftest import ROOT, needs_real_data


@pytest.mark.parametrize("module", [master, draft])
def test_the_documented_examples_hold(module):
    assert doctest.testmod(module).failed == 0


@pytest.mark.parametrize("exercise", available_exercises())
def test_each_committed_stub_and_notebook_is_what_its_master_generates(exercise):
    for path, text in exercise_files(exercise).items():
        assert path.read_text(encoding="utf-8") == text, (
            f"{path.relative_to(ROOT)} is out of date with solutions/{path.stem}.py: run "
            "make exercises")


def test_every_step_function_of_a_master_has_its_solution_marked():
    for exercise in available_exercises():
        spec = load_spec(exercise)
        text = (ROOT / "solutions" / spec.module).read_text(encoding="utf-8")
        for step in spec.steps:  # raises MasterError when a step has no solution block
            assert "return None" in without_step(text, step.function_name)


MASTER = '''import numpy as np

### BEGIN SOLUTION
SCALE = 2.0
### END SOLUTION


def double(x):
    """Step 1."""
    ### BEGIN SOLUTION
    y = np.asarray(x)
    return y * SCALE
    ### END SOLUTION


def halve(x):
    """Step 2."""
    return x / 2  # SOLUTION


### BEGIN SOLUTION
if __name__ == "__main__":
    print(double(1))
### END SOLUTION
'''


def test_a_stub_keeps_the_instructions_and_raises_where_the_solution_was():
    assert stub_from_master(MASTER) == '''import numpy as np


def double(x):
    """Step 1."""
    raise NotImplementedError


def halve(x):
    """Step 2."""
    raise NotImplementedError
'''
    forgot = without_step(MASTER, "halve")
    assert "    return None\n" in forgot and "return y * SCALE" in forgot
    namespace = {}
    exec(compile(forgot, "master", "exec"), namespace)
    assert namespace["double"](3) == 6 and namespace["halve"](3) is None


@pytest.mark.parametrize("broken, said", [
    (MASTER.replace("    ### END SOLUTION\n", "", 1), "line 20: ### BEGIN SOLUTION inside the "
                                                       "block opened on line 10"),
    (MASTER.replace("### BEGIN SOLUTION\nSCALE", "SCALE", 1), "line 4: ### END SOLUTION without"),
    (MASTER.replace("    ### END SOLUTION", "### END SOLUTION", 1), "line 13: indent ### END "
                                                                     "SOLUTION as its"),
    (MASTER.rsplit("### END SOLUTION", 1)[0], "line 21: ### BEGIN SOLUTION is never closed"),
])
def test_a_broken_marker_is_named_with_its_line_and_the_fix(broken, said):
    with pytest.raises(MasterError) as error:
        stub_from_master(broken, "solutions/x.py")
    assert str(error.value).startswith("solutions/x.py, ") and said in str(error.value)


def test_new_refuses_a_bad_name_an_existing_exercise_and_no_data(tmp_path):
    with pytest.raises(ScaffoldError, match="lower-case letters"):
        scaffold("My Exercise", data="iris", root=tmp_path)
    with pytest.raises(ScaffoldError, match="solutions/iris.py already exists"):
        scaffold("iris", data="iris", root=ROOT)
    with pytest.raises(ScaffoldError, match="name the data: --data"):
        scaffold("mine", root=tmp_path)


def kit_copy(tmp_path):
    """An empty kit beside this one: its own specs, solutions and exercises folders."""
    root = tmp_path / "kit"
    for folder in ("grader/specs", "solutions", "exercises"):
        (root / folder).mkdir(parents=True)
    return root


@pytest.mark.long
@needs_real_data
def test_a_new_exercise_made_by_the_tools_is_fit_to_hand_out(tmp_path):
    """new -> draft-spec -> make exercises -> validate, on iris: the master passes, the stub
    is TODO, each forgotten step fails alone; the untranslated titles are named."""
    from grader.authoring.validate import validate

    root = kit_copy(tmp_path)
    master_path, spec_path = scaffold("iris_again", data="iris", root=root)
    options = RunOptions(cache_dir=tmp_path / "cache")
    said = []
    draft.draft_spec("iris_again", options, seeds=(0, 1), root=root, progress=said.append)
    spec = tomllib.loads(spec_path.read_text(encoding="utf-8"))
    assert [step["check"] for step in spec["steps"]] == [
        "same_as_reference", "architecture", "compile", "training"]
    assert spec["steps"][3]["expect"] == {"epochs": 5, "batch_size": 32,
                                          "not_from": "load_data[1][0]"}
    assert spec["architecture"]["input_shape"] == [4]
    assert spec["architecture"]["layers"][-1] == {"type": "Dense", "units": 3,
                                                  "activation": "softmax"}
    assert spec["compile"]["loss"] == ["sparse_categorical_crossentropy"]
    assert 0 < spec["accuracy"]["threshold"] < 1
    drafted = spec_path.read_text(encoding="utf-8")
    assert drafted.count("Measured by draft-spec") == 1
    # Drafting again (the runs are cached) replaces what it wrote: the same file.
    draft.draft_spec("iris_again", options, seeds=(0, 1), root=root, progress=said.append)
    assert spec_path.read_text(encoding="utf-8") == drafted

    written = generate_exercises(["iris_again"], root=root)
    assert sorted(change.path.name for change in written) == ["iris_again.ipynb", "iris_again.py"]
    assert generate_exercises(["iris_again"], root=root, write=False) == []
    assert "raise NotImplementedError" in (root / "exercises" / "iris_again.py").read_text()

    findings = validate("iris_again", options, seeds=(0,), root=root, notebook=False,
                        progress=said.append)
    problems = [finding.text for finding in findings if not finding.ok and not finding.warning]
    assert problems == [], said
    assert any("train_model() returning None fails that step only" in f.text for f in findings)
    warning, = [finding for finding in findings if finding.warning]
    assert "no Korean translation yet" in warning.text and "'Load the data'" in warning.text

    # A threshold the master cannot reach: not fit, and the line says at which seed.
    spec_path.write_text(spec_path.read_text(encoding="utf-8").replace(
        f"threshold = {spec['accuracy']['threshold']}", "threshold = 0.999"), encoding="utf-8")
    findings = validate("iris_again", options, seeds=(0,), root=root, notebook=False,
                        progress=said.append)
    assert findings[0].text == "the master misses accuracy at seed 0", said
