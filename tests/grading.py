"""Helpers for the end-to-end tests: run the real grader command on a folder, make variants."""

import json

from grader.service import GraderProcess
from tests.conftest import ROOT

# One grader process per test process: the grader command's code, without its Keras import
# (and its warm process's) at every test; each grading is still a whole `python -m grader` run.
# A test that changes the environment (monkeypatch.setenv) gets a new one; not what an in-process
# Dask cluster leaves in it for good (a test of bulk's cluster), which changes nothing graded.
DASK_LEFTOVERS = {"__DASK_PARENT_PID", "MALLOC_TRIM_THRESHOLD_", "PYTHONHASHSEED"}
GRADER = GraderProcess(ROOT, ignore={"PYTEST_CURRENT_TEST", *DASK_LEFTOVERS})


def grade(exercise, folder, tmp_path, *extra):
    """Grade ``folder``'s file for ``exercise``: (exit status, checks by name, printed output).
    Always a fresh grading (``--no-cache``): these tests are about grading, not the cache."""
    report = tmp_path / "report.json"
    code, output = GRADER.command(["-e", exercise, "--dir", folder, "--json", report, "--no-cache",
                                   *extra], timeout=1800)
    assert "Traceback" not in output, output
    return code, report_checks(report), output


def report_checks(report):
    """The checks of the first exercise in the JSON ``report`` (``--json``), by name."""
    result = json.loads(report.read_text())["exercises"][0]
    return {check["name"]: check for check in result["checks"]}


def variant(tmp_path, module, *replacements):
    """The solution ``module`` with each ``(old, new)`` made; ``old`` must occur exactly once."""
    text = (ROOT / "solutions" / module).read_text()
    for old, new in replacements:
        assert text.count(old) == 1, f"the solution no longer contains {old!r} exactly once"
        text = text.replace(old, new)
    folder = tmp_path / "submission"
    folder.mkdir()
    (folder / module).write_text(text)
    return folder


def assert_only_step_fails(exercise, tmp_path, replacements, step, message):
    """The solution with ``replacements`` made, graded on ``step`` alone (``--only``): that step
    fails with a message starting ``message``, and a hint."""
    from grader.spec import load_spec

    only, _left_out = graded_only(exercise, step)
    folder = variant(tmp_path, load_spec(exercise).module, *replacements)
    code, checks, output = grade(exercise, folder, tmp_path, *only)
    assert code == 1 and not_passed(checks)[step] == "failed", output
    assert checks[step]["message"].startswith(message), output
    assert checks[step]["hint"], output


def judge_check(exercise, step, value, args=(), reference=None):
    """The check of ``exercise``'s ``step`` on ``value`` (what a student's function returned),
    called directly: for checks that need no model, no grading run."""
    from grader.checks import STEP_CHECKS, StepContext
    from grader.spec import load_spec

    spec = load_spec(exercise)
    return STEP_CHECKS[spec.step(step).check](StepContext(
        spec=spec, step=spec.step(step), value=value, args=list(args), reference=reference))


def not_passed(checks):
    return {name: check["status"] for name, check in checks.items() if check["status"] != "passed"}


def graded_until(exercise, step):
    """``--stop-after step``: the arguments, and the checks that grading leaves out (those after
    ``step`` in the order the steps run, and the accuracy)."""
    from grader.spec import load_spec

    order = [s.name for s in load_spec(exercise).run_order]
    return ["--stop-after", step], order[order.index(step) + 1:] + ["accuracy"]


def graded_only(exercise, *steps):
    """``--only step ...``: the arguments, and the checks that grading leaves out."""
    from grader.spec import load_spec

    arguments = [argument for step in steps for argument in ("--only", step)]
    return arguments, [s.name for s in load_spec(exercise).steps if s.name not in steps] + [
        "accuracy"]


def assert_not_graded(checks, names, translated=False):
    """The checks a partial grading left out are reported as such, not judged."""
    for name in names:
        assert checks[name]["status"] == "not_run" and checks[name]["left_out"], checks[name]
        assert translated or checks[name]["message"].startswith("not graded: this grading "), (
            checks[name])


def check_solution_passes(exercise, tmp_path):
    """Grade the reference solution: every check passes, exit status 0. Returns the output."""
    code, checks, output = grade(exercise, ROOT / "solutions", tmp_path)
    assert not_passed(checks) == {} and code == 0, output
    return output


def check_stubs_not_done(exercise, tmp_path, *extra):
    """Grade the untouched stubs: every check is "not done yet", exit status 1."""
    code, checks, output = grade(exercise, ROOT / "exercises", tmp_path, *extra)
    assert code == 1 and set(check["status"] for check in checks.values()) == {"not_done"}, output
    return checks, output


def assert_key_lines(output, snapshot):
    """The lines of ``tests/snapshots/<snapshot>.txt`` appear in ``output``, in that order
    (spaces between words compared loosely: the columns are the layout's business), and the
    report's lines fit its width in display columns (a Hangul syllable takes two)."""
    import wcwidth

    from grader.report import WIDTH

    words = [" ".join(line.split()) for line in output.splitlines()]
    position = 0
    for wanted in (ROOT / "tests" / "snapshots" / f"{snapshot}.txt").read_text(
            encoding="utf-8").splitlines():
        wanted = " ".join(wanted.split())
        found = next((i for i in range(position, len(words)) if words[i] == wanted), None)
        assert found is not None, f"{snapshot}: {wanted!r} not found (in order) in:\n{output}"
        position = found + 1
    report_lines = [line for line in output.splitlines()  # a traceback's lines stay verbatim
                    if line.startswith("  ") and 'File "' not in line]
    assert all(wcwidth.width(line) <= WIDTH for line in report_lines), output
