"""Fast feedback: model checks reported while training still runs, and the result cache.

On the toy exercise (tests/fixtures/toy_kit), with a private reference and result cache.
"""

import json
import shutil
import subprocess
import sys

import pytest

from grader.cache import grading_fingerprint, result_key
from grader.runner import RunOptions
from grader.spec import load_spec
from tests.conftest import ROOT
from tests.grading import report_checks

TOY_KIT = ROOT / "tests" / "fixtures" / "toy_kit"
SOLUTION = TOY_KIT / "solutions" / "toy.py"
TOY = ["--kit", str(TOY_KIT), "-e", "toy"]  # the grader's arguments for the toy exercise


@pytest.fixture
def grader_env(tmp_path, monkeypatch):
    """A private cache, so the first grading here is always a real one."""
    monkeypatch.setenv("KIT_GRADER_CACHE", str(tmp_path / "cache"))
    return tmp_path


@pytest.fixture
def grader(grader_env):
    """``grader(*argv)``: the exit status and printed output of ``python -m grader --kit TOY_KIT
    -e toy *argv``, answered by one grader process for all the test's gradings (as a notebook's
    check() is), with the test's private cache: Keras is imported once, not at each grading."""
    from grader.service import GraderProcess

    process = GraderProcess(ROOT, ignore={"PYTEST_CURRENT_TEST"})
    yield lambda *argv: process.command([*TOY, *argv], timeout=300)
    process.close()


def grade_command(folder, *extra):
    return [sys.executable, "-m", "grader", *TOY, "--dir", str(folder), *extra]


def submission(tmp_path, *replacements, name="student"):
    text = SOLUTION.read_text()
    for old, new in replacements:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    folder = tmp_path / name
    folder.mkdir(exist_ok=True)
    (folder / "toy.py").write_text(text)
    return folder


BUILD_VERDICT = "FAIL   2. Build 2 -> 2 softmax"
WRONG_LAYER = ('activation="softmax")])', 'activation="relu")])')


def wait_for(flag):
    """A replacement that makes training wait until ``flag`` exists."""
    return ("    return model.fit(", f"    import os, time\n"
                                    f"    while not os.path.exists({str(flag)!r}):\n"
                                    f"        time.sleep(0.1)\n"
                                    f"    return model.fit(")


def grade_reading_along(command, flag, report):
    """Run ``command``, creating ``flag`` the moment the build verdict is printed. Returns the
    exit status, the printed lines and the checks of the JSON ``report`` by name."""
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    lines = []
    for line in process.stdout:
        lines.append(line)
        if BUILD_VERDICT in line:
            flag.touch()
    status = process.wait(timeout=300)
    assert report.exists(), f"exit status {status}, no report; it printed:\n{''.join(lines)}"
    return status, lines, report_checks(report)


def test_the_model_checks_are_reported_while_training_still_runs(grader_env):
    # The student's training waits until the test has read the build step's verdict. Were that
    # verdict held back until the run ended, training would wait out its 60 s limit: TIME.
    flag = grader_env / "build-verdict-seen"
    folder = submission(grader_env, WRONG_LAYER, wait_for(flag))
    report = grader_env / "r.json"
    status, lines, checks = grade_reading_along(grade_command(folder, "--json", str(report)),
                                                flag, report)
    output = "".join(lines)
    assert status == 1 and flag.exists(), output
    assert checks["train_model"]["status"] == "passed", output
    assert checks["build_model"]["status"] == "failed", output
    # Model checks first, each printed once, then the other steps in order, then the accuracy.
    order = [line.split()[1] for line in lines if line[:8].strip() in ("PASS", "FAIL")]
    assert order == ["2.", "3.", "1.", "4.", "5.", "Test"], output
    assert "model checks first" in output


