"""The study lead's analysis: every failing check names its kind of mistake as data (a stable
code and its parameters), and a cohort's mistakes are grouped by that data, in summary.md,
analysis.json and the report pages, in both languages. No grading here: the checks are called
on values, the cohort is made of result dicts."""

import ast
import json

import pytest

from grader.bulk.analysis import analyse
from grader.bulk.outputs import write_summary
from grader.bulk.page import write_report_pages
from grader.checks.architecture import constraint_problems, layer_differences
from grader.checks.compile import compile_problems
from grader.checks.values import compare
from grader.keras_files import Layer
from tests.conftest import ROOT

CHECKS = sorted((ROOT / "grader" / "checks").glob("*.py"))


@pytest.mark.parametrize("path", CHECKS, ids=lambda path: path.name)
def test_every_failure_a_check_can_give_names_its_kind_of_mistake(path):
    """Each ``fail(...)`` gives a ``code=``, or a message that is a ``Problem`` (a sentence with
    its code, built where the difference is found): never a sentence alone."""
    tree = ast.parse(path.read_text())
    helpers = {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}
    for call in [node for node in ast.walk(tree) if isinstance(node, ast.Call)
                 and getattr(node.func, "id", None) == "fail"]:
        if any(keyword.arg == "code" for keyword in call.keywords):
            continue
        message = call.args[0]
        # (a problem variable, an item of a list of problems, or a helper's Problem)
        assert isinstance(message, (ast.Name, ast.Subscript, ast.BoolOp)) or (
            isinstance(message, ast.Call) and getattr(message.func, "id", "") in helpers | {
                "Problem"}), f"{path.name}:{call.lineno}: fail() without a mistake code"


def test_the_model_checks_say_which_setting_is_wrong_as_data():
    found = [Layer("Dense", {"units": 16, "activation": "relu"}),
             Layer("Dense", {"units": 3, "activation": "sigmoid"})]
    wanted = [{"type": "Dense", "units": 16, "activation": "relu"},
              {"type": "Dense", "units": 3, "activation": "softmax"}]
    (problem,) = layer_differences(found, wanted)
    assert problem.startswith("layer 2: expected Dense(3, activation='softmax')")
    assert problem.mistake == {"code": "architecture.activation", "params": {
        "position": 2, "expected": "softmax", "found": "sigmoid"}}
    (last,) = constraint_problems(None, [{"kind": "last_layer", "layer": wanted[1]}],
                                  layers=found)
    assert last.mistake["code"] == "architecture.activation"
    assert last.mistake["params"]["position"] == "last"
    problems = compile_problems({"loss": "mse", "optimizer": "sgd", "metrics": []},
                                {"loss": ["categorical_crossentropy"], "optimizer": "Adam",
                                 "metrics": ["accuracy"]})
    assert [problem.mistake["code"] for problem in problems] == [
        "compile.loss", "compile.optimizer", "compile.metrics"]
    assert problems[1].mistake["params"] == {"expected": "Adam", "found": "SGD"}


def test_a_value_of_another_shape_says_both_shapes_as_data():
    import numpy as np

    problem = compare((np.zeros((4, 120)), np.zeros(3)), (np.zeros((120, 4)), np.zeros(3)))
    assert problem.mistake == {"code": "values.shape", "params": {
        "item": [0], "expected": [120, 4], "found": [4, 120]}}
    assert compare(np.ones(5), np.ones(5)) is None


def check(name, title, status, message="", code=None, params=None, points=4):
    return {"name": name, "title": title, "status": status, "points": points * (
        status == "passed"), "max_points": points, "message": message, "expected": "",
        "found": "", "hint": "the hint" if status != "passed" else "", "details": [],
        "notes": [], "mistakes": [{"code": code, "params": params or {}}] if code else []}


SIGMOID = ("failed", "the last layer should be softmax, found sigmoid",
           "architecture.activation", {"position": "last", "expected": "softmax",
                                       "found": "sigmoid"})
EPOCHS = ("failed", "the model made 40 weight updates, expected 400", "training.epochs",
          {"expected": 400, "found": 40, "epochs": 10})


