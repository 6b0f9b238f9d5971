"""Specs are data: they load, and a broken one is a clear error naming the file."""

import pytest

from grader.spec import EARLY_CHECKS, ArgRef, SpecError, available_exercises, load_spec


def test_iris_spec_loads_with_points_and_arguments():
    spec = load_spec("iris")
    assert "iris" in available_exercises()
    assert spec.step("train_model").args[0] == ArgRef("compile_model", model=True)
    assert spec.step("split_train_test").args[0] == ArgRef("split_features_target", (0,))
    assert ArgRef.parse("load_data[1][0]").pick(((1, 2), (3, 4))) == 3
    assert spec.max_points == sum(step.points for step in spec.steps) + spec.accuracy["points"]


def test_every_spec_step_has_a_function_in_exercise_and_solution():
    import ast
    from tests.conftest import ROOT
    for exercise in available_exercises():
        spec = load_spec(exercise)
        for folder in ("exercises", "solutions"):
            tree = ast.parse((ROOT / folder / spec.module).read_text())
            functions = {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}
            assert {step.function_name for step in spec.steps} <= functions, (folder, spec.module)


@pytest.mark.parametrize("text, words", [
    ('id="x"\ntitle="x"\nmodule="x.py"\n[[steps]]\nname="a"\ntitle="A"\ncheck="nope"\n',
     "unknown check 'nope'"),
    ('id="x"\ntitle="x"\nmodule="x.py"\n[[steps]]\nname="a"\ntitle="A"\ncheck="summary"\n'
     'args=["b"]\n', "not an earlier step"),
    ('id="x"\ntitle="x"\nmodule="x.py"\n[[steps]]\nname="a"\ntitle="A"\ncheck="summary"\n'
     'args=["b!"]\n', "bad step argument"),
    ("id = ", "x.toml"),
])
def test_broken_spec_is_a_clear_error(tmp_path, text, words):
    (tmp_path / "x.toml").write_text(text)
    with pytest.raises(SpecError, match=words.replace("(", r"\(").replace("[", r"\[")):
        load_spec("x", tmp_path)


def test_unknown_exercise_lists_the_known_ones():
    with pytest.raises(SpecError, match="known: .*iris"):
        load_spec("mnist")


def test_model_chain_skips_literal_arguments(tmp_path):
    (tmp_path / "x.toml").write_text(
        'id="x"\ntitle="x"\nmodule="x.py"\n'
        '[[steps]]\nname="build"\ntitle="B"\ncheck="architecture"\n'
        '[[steps]]\nname="train"\ntitle="T"\ncheck="training"\n'
        'args=[{ value = "notes.txt" }, "build.model"]\n')
    assert load_spec("x", tmp_path).model_chain("train") == ["build", "train"]


def test_model_checks_run_first_but_only_with_what_they_take_as_input(tmp_path):
    (tmp_path / "x.toml").write_text(
        'id="x"\ntitle="x"\nmodule="x.py"\n'
        '[[steps]]\nname="data"\ntitle="D"\ncheck="same_as_reference"\n'
        '[[steps]]\nname="build"\ntitle="B"\ncheck="architecture"\n'
        '[[steps]]\nname="sized"\ntitle="S"\ncheck="architecture"\nargs=["data"]\n'
        '[[steps]]\nname="compile"\ntitle="C"\ncheck="compile"\nargs=["build.model"]\n'
        '[[steps]]\nname="train"\ntitle="T"\ncheck="training"\nargs=["compile.model"]\n')
    spec = load_spec("x", tmp_path)
    # "sized" needs the data step's output, so it waits for it; training never moves up.
    assert [step.name for step in spec.run_order] == ["build", "compile", "data", "sized", "train"]
    for exercise in available_exercises():  # every real exercise: model checks before any data
        spec = load_spec(exercise)
        first = [step.check for step in spec.run_order[:len(spec.early_steps)]]
        model_checks = {step.check for step in spec.steps} & {"architecture", "compile"}
        assert model_checks <= set(first) and set(first) <= set(EARLY_CHECKS), exercise
