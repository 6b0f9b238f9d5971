"""The pieces of bulk grading that need no TensorFlow: finding submissions, the result store,
the gradebook and feedback files."""

import csv
import os
import stat
import warnings
import zipfile

import pytest
import wcwidth

from grader.bulk.outputs import feedback_markdown, gradescope_results, most_missed, write_gradebook
from grader.bulk.store import ResultStore
from grader.bulk.submissions import MAX_FILE_BYTES, SubmissionError, find_submissions

MODULES = ["iris.py", "imdb.py"]


def test_folders_and_zips_are_found_with_their_exercise_files(tmp_path):
    cohort = tmp_path / "cohort"
    (cohort / "kim" / "exercises").mkdir(parents=True)
    (cohort / "kim" / "exercises" / "iris.py").write_text("x = 1")
    (cohort / "kim" / "notes.py").write_text("not an exercise")
    (cohort / "lee").mkdir()
    (cohort / "lee" / "imdb.py").write_text("y = 2")
    with zipfile.ZipFile(cohort / "park.zip", "w") as bundle:
        bundle.writestr("park/iris.py", "z = 3")
        bundle.writestr("park/imdb.py", "w = 4")
    (cohort / "class-list.txt").write_text("kim, lee, park")
    found = {s.name: s for s in find_submissions(cohort, tmp_path / "work", MODULES)}
    assert sorted(found) == ["kim", "lee", "park"]
    assert sorted(found["kim"].files) == ["iris.py"] and sorted(found["park"].files) == sorted(MODULES)
    assert found["kim"].files["iris.py"].read_text() == "x = 1"
    assert str(found["kim"].files["iris.py"]).startswith(str(tmp_path / "work"))
    assert "iris.py" not in found["lee"].files


def test_a_zip_cannot_write_outside_its_folder(tmp_path):
    cohort = tmp_path / "cohort"
    cohort.mkdir()
    with zipfile.ZipFile(cohort / "eve.zip", "w") as bundle:
        bundle.writestr("../../escaped.py", "boom")
        bundle.writestr("/tmp/absolute.py", "boom")
        bundle.writestr("eve/iris.py", "ok")
    (submission,) = find_submissions(cohort, tmp_path / "work", MODULES)
    assert sorted(submission.files) == ["iris.py"]
    assert not list(tmp_path.rglob("escaped.py")) and not list(tmp_path.rglob("absolute.py"))


def test_a_broken_zip_is_that_students_problem_only(tmp_path):
    cohort = tmp_path / "cohort"
    cohort.mkdir()
    (cohort / "bad.zip").write_bytes(b"not a zip at all")
    (cohort / "good").mkdir()
    (cohort / "good" / "iris.py").write_text("ok")
    found = {s.name: s for s in find_submissions(cohort, tmp_path / "work", MODULES)}
    assert "could not read bad.zip" in found["bad"].problem and not found["good"].problem


def test_two_entries_for_one_student_and_a_missing_folder_are_clear_errors(tmp_path):
    cohort = tmp_path / "cohort"
    (cohort / "kim").mkdir(parents=True)
    with zipfile.ZipFile(cohort / "kim.zip", "w") as bundle:
        bundle.writestr("iris.py", "x")
    with pytest.raises(SubmissionError, match="two entries for the student 'kim'"):
        find_submissions(cohort, tmp_path / "work", MODULES)
    with pytest.raises(SubmissionError, match="is not a folder"):
        find_submissions(tmp_path / "nowhere", tmp_path / "work", MODULES)


def result(status, score, checks=()):
    return {"exercise": "iris", "title": "Iris", "status": status, "score": score,
            "max_score": 3, "problem": "", "checks": [
                {"name": name, "title": name.title(), "status": s, "points": 1 if s == "passed"
                 else 0, "max_points": 1, "message": "" if s == "passed" else "wrong"}
                for name, s in checks]}


