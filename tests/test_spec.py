"""Specs are data: they load, and a broken one is a clear error naming the file."""

import ast
import re

import pytest

from grader.spec import EARLY_CHECKS, ArgRef, SpecError, available_exercises, load_spec
from tests.conftest import ROOT


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


HEADING = re.compile(r"^# ## (\d+)(?:-(\d+))?\. (.+?) · (.+)$")


def numbered_functions(exercise):
    """``{function: (heading numbers, heading title, docstring)}`` of an exercise file: the step
    heading ``# ## N. English · 한국어`` (or ``N-M.`` over several functions) above each function."""
    source = (ROOT / "exercises" / f"{exercise}.py").read_text(encoding="utf-8")
    docstrings = {node.name: ast.get_docstring(node) or "" for node in ast.parse(source).body
                  if isinstance(node, ast.FunctionDef)}
    found, heading = {}, None
    for line in source.splitlines():
        match = HEADING.match(line)
        if match:
            first = int(match[1])
            heading = (range(first, int(match[2] or first) + 1), match[3])
        elif line.startswith("# ## "):
            heading = None  # "All together": no step of its own
        elif line.startswith("def ") and heading:
            name = line[4:line.index("(")]
            found[name] = (*heading, docstrings[name])
    return found


def docstring_numbers(docstring):
    """The numbers of "Step 3.", "Steps 9 and 10.", "Steps 3 to 5." at a docstring's start."""
    match = re.match(r"Steps? (\d+)(?: (and|to) (\d+))?\.", docstring)
    if not match:
        return []
    first, last = int(match[1]), int(match[3] or match[1])
    return list(range(first, last + 1)) if match[2] != "and" else [first, last]


def korean_docstring_numbers(docstring):
    """The numbers of the Korean paragraph's "3단계.", "9, 10단계.", "3~5단계."."""
    match = re.search(r"^(\d+)(?:(, |~)(\d+))?단계\.", docstring, re.MULTILINE)
    if not match:
        return []
    first, last = int(match[1]), int(match[3] or match[1])
    return list(range(first, last + 1)) if match[2] != ", " else [first, last]


@pytest.mark.parametrize("exercise", available_exercises())
def test_step_numbers_agree_in_headings_docstrings_and_the_report(exercise):
    """The report numbers a spec's steps 1, 2, ... in order. The exercise file's heading over a
    function gives the same numbers and title, and the function's docstring starts "Step N."
    with the numbers of the steps that grade it (a function graded again on other inputs, such
    as the test set, is named by its own step's heading only)."""
    spec = load_spec(exercise)
    graded_by = {}
    for position, step in enumerate(spec.steps, 1):
        graded_by.setdefault(step.function_name, []).append((position, step))
    functions = numbered_functions(exercise)
    assert functions, f"{exercise}: no numbered step headings"
    assert set(graded_by) <= set(functions), (exercise, set(graded_by) - set(functions))
    for name, (numbers, title, docstring) in functions.items():
        own = [(position, step) for position, step in graded_by.get(name, [])
               if step.function != name or len(numbers) > 1]
        stated = docstring_numbers(docstring)
        assert stated and set(stated) <= set(numbers), (exercise, name, list(numbers), stated)
        assert korean_docstring_numbers(docstring) == stated, (exercise, name, stated)
        if name not in graded_by:
            continue  # a helper the steps' functions call (numpy_network's activations)
        if len(numbers) == 1:
            position, step = graded_by[name][0]
            assert numbers[0] == position and title == step.title, (exercise, name, title)
        else:
            assert [position for position, _step in own] == stated, (exercise, name, stated)