def cohort():
    """Nine students of one exercise: three with the sigmoid output, two with too few epochs
    (one of them also with the sigmoid), one with a mistake of their own, one the grader failed
    on (its fault, not a mistake), one whose file did not run, one who did not hand it in, and
    a name a browser must not read as markup."""
    own = {
        "kim": [SIGMOID, EPOCHS], "lee": [SIGMOID, None], "<i>park": [SIGMOID, None],
        "choi": [None, EPOCHS],
        "jung": [("failed", "layer 1: expected Dense(16), found Dense(8)", "architecture.units",
                  {"position": 1, "expected": 16, "found": 8}), None],
        "han": [None, ("timeout", "stopped after 20 s", "run.timeout", {})],
        "seo": [None, ("grader_error", "the grader failed while checking this step", None)]}
    results = {}
    for student, (build, train) in own.items():
        checks = [check("build_model", "Build the model", *(build or ("passed",))),
                  check("train_model", "Train the model", *(train or ("passed",)))]
        score = sum(item["points"] for item in checks)
        results[student, "iris"] = {"exercise": "iris", "title": "Iris", "status": (
            "complete" if score == 8 else "incomplete"), "score": score, "max_score": 8,
            "problem": "", "notes": [], "checks": checks, "seconds": 3.5,
            "timing": {"worker": "tls://10.0.0.2:1"}}
    results["oh", "iris"] = {"exercise": "iris", "title": "Iris", "status": "error",
                             "score": 0, "max_score": 8, "problem": "SyntaxError", "checks": []}
    results["yoon", "iris"] = {"exercise": "iris", "title": "Iris", "status": "missing",
                               "score": 0, "max_score": 8, "problem": "not submitted",
                               "checks": []}
    return sorted({student for student, _exercise in results}), results


class Iris:
    id, title, order = "iris", "Iris", 1


def test_mistakes_are_grouped_by_code_and_parameters_with_counts_and_students():
    students, results = cohort()
    analysis = analyse([Iris], students, results)
    build, train = analysis["exercises"][0]["steps"]  # the step that cost the most comes first
    assert (build["name"], build["ran"], build["passed"], build["missed"]) == (
        "build_model", 7, 3, 4)  # of the seven whose file ran (not oh, not yoon)
    assert build["pass_rate"] == round(3 / 7, 3) and build["points_lost"] == 16
    assert (train["ran"], train["grader_errors"]) == (6, 1)  # seo's is the grader's problem
    sigmoid, units = build["mistakes"]
    assert (sigmoid["code"], sigmoid["count"], sigmoid["students"]) == (
        "architecture.activation", 3, ["<i>park", "kim", "lee"])
    assert sigmoid["params"]["found"] == "sigmoid" and sigmoid["hint"] == "the hint"
    assert (units["count"], units["students"]) == (1, ["jung"])
    assert [(group["code"], group["students"]) for group in train["mistakes"]] == [
        ("training.epochs", ["choi", "kim"]), ("run.timeout", ["han"])]
    # as data for pandas: one row per group, the biggest first
    assert [row["count"] for row in analysis["mistakes"]] == [3, 2, 1, 1]
    assert json.loads(json.dumps(analysis)) == analysis


@pytest.mark.parametrize("language", ["en", "ko"])
def test_the_summary_and_the_pages_name_each_shared_mistake(tmp_path, language):
    import messages

    students, results = cohort()
    analysis = analyse([Iris], students, results)
    messages.set_language(language, children=False)
    try:
        summary = write_summary(tmp_path, [Iris], students, results, (), analysis)
        write_report_pages(tmp_path, [Iris], students, results, analysis)
    finally:
        messages.set_language("en", children=False)
    index = (tmp_path / "index.html").read_text()
    if language == "en":
        assert "## Most common mistakes, step by step" in summary
        assert "3 of 7 passed (43%); 4 tried and missed it." in summary
        assert ("- **3 students** (<i>park, kim, lee): the last layer should be softmax, "
                "found sigmoid") in summary
        assert "What to teach next" in index and 'lang="en"' in index
    else:
        assert "## 단계별 가장 흔한 실수" in summary
        assert "7명 중 3명(43%)이 통과했습니다. 4명은 시도했지만 틀렸습니다." in summary
        assert "- **학생 3명** (<i>park, kim, lee):" in summary
        assert "다음에 가르칠 내용" in index and 'lang="ko"' in index
    # a name is text, never markup; each student has a page, linked from the report
    assert "<i>park" not in index and "&lt;i&gt;park" in index
    assert 'href="students/%3Ci%3Epark/index.html"' in index
    page = (tmp_path / "students" / "<i>park" / "index.html").read_text()
    assert "&lt;i&gt;park" in page and "the last layer should be softmax" in page
    assert index.count("<svg") == 2 and 'src: url("data:font/ttf;base64,' in page