def test_the_store_returns_a_result_only_for_the_same_content(tmp_path):
    store = ResultStore(tmp_path / "results.sqlite")
    store.save("kim", "iris", "hash-1", result("complete", 3))
    assert store.get("kim", "iris", "hash-1")["status"] == "complete"
    assert store.get("kim", "iris", "hash-2") is None
    store.close()
    assert ResultStore(tmp_path / "results.sqlite").get("kim", "iris", "hash-1")["score"] == 3


class Spec:
    id, title, order = "iris", "Iris", 1


def test_gradebook_feedback_and_gradescope_agree(tmp_path):
    results = {("kim", "iris"): result("incomplete", 2, [("load", "passed"), ("build", "failed"),
                                                         ("train", "passed"),
                                                         ("plot", "not_done")]),
               ("lee", "iris"): result("missing", 0)}
    write_gradebook(tmp_path / "gradebook.csv", [Spec], ["kim", "lee"], results)
    with open(tmp_path / "gradebook.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0] == {"student": "kim", "iris_score": "2", "iris_max": "3",
                       "iris_status": "incomplete", "total_score": "2", "total_max": "3"}
    text = feedback_markdown("kim", [results["kim", "iris"]])
    assert "| Build | FAIL   | 0/1    |" in text and "- **Build**: wrong" in text
    assert "Not done yet (1): Plot." in text and "- **Plot**" not in text
    scope = gradescope_results([results["kim", "iris"]])
    assert scope["score"] == 2 and [t["status"] for t in scope["tests"]] == [
        "passed", "failed", "passed", "failed"]
    assert most_missed([Spec], ["kim", "lee"], results) == [("iris", "Build", 1, 1)]


def test_one_grader_process_grades_file_after_file_and_is_replaced_when_it_dies(
        tmp_path, monkeypatch):
    """Bulk's grader process (one per slot) answers with the grading API's result; its report
    goes to each file's log."""
    import os
    import signal

    from grader.errors import GraderError
    from grader.service import GradeRequest, GraderProcess, GraderStopped
    from tests.conftest import ROOT

    monkeypatch.setenv("KIT_GRADER_CACHE", str(tmp_path / "cache"))
    kit = ROOT / "tests" / "fixtures" / "toy_kit"
    grader = GraderProcess(log=tmp_path / "grader.log")
    request = GradeRequest("toy", str(kit / "solutions"), str(kit))

    def grade(number, timeout=300):
        log = tmp_path / f"{number}.log"
        result = grader.grade(request, log, timeout)
        assert result.passed and result.score == result.max_score == 7, log.read_text()
        return log.read_text()

    try:
        grade(1)
        first = grader.process.pid
        assert "Score: 7/7" in grade(2) and grader.process.pid == first  # one Keras import
        with pytest.raises(GraderError, match="no_such_exercise"):  # the grader's "cannot"
            grader.grade(GradeRequest("no_such_exercise", str(kit), str(kit)), tmp_path / "4.log")
        assert grader.process.pid == first
        os.kill(first, signal.SIGKILL)  # between two files: the next file starts a fresh one
        grader.process.wait(timeout=30)
        grade(3)
        assert grader.process.pid != first
        with pytest.raises(GraderStopped, match="longer than 0.01 s"):
            grader.grade(request, tmp_path / "5.log", timeout=0.01)
        assert grader.process is None
    finally:
        grader.close()