def test_on_the_first_grading_the_model_checks_come_before_the_reference_is_ready(grader_env):
    # A kit whose reference training waits until the test has read the student's build verdict:
    # were that verdict held back until the reference was ready, the reference would time out.
    flag = grader_env / "build-verdict-seen"
    kit = grader_env / "kit"
    shutil.copytree(TOY_KIT, kit)
    solution = kit / "solutions" / "toy.py"
    solution.write_text(solution.read_text().replace(*wait_for(flag)))
    folder = submission(grader_env, WRONG_LAYER)
    report = grader_env / "r.json"
    command = grade_command(folder, "--json", str(report))
    command[command.index(str(TOY_KIT))] = str(kit)
    status, lines, checks = grade_reading_along(command, flag, report)
    output = "".join(lines)
    assert status == 1 and "first grading of this exercise" in output and flag.exists(), output
    assert checks["build_model"]["status"] == "failed" and checks["train_model"]["status"] == (
        "passed"), output
    assert output.count("2. Build 2 -> 2 softmax") == output.count("3. Compile with adam") == 1


def test_an_unchanged_file_is_not_graded_again_and_a_changed_one_is(grader_env, grader):
    folder = submission(grader_env, ("epochs=5", "epochs=3"))
    first_code, first = grader("--dir", folder, "--json", grader_env / "1.json")
    assert "cached" not in first and "FAIL   4. Train for 5 epochs" in first

    again_code, again = grader("--dir", folder, "--json", grader_env / "2.json")
    assert "cached: toy.py, the spec, the data and the grader are unchanged" in again
    assert again_code == first_code == 1
    one, two = (json.loads((grader_env / f"{n}.json").read_text()) for n in (1, 2))
    assert two.pop("cached") == ["toy"] and one.pop("cached") == []
    assert one == two  # the very same result, every check
    assert first.split("Total:")[1] == again.split("Total:")[1]

    _code, fresh = grader("--dir", folder, "--no-cache")
    assert "cached" not in fresh and "FAIL   4. Train for 5 epochs" in fresh

    (folder / "toy.py").write_text(SOLUTION.read_text())  # the student fixed it (the very same
    # code as the reference's, so this grading reuses the reference's run: no training again)
    fixed_code, fixed = grader("--dir", folder)
    assert "cached" not in fixed and fixed_code == 0, fixed


def test_the_cache_key_changes_with_the_spec_the_data_and_the_options(tmp_path):
    kit = tmp_path / "kit"
    (kit / "specs").mkdir(parents=True)
    spec_file = kit / "specs" / "toy.toml"
    spec_file.write_text((TOY_KIT / "specs" / "toy.toml").read_text())
    data = tmp_path / "data"
    (data / "toy").mkdir(parents=True)
    (data / "toy" / "points.csv").write_text("1,2\n")
    options = RunOptions(data_dir=str(data))

    def key(opts=options, student=b"x = 1"):
        return result_key(grading_fingerprint(load_spec("toy", kit / "specs"), SOLUTION, opts),
                          student)

    before = key()
    assert key() == before  # nothing changed
    assert key(student=b"x = 2") != before
    assert key(RunOptions(data_dir=str(data), seed=1)) != before
    assert key(RunOptions(data_dir=str(data), time_limit_scale=2)) != before
    (data / "toy" / "points.csv").write_text("1,2\n3,4\n")  # the data changed
    changed_data = key()
    assert changed_data != before
    spec_file.write_text(spec_file.read_text().replace("threshold = 0.9", "threshold = 0.8"))
    assert key() != changed_data


def test_model_checks_asked_for_alone_need_no_reference_run(grader_env, grader):
    """check("compile_model") in a notebook on a fresh kit: judged on the student's own model
    in seconds, as a whole grading would judge it, without running the reference solution."""
    folder = submission(grader_env, WRONG_LAYER)
    _code, output = grader("--dir", folder, "--only", "compile_model", "--json",
                           grader_env / "r.json")
    checks = report_checks(grader_env / "r.json")
    assert checks["compile_model"]["status"] == "passed", output
    assert checks["build_model"]["status"] == "not_run"  # asked for compile_model only
    assert not list((grader_env / "cache").glob("**/reference*")), "the reference ran"

    broken = submission(grader_env, ("def build_model():\n", "def build_model():\n    1 / 0\n"),
                        name="broken")
    grader("--dir", broken, "--only", "compile_model", "--json", grader_env / "b.json")
    checks = report_checks(grader_env / "b.json")
    assert checks["compile_model"]["status"] == "passed"  # on the reference's model, as always
    assert "a model the reference solution built" in " ".join(checks["compile_model"]["notes"])