def test_a_zip_of_a_whole_kit_folder_gives_just_its_exercise_files(tmp_path):
    """How many students zip: the kit with .venv/, .git/, thousands of files, far over the
    size a zip of exercise files has, and the kit's own solutions/ beside exercises/."""
    cohort = tmp_path / "cohort"
    cohort.mkdir()
    with zipfile.ZipFile(cohort / "kim.zip", "w", zipfile.ZIP_DEFLATED) as bundle:
        for i in range(2500):
            bundle.writestr(f"kit/.venv/lib/site-packages/pkg{i}/__init__.py", "")
        bundle.writestr("kit/.git/objects/pack/big.pack", b"\0" * (80 * 2**20))
        bundle.writestr("kit/datasets/big.csv", b"1," * (20 * 2**20))
        bundle.writestr("kit/solutions/iris.py", "solution")
        bundle.writestr("kit/exercises/iris.py", "mine")
        bundle.writestr("kit/exercises/Imdb (1).py", "mine too")
    (submission,) = find_submissions(cohort, tmp_path / "work", MODULES)
    assert not submission.problem and not submission.problems
    assert submission.files["iris.py"].read_text() == "mine"
    assert submission.files["imdb.py"].name == "Imdb (1).py"
    taken = [path for path in (tmp_path / "work").rglob("*") if path.is_file()]
    assert sorted(path.name for path in taken) == ["Imdb (1).py", "iris.py"]


def test_an_exercise_file_past_the_size_cap_is_refused_by_name(tmp_path):
    cohort = tmp_path / "cohort"
    cohort.mkdir()
    with zipfile.ZipFile(cohort / "kim.zip", "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("iris.py", "# " + "x" * (MAX_FILE_BYTES + 10))
        bundle.writestr("imdb.py", "fine")
    (submission,) = find_submissions(cohort, tmp_path / "work", MODULES)
    assert "iris.py is larger than 20 MB" in submission.problem_for("iris.py")
    assert submission.problem_for("imdb.py") == "" and "imdb.py" in submission.files


def test_a_symbolic_link_in_a_folder_or_a_zip_is_named_not_followed(tmp_path):
    cohort = tmp_path / "cohort"
    (cohort / "kim").mkdir(parents=True)
    (tmp_path / "answer.py").write_text("secret")
    (cohort / "kim" / "iris.py").symlink_to(tmp_path / "answer.py")
    link = zipfile.ZipInfo("iris.py")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    with zipfile.ZipFile(cohort / "lee.zip", "w") as bundle:
        bundle.writestr(link, "/etc/passwd")
    found = {s.name: s for s in find_submissions(cohort, tmp_path / "work", MODULES)}
    for name in ("kim", "lee"):
        assert "iris.py" not in found[name].files
        assert "iris.py is a symbolic link, not a file" in found[name].problem_for("iris.py")
        assert found[name].problem_for("imdb.py") == ""  # simply missing
    assert "secret" not in "".join(p.read_text() for p in (tmp_path / "work").rglob("*.py")
                                    if p.is_file() and not p.is_symlink())


def test_a_damaged_zip_is_an_error_only_for_the_exercises_it_held(tmp_path):
    cohort = tmp_path / "cohort"
    cohort.mkdir()
    with zipfile.ZipFile(tmp_path / "whole.zip", "w") as bundle:
        bundle.writestr("kim/iris.py", "x = 1\n" * 1000)
    data = (tmp_path / "whole.zip").read_bytes()
    (cohort / "kim.zip").write_bytes(data[: len(data) // 2])  # a download cut short
    (submission,) = find_submissions(cohort, tmp_path / "work", MODULES)
    assert "damaged or incomplete" in submission.problem_for("iris.py")
    assert submission.problem_for("imdb.py") == "" and not submission.files


def test_of_a_script_and_a_notebook_in_a_zip_the_one_saved_last_is_graded(tmp_path):
    """A student who zipped the kit after working in the notebook: the .py is the older stub."""
    cohort = tmp_path / "cohort"
    cohort.mkdir()
    with zipfile.ZipFile(cohort / "kim.zip", "w") as bundle:
        bundle.writestr(zipfile.ZipInfo("kit/exercises/iris.py", (2026, 9, 1, 10, 0, 0)), "stub")
        bundle.writestr(zipfile.ZipInfo("kit/exercises/iris.ipynb", (2026, 11, 2, 21, 30, 0)), "{}")
    (submission,) = find_submissions(cohort, tmp_path / "work", MODULES)
    assert submission.files["iris.py"].name == "iris.ipynb"


def test_in_korean_the_feedback_and_summary_are_korean_and_the_gradebook_is_the_same(tmp_path):
    import messages as i18n
    from grader.bulk.outputs import write_summary

    results = {("kim", "iris"): result("incomplete", 2, [("load", "passed"), ("build", "failed"),
                                                         ("plot", "not_done")]),
               ("lee", "iris"): result("missing", 0)}
    texts = {}
    for language in ("en", "ko"):
        folder = tmp_path / language
        folder.mkdir()
        i18n.set_language(language, children=False)
        try:
            write_gradebook(folder / "gradebook.csv", [Spec], ["kim", "lee"], results)
            with warnings.catch_warnings(record=True) as drawn:  # the chart's Korean labels
                warnings.simplefilter("always")
                texts[language] = (feedback_markdown("kim", [results["kim", "iris"]]),
                                   write_summary(folder, [Spec], ["kim", "lee"], results))
        finally:
            i18n.set_language("en", children=False)
        missing = [str(w.message) for w in drawn if "missing from font" in str(w.message)]
        assert not missing and (folder / "summary.png").stat().st_size > 0, missing
    assert (tmp_path / "en" / "gradebook.csv").read_bytes() == (
        tmp_path / "ko" / "gradebook.csv").read_bytes()
    feedback, summary = texts["ko"]
    assert "# kim 님께 드리는 피드백" in feedback and "**총점: 2/3점**" in feedback
    assert "| 검사  | 결과 | 점수 |" in feedback and "아직 하지 않은 단계(1개): Plot." in feedback
    assert "# 반 전체 요약" in summary and "| 연습 문제 | 완료 | 미완료 | 오류 | 미제출 |" in summary
    for table in (feedback, summary):  # the columns line up in a terminal, Hangul and all
        rows = [line for line in table.splitlines() if line.startswith("|")]
        assert len({wcwidth.width(row) for row in rows}) == 1, rows
    assert "Build (학생 1명 중 1명)" in summary
    assert texts["en"][0].startswith("# Feedback for kim")


def test_a_worker_is_told_exactly_what_differs_from_the_lead():
    from grader.bulk.kit import differences, kit_identity

    lead = kit_identity()
    assert differences(lead, lead) == []
    worker = {"code": "0" * 16, "commit": "abc1234",
              "libraries": {**lead["libraries"], "keras": "3.0.0"}}
    found = differences(lead, worker)
    assert found[0] == f"the kit's code (commit abc1234, here: {lead['commit'] or '?'})"
    assert found[1:] == [f"keras 3.0.0 (here: {lead['libraries']['keras']})"]


def test_the_exercise_files_travel_with_the_job_and_are_unpacked_once(tmp_path):
    from grader.bulk.kit import exercise_files, unpack
    from grader.spec import load_spec
    from tests.conftest import ROOT

    kit = ROOT / "tests" / "fixtures" / "toy_kit"
    files = exercise_files(load_spec("toy", kit / "specs"), kit / "solutions")
    assert sorted(files) == ["solutions/toy.py", "specs/toy.toml"]
    folder = unpack(files, tmp_path)
    assert unpack(files, tmp_path) == folder and len(list(tmp_path.iterdir())) == 1
    assert (folder / "solutions" / "toy.py").read_bytes() == (kit / "solutions" /
                                                             "toy.py").read_bytes()


def test_each_grading_slot_gets_its_share_of_the_cores(monkeypatch):
    import os

    from grader.bulk import tasks
    from grader.bulk.jobs import thread_limits

    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(8)))
    assert tasks._cores({"10.0.0.5": 4}, "tcp://10.0.0.5:40123") == 2
    assert tasks._cores({"10.0.0.5": 4}, "tcp://10.0.0.9:40123") == 8  # joined later: all
    assert tasks._cores({"10.0.0.5": 16}, "tcp://10.0.0.5:40123") == 1
    assert thread_limits(2)["TF_NUM_INTRAOP_THREADS"] == "2" and thread_limits(None) == {}


def test_a_job_dask_gave_up_on_still_gets_a_verdict():
    """A task whose worker dies (here: it kills its own worker) more often than Dask allows ends
    in KilledWorker; the lead turns it into a not_graded verdict that says so."""
    import dask
    from distributed import Client, LocalCluster

    from grader.bulk.cli import _outcome
    from grader.bulk.jobs import Job
    from grader.spec import load_spec
    from tests.conftest import ROOT

    spec = load_spec("toy", ROOT / "tests" / "fixtures" / "toy_kit" / "specs")
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}), \
            LocalCluster(n_workers=1, threads_per_worker=1, dashboard_address=":0",
                         silence_logs=50) as cluster, Client(cluster) as client:
        future = client.submit(os._exit, 1, pure=False)
        result = _outcome(future, Job("kim", spec, None, "hash"))
    assert result["status"] == "not_graded" and "KilledWorker" in result["problem"]


def test_files_go_out_longest_first_and_the_ones_over_in_seconds_last(tmp_path):
    """The exercise whose reference run took longest here goes first; the untouched stub (with
    the student's name added), a file that does not parse and one that cannot be read go last;
    a CP949 file that is really filled in is not taken for one of those."""
    import json

    from grader.bulk.jobs import Job
    from grader.bulk.order import UNKNOWN_SECONDS, longest_first, reference_seconds
    from grader.reference import reference_folder
    from grader.runner import RunOptions
    from grader.spec import load_spec
    from tests.conftest import ROOT

    options = RunOptions(cache_dir=tmp_path / "cache")
    iris, imdb = load_spec("iris"), load_spec("imdb")
    for spec, seconds in ((iris, [0.5, 12.5]), (imdb, [20.0, 30.0])):
        solution = ROOT / "solutions" / spec.module
        assert reference_seconds(spec, solution, options) == UNKNOWN_SECONDS  # not run here yet
        folder = reference_folder(spec, solution, options)
        (folder / "steps").mkdir(parents=True)
        for number, elapsed in enumerate(seconds):
            (folder / "steps" / f"step{number}.result.json").write_text(
                json.dumps({"status": "ok", "elapsed": elapsed}))
        (folder / "complete").touch()
        assert reference_seconds(spec, solution, options) == sum(seconds)

    files = {
        "stub": "# kim\n" + (ROOT / "exercises" / "iris.py").read_text(),
        "syntax": (ROOT / "solutions" / "iris.py").read_text().replace("def build_model():",
                                                                        "def build_model()"),
        "iris": (ROOT / "solutions" / "iris.py").read_text(),
        "imdb": (ROOT / "solutions" / "imdb.py").read_text(),
    }
    jobs = []
    for student, text in files.items():
        path = tmp_path / student / ("imdb.py" if student == "imdb" else "iris.py")
        path.parent.mkdir()
        path.write_text(text)
        jobs.append(Job(student, imdb if student == "imdb" else iris, path, "hash"))
    korean = tmp_path / "korean" / "iris.py"
    korean.parent.mkdir()
    korean.write_bytes(("# 김민지의 답\n" + files["iris"]).encode("cp949"))
    jobs.append(Job("korean", iris, korean, "hash"))
    unreadable = tmp_path / "binary" / "iris.py"
    unreadable.parent.mkdir()
    unreadable.write_bytes(bytes(range(256)) * 4)
    jobs.insert(0, Job("binary", iris, unreadable, "hash"))

    ranked = longest_first(jobs, ROOT / "solutions", options)
    assert [job.student for job in ranked] == ["imdb", "iris", "korean", "binary", "stub",
                                               "syntax"]
