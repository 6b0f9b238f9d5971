"""``make bench``: how fast the kit gives feedback, and how well the reference solutions do.

Measures, with the grader itself and a private, initially empty cache:

1. ``first_feedback``: seconds from starting ``make grade EX=iris`` on the untouched stubs to its
   first check line (PASS/FAIL/TODO ...): the first grading ever (no reference run cached yet;
   it is prepared meanwhile), with the reference ready (the usual case after an edit; also with
   every run started cold, ``KIT_WARM=0``), and unchanged (the cached result); and in watch mode
   (``make watch``), from saving a wrong ``build_model`` to its FAIL line.
2. ``references``: each reference solution's test accuracy and training time over several seeds
   (min / median / max); also written to ``bench/<exercise>-reference.json``, which the spec
   thresholds cite.
3. ``grade_all_solutions``: wall time of ``make grade SOLUTIONS=1`` with the cache cold (every
   reference runs) and then warm (every result is cached).
4. ``bulk``: ``python -m grader bulk`` on a generated cohort of iris submissions (correct ones,
   common mistakes, a stub, a syntax error), with 1 and with 2 workers (a local Dask cluster of
   1 or 2 grading slots): submissions per minute, the speed-up, and Dask's own time per file
   (scheduling and moving the job and its result) as a share of the file's wall time; and with
   1 worker starting every student's run cold (``KIT_WARM=0``): what warm starts save per file.
5. ``new_exercises``: for numpy_network, regression and training_tips, the wall time of grading
   a student's copy of the solution end to end with the reference cached; the regression
   reference's test MAE over seeds 0-9 beside LinearRegression's (written to
   ``bench/regression-reference.json``, which its threshold cites); the NumPy network's iris
   accuracy over seeds 0-9. (training_tips' tolerances come from
   ``bench/training_tips_spread.py``.)

6. ``sizing``: every exercise's reference solution handed in by two students, graded in bulk
   with 2 one-core slots: each file's wall time on its slot, slot-seconds per student, and the
   cores 300 students in one hour need (the README's sizing estimate).

Writes ``bench/results.json`` (with the commit each section was measured at) and prints a
table. Every figure is a median (of ``--repeats`` runs, default 3, in sections 1, 3 and 4; of
the seeds in section 2) unless it says min/max. ``--sections 1 4`` re-measures only those
sections and keeps the others' figures.

    python bench/benchmark.py --data-dir ../shared/datasets
"""

import argparse
import json
import math
import os
import platform
import queue
import signal
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: the kit's own packages
SEEDS = {"iris": list(range(1, 11))}  # the others: DEFAULT_SEEDS
DEFAULT_SEEDS = [1, 2, 3, 4, 5]
SECTIONS = [1, 2, 3, 4, 5, 6]
NEW_EXERCISES = ("numpy_network", "regression", "training_tips")
# `make grade` as a student runs it; ARGS= because make exports `make bench ARGS=...` to us.
MAKE_GRADE = ["make", "-s", "--no-print-directory", "grade", "ARGS="]
CHECK_LABELS = ("PASS", "FAIL", "TODO", "SKIP", "ERROR", "EXIT", "TIME", "CRASH", "MEMORY", "BUG")


def grader_command(*arguments):
    return [sys.executable, "-m", "grader", *map(str, arguments)]


def time_to_first_check(command, env):
    """Seconds until ``command`` prints its first check line; it is then run to the end."""
    started = time.monotonic()
    first = None
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    for line in process.stdout:
        if first is None and line.strip().split(" ", 1)[0] in CHECK_LABELS:
            first = time.monotonic() - started
    process.wait()
    if first is None:
        raise RuntimeError(f"{' '.join(command)} printed no check line")
    return first


def time_after_save(env):
    """Seconds from saving a wrong ``build_model`` into the iris stub that ``python -m grader
    --watch`` watches (after its first grading) to that step's FAIL line."""
    folder = Path(tempfile.mkdtemp(prefix="bench-watch-"))
    stub = folder / "iris.py"
    shutil.copy(ROOT / "exercises" / "iris.py", stub)
    process = subprocess.Popen(grader_command("-e", "iris", "--dir", folder, "--watch", "--lang",
                                              "en"), cwd=ROOT, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    lines = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in process.stdout],
                     daemon=True).start()

    def until(test):
        while not test(lines.get(timeout=600)):
            pass
        return time.monotonic()

    try:
        until(lambda line: "Watching " in line)
        text = stub.read_text()
        body = text.index("    raise NotImplementedError", text.index("def build_model():"))
        wrong = (text[:body] + "    return keras.Sequential([keras.Input(shape=(4,)), "
                 "keras.layers.Dense(30, activation='relu'), keras.layers.Dense(16, "
                 "activation='relu'), keras.layers.Dense(3, activation='sigmoid')])\n"
                 + text[text.index("\n", body) + 1:])
        saved = time.monotonic()
        stub.write_text(wrong)
        return until(lambda line: line.strip().startswith("FAIL")) - saved
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=120)
        shutil.rmtree(folder, ignore_errors=True)


def first_feedback(env, repeats):
    """Section 1: ``make grade EX=iris`` on the stubs; a save in watch mode."""
    command = MAKE_GRADE + ["EX=iris"]
    fresh = command + ["FRESH=1"]
    runs = {"first_grading_ever": [], "reference_ready": [], "reference_ready_cold": [],
            "unchanged_cached": [], "watch_after_save": []}
    for _ in range(repeats):
        cache = Path(tempfile.mkdtemp(prefix="bench-first-"))
        private = {**env, "KIT_GRADER_CACHE": str(cache)}
        runs["first_grading_ever"].append(time_to_first_check(command, private))
        runs["reference_ready"].append(time_to_first_check(fresh, private))
        runs["reference_ready_cold"].append(time_to_first_check(fresh, {**private,
                                                                        "KIT_WARM": "0"}))
        runs["unchanged_cached"].append(time_to_first_check(command, private))
        runs["watch_after_save"].append(time_after_save(private))
        shutil.rmtree(cache, ignore_errors=True)
    return {name: {"median": statistics.median(times), "runs": times}
            for name, times in runs.items()}


def reference_runs(exercise, seeds, env):
    """Section 2: one graded run of the reference solution per seed."""
    runs = []
    for seed in seeds:
        with tempfile.TemporaryDirectory() as folder:
            report = Path(folder) / "result.json"
            subprocess.run(grader_command("--solutions", "-e", exercise, "--seed", seed,
                                          "--json", report, "--no-cache"),
                           cwd=ROOT, env=env, stdout=subprocess.DEVNULL, check=False)
            result = json.loads(report.read_text())["exercises"][0]
        checks = {check["name"]: check for check in result["checks"]}
        found = checks["accuracy"]["found"]  # "test accuracy 0.9737 (37 of 38 correct)"
        steps = {check["name"]: check["elapsed"] for check in result["checks"]
                 if check.get("elapsed") is not None}
        runs.append({"seed": seed, "accuracy": float(found.split()[2]),
                     "train_seconds": steps.get("train_model"), "step_seconds": steps,
                     "passed": result["passed"]})
        print(f"  {exercise} seed {seed}: accuracy {runs[-1]['accuracy']:.4f}, "
              f"training {runs[-1]['train_seconds']:.1f} s", flush=True)
    accuracies = [run["accuracy"] for run in runs]
    times = [run["train_seconds"] for run in runs]
    return {"exercise": exercise, "seeds": len(runs), "accuracy_min": min(accuracies),
            "accuracy_median": statistics.median(accuracies), "accuracy_max": max(accuracies),
            "train_seconds_min": min(times), "train_seconds_median": statistics.median(times),
            "train_seconds_max": max(times), "runs": runs}


def references(seeds, env, folder):
    """Section 2 for every exercise; each also written to ``<folder>/<exercise>-reference.json``."""
    from grader.spec import available_exercises

    summaries = {}
    for exercise in available_exercises():
        if exercise in NEW_EXERCISES:  # measured in section 5
            continue
        summaries[exercise] = reference_runs(exercise, seeds or SEEDS.get(exercise, DEFAULT_SEEDS),
                                             env)
        (folder / f"{exercise}-reference.json").write_text(
            json.dumps(summaries[exercise], indent=2))
    return summaries


def graded(exercise, folder, env, *arguments):
    """``(result, wall seconds)`` of grading ``folder``'s file for ``exercise``."""
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "result.json"
        started = time.monotonic()
        subprocess.run(grader_command("-e", exercise, "--dir", folder, "--json", report,
                                      *arguments), cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                       check=False)
        seconds = time.monotonic() - started
        return json.loads(report.read_text())["exercises"][0], seconds


def new_exercises(env, repeats, folder):
    """Section 5."""
    figures = {}
    for exercise in NEW_EXERCISES:
        graded(exercise, ROOT / "solutions", env)  # the reference, once (then cached)
        with tempfile.TemporaryDirectory() as student:
            text = (ROOT / "solutions" / f"{exercise}.py").read_text()
            (Path(student) / f"{exercise}.py").write_text(text + "\n# a student's copy\n")
            runs = [graded(exercise, student, env, "--no-cache") for _ in range(repeats)]
        figures[exercise] = {"grading_seconds": statistics.median(s for _r, s in runs),
                             "passed": all(result["passed"] for result, _s in runs)}
        print(f"  {exercise}: graded end to end in {figures[exercise]['grading_seconds']:.1f} s",
              flush=True)
    maes = []
    for seed in range(10):
        result, _seconds = graded("regression", ROOT / "solutions", env, "--seed", str(seed),
                                  "--no-cache")
        found = next(c for c in result["checks"] if c["name"] == "accuracy")["found"]
        maes.append(float(found.split()[2]))  # "test MAE 41.58 over 89 rows"
    from solutions import regression

    X_train, X_test, y_train, y_test = regression.split_data(regression.load_data())
    scaled_train, scaled_test = regression.standardize(X_train, X_test)
    linear = float(regression.linear_baseline(scaled_train, y_train, scaled_test, y_test))
    figures["regression"].update(mae_min=min(maes), mae_median=statistics.median(maes),
                                 mae_max=max(maes), maes=maes, linear_regression_mae=linear)
    (folder / "regression-reference.json").write_text(json.dumps(
        {"exercise": "regression", "seeds": list(range(10)), "test_mae": maes,
         "linear_regression_test_mae": linear}, indent=2))
    from solutions import numpy_network
    import numpy as np

    X_train, X_test, Y_train, Y_test = numpy_network.prepare_iris()
    accuracies = []
    for seed in range(10):
        np.random.seed(seed)
        parameters = numpy_network.train_iris(X_train, Y_train)
        accuracies.append(float((numpy_network.predict(X_test, parameters)
                                 == Y_test.argmax(axis=0)).mean()))
    figures["numpy_network"].update(iris_accuracy_min=min(accuracies),
                                    iris_accuracy_median=statistics.median(accuracies),
                                    iris_accuracies=accuracies)
    return figures


def grade_all_solutions(env, repeats):
    """Section 3: every reference solution with an empty cache, then again with it warm."""
    runs = {"cold": [], "warm": []}
    for _ in range(repeats):
        cache = Path(tempfile.mkdtemp(prefix="bench-all-"))
        for name in ("cold", "warm"):
            started = time.monotonic()
            completed = subprocess.run(MAKE_GRADE + ["SOLUTIONS=1"], cwd=ROOT,
                                       env={**env, "KIT_GRADER_CACHE": str(cache)},
                                       capture_output=True, text=True)
            runs[name].append(time.monotonic() - started)
            if completed.returncode != 0:
                raise RuntimeError(f"grading the solutions failed ({name}):\n{completed.stdout}")
        shutil.rmtree(cache, ignore_errors=True)
    return {"cold_seconds": statistics.median(runs["cold"]),
            "warm_seconds": statistics.median(runs["warm"]),
            "cached_exercises_when_warm": completed.stdout.count("  cached: "), "runs": runs}


# Each generated student is the iris solution with these changes (a comment with the student's
# name is added to every file, so each one really runs).
COHORT = {
    "student01": [], "student02": [], "student03": [],
    "student04": [('Dense(16, activation="relu")', 'Dense(32, activation="relu")')],
    "student05": [('optimizer="adam"', 'optimizer="sgd"')],
    "student06": [("epochs=100", "epochs=5")],
    "student07": None,  # the untouched stub
    "student08": [("def build_model():", "def build_model()")],  # a syntax error
}


def make_cohort(folder):
    solution = (ROOT / "solutions" / "iris.py").read_text()
    for student, changes in COHORT.items():
        text = (ROOT / "exercises" / "iris.py").read_text() if changes is None else solution
        for old, new in changes or []:
            assert text.count(old) == 1, f"the iris solution no longer contains {old!r} once"
            text = text.replace(old, new)
        (folder / student).mkdir(parents=True)
        (folder / student / "iris.py").write_text(f"# {student}\n{text}")


def bulk_throughput(env, repeats):
    """Section 4: the generated cohort graded with 1 and with 2 workers (references ready)."""
    work = Path(tempfile.mkdtemp(prefix="bench-bulk-"))
    make_cohort(work / "cohort")
    subprocess.run(grader_command("-e", "iris", "--solutions"), cwd=ROOT, env=env,
                   capture_output=True, check=False)  # the reference, outside the timing
    # (name, workers, environment): warm starts (the default), and 1 worker starting every
    # student's run cold (a new Python importing Keras), for what warm starts save per file
    settings = [("workers_1", 1, env), ("workers_2", 2, env),
                ("workers_1_cold", 1, {**env, "KIT_WARM": "0"})]
    runs = {name: [] for name, _workers, _env in settings}
    overheads = {name: [] for name, _workers, _env in settings}
    statuses = {}
    for repeat in range(repeats):  # the order alternated: no order bias
        for name, workers, run_env in settings if repeat % 2 == 0 else settings[::-1]:
            out = work / f"out-{name}-{repeat}"
            started = time.monotonic()
            completed = subprocess.run(
                grader_command("bulk", work / "cohort", "--out", out, "-e", "iris",
                               "--workers", workers), cwd=ROOT, env=run_env,
                capture_output=True, text=True)
            runs[name].append(time.monotonic() - started)
            if completed.returncode != 0:
                raise RuntimeError(f"bulk grading failed:\n{completed.stdout}\n{completed.stderr}")
            gradebook = (out / "gradebook.csv").read_text()
            statuses[name] = {status: gradebook.count(f",{status},")
                              for status in ("complete", "incomplete", "error", "not_graded")}
            overheads[name] += dask_overheads(out / "results.sqlite")
    shutil.rmtree(work, ignore_errors=True)
    figures = {"submissions": len(COHORT), "exercise": "iris", "repeats": repeats}
    for name, _workers, _env in settings:
        seconds = statistics.median(runs[name])
        figures[name] = {
            "seconds": seconds, "submissions_per_minute": len(COHORT) / seconds * 60,
            "runs": runs[name], "statuses": statuses[name]}
        spent = [overhead for overhead, _wall in overheads[name]]
        shares = [overhead / wall for overhead, wall in overheads[name]]
        figures[name]["dask_overhead"] = {
            "seconds_per_file_median": statistics.median(spent),
            "seconds_per_file_max": max(spent),
            "share_of_file_wall_median": statistics.median(shares),
            "share_of_file_wall_max": max(shares)}
    figures["speedup"] = figures["workers_1"]["seconds"] / figures["workers_2"]["seconds"]
    figures["warm_start_saves_seconds_per_file"] = (
        figures["workers_1_cold"]["seconds"] - figures["workers_1"]["seconds"]) / len(COHORT)
    return figures


def dask_overheads(store):
    """Per graded file, Dask's own time and the file's wall time on its worker: ``[(overhead,
    wall)]``. The overhead is the time between the slot being free (or the job submitted, if
    later) and the job starting on it, plus the time from the job's end on the worker to its
    result reaching the lead; the time a job waits for a busy slot is not counted."""
    with sqlite3.connect(store) as connection:
        timings = [json.loads(row)["timing"] for row, in connection.execute(
            "SELECT result FROM results")]
    found = []
    free_since = {}
    for timing in sorted(timings, key=lambda timing: timing["started"]):
        ready = max(timing["submitted"], free_since.get(timing["worker"], 0))
        overhead = (timing["started"] - ready) + (timing["received"] - timing["ended"])
        found.append((overhead, timing["ended"] - timing["started"]))
        free_since[timing["worker"]] = timing["ended"]
    return found


def sizing(env):
    """Section 6: what one student costs a cluster. Two students who each hand in every
    exercise's reference solution, graded with 2 slots on this machine (one core each, both
    busy, as on a cluster's machines); per exercise, the file's wall time on its slot. From
    them: slot-seconds per student, and the cores a cohort of 300 needs to be graded in one
    hour."""
    from grader.spec import available_exercises, load_spec

    work = Path(tempfile.mkdtemp(prefix="bench-sizing-"))
    specs = [load_spec(exercise) for exercise in available_exercises()]
    for student in ("student1", "student2"):
        (work / "cohort" / student).mkdir(parents=True)
        for spec in specs:
            text = (ROOT / "solutions" / spec.module).read_text()
            (work / "cohort" / student / spec.module).write_text(f"# {student}\n{text}")
    completed = subprocess.run(grader_command("bulk", work / "cohort", "--out", work / "out",
                                              "--workers", 2), cwd=ROOT, env=env,
                               capture_output=True, text=True)
    if completed.returncode != 0:
        raise RuntimeError(f"bulk grading failed:\n{completed.stdout}\n{completed.stderr}")
    with sqlite3.connect(work / "out" / "results.sqlite") as connection:
        rows = [(exercise, json.loads(result)) for exercise, result in connection.execute(
            "SELECT exercise, result FROM results")]
    shutil.rmtree(work, ignore_errors=True)
    seconds = {spec.id: statistics.median(
        result["timing"]["ended"] - result["timing"]["started"]
        for exercise, result in rows if exercise == spec.id) for spec in specs}
    statuses = sorted({result["status"] for _exercise, result in rows})
    original = ("iris", "fashion_mnist", "imdb", "sign_language_mnist")
    per_student = sum(seconds.values())
    per_student_original = sum(seconds[exercise] for exercise in original)
    return {"slot_cores": 1, "file_seconds": seconds, "statuses": statuses,
            "student_slot_seconds_all": per_student,
            "student_slot_seconds_original_four": per_student_original,
            "cores_for_300_students_in_an_hour_all": math.ceil(300 * per_student / 3600),
            "cores_for_300_students_in_an_hour_original_four":
                math.ceil(300 * per_student_original / 3600)}


def commit():
    """The kit's git commit, with "+changes" when the working tree differs from it."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                              capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               cwd=ROOT, capture_output=True, text=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + ("+changes" if dirty else "")


def machine():
    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")),
               platform.processor()) if Path("/proc/cpuinfo").exists() else platform.processor()
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {"cores": os.cpu_count(), "cpu": cpu, "memory_gib": round(memory, 1), "gpu": "none",
            "python": platform.python_version(), "tensorflow": metadata.version("tensorflow"),
            "keras": metadata.version("keras"), "date": time.strftime("%Y-%m-%d")}


def table(results):
    machine_ = results["machine"]
    lines = [f"Machine: {machine_['cores']} cores ({machine_['cpu']}), {machine_['memory_gib']} "
             f"GiB, no GPU. Medians unless stated."]
    if "first_feedback" in results:
        first = results["first_feedback"]
        lines += ["", "1. make grade EX=iris on the stubs: seconds to the first check line",
                  f"   first grading ever (no reference run yet)    "
                  f"{first['first_grading_ever']['median']:7.1f}",
                  f"   reference ready (after an edit)              "
                  f"{first['reference_ready']['median']:7.1f}",
                  f"   the same, every run started cold (KIT_WARM=0) "
                  f"{first['reference_ready_cold']['median']:7.1f}",
                  f"   watch mode: from saving build_model to FAIL  "
                  f"{first['watch_after_save']['median']:7.1f}",
                  f"   unchanged file (cached result)               "
                  f"{first['unchanged_cached']['median']:7.1f}"]
    if "references" in results:
        lines += ["", "2. Reference solutions: test accuracy, training seconds",
                  f"   {'exercise':<22}{'seeds':>5}{'acc min':>9}{'acc median':>11}"
                  f"{'train min':>11}{'train median':>14}"]
        for ref in results["references"].values():
            lines.append(f"   {ref['exercise']:<22}{ref['seeds']:>5}{ref['accuracy_min']:>9.4f}"
                         f"{ref['accuracy_median']:>11.4f}{ref['train_seconds_min']:>11.1f}"
                         f"{ref['train_seconds_median']:>14.1f}")
    if "grade_all_solutions" in results:
        every = results["grade_all_solutions"]
        lines += ["", "3. make grade SOLUTIONS=1 (every exercise), wall seconds",
                  f"   cold cache {every['cold_seconds']:8.1f}",
                  f"   warm cache {every['warm_seconds']:8.1f}"]
    if "bulk" in results:
        bulk = results["bulk"]
        lines += ["", f"4. Bulk grading, {bulk['submissions']} generated {bulk['exercise']} "
                      f"submissions"]
        for workers in (1, 2):
            figures = bulk[f"workers_{workers}"]
            lines.append(f"   {workers} worker{'s' if workers > 1 else ' '} "
                         f"{figures['seconds']:7.1f} s  "
                         f"{figures['submissions_per_minute']:5.1f} submissions/min")
        lines.append(f"   speed-up  {bulk['speedup']:.2f}x")
        if "workers_1_cold" in bulk:
            lines.append(f"   1 worker, every run started cold (KIT_WARM=0) "
                         f"{bulk['workers_1_cold']['seconds']:7.1f} s: warm starts save "
                         f"{bulk['warm_start_saves_seconds_per_file']:.1f} s per file")
        overhead = bulk["workers_2"].get("dask_overhead")
        if overhead:
            lines.append(f"   Dask's own time per file (2 workers): median "
                         f"{overhead['seconds_per_file_median']:.3f} s = "
                         f"{overhead['share_of_file_wall_median']:.2%} of a file's wall time "
                         f"(max {overhead['share_of_file_wall_max']:.2%})")
    if "new_exercises" in results:
        new = results["new_exercises"]
        lines += ["", "5. New exercises: a student's correct file graded end to end (reference "
                      "cached), wall seconds"]
        lines += [f"   {name:<16}{new[name]['grading_seconds']:7.1f}" for name in NEW_EXERCISES]
        regression = new["regression"]
        lines += [f"   regression test MAE over seeds 0-9: min {regression['mae_min']:.2f}, "
                  f"median {regression['mae_median']:.2f}, max {regression['mae_max']:.2f}; "
                  f"LinearRegression {regression['linear_regression_mae']:.2f}",
                  f"   numpy_network iris accuracy over seeds 0-9: min "
                  f"{new['numpy_network']['iris_accuracy_min']:.3f}, median "
                  f"{new['numpy_network']['iris_accuracy_median']:.3f}"]
    if "sizing" in results:
        sizing_ = results["sizing"]
        lines += ["", "6. One student's files graded on a 1-core slot (2 slots busy), wall seconds"]
        lines += [f"   {name:<22}{value:7.1f}" for name, value in sizing_["file_seconds"].items()]
        lines += [f"   per student: {sizing_['student_slot_seconds_original_four']:.0f} slot-s "
                  f"(the four original exercises), {sizing_['student_slot_seconds_all']:.0f} "
                  f"slot-s (all)",
                  f"   300 students in an hour: "
                  f"{sizing_['cores_for_300_students_in_an_hour_original_four']} cores (four), "
                  f"{sizing_['cores_for_300_students_in_an_hour_all']} cores (all)"]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", help="datasets folder (default: $KIT_DATA_DIR)")
    parser.add_argument("--seeds", type=int, nargs="+",
                        help="seeds for every reference solution (default: 1-10 for iris, "
                             "1-5 for the others)")
    parser.add_argument("--repeats", type=int, default=3,
                        help="repeats of the timings of sections 1, 3 and 4 (default 3)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.json",
                        help="where to write the results; the per-exercise reference files go "
                             "beside it (default: bench/results.json)")
    parser.add_argument("--sections", type=int, nargs="+", default=SECTIONS, choices=SECTIONS,
                        help="measure only these sections, keeping the others' figures in "
                             "--out (default: all six)")
    args = parser.parse_args()
    cache = Path(tempfile.mkdtemp(prefix="bench-cache-"))
    env = {**os.environ, "KIT_GRADER_CACHE": str(cache)}
    if args.data_dir:
        env["KIT_DATA_DIR"] = str(Path(args.data_dir).resolve())
    args.out.parent.mkdir(parents=True, exist_ok=True)

    results = {}
    if set(args.sections) != set(SECTIONS) and args.out.exists():  # re-measuring some sections
        results = json.loads(args.out.read_text())
    results["machine"] = machine()
    measured = results.setdefault("measured", {})
    sections = {1: ("first_feedback", "Time to first feedback",
                    lambda: first_feedback(env, args.repeats)),
                2: ("references", "Reference solutions over seeds",
                    lambda: references(args.seeds, env, args.out.parent)),
                3: ("grade_all_solutions", "Grading every reference solution, cold then warm",
                    lambda: grade_all_solutions(env, args.repeats)),
                4: ("bulk", "Bulk throughput", lambda: bulk_throughput(env, args.repeats)),
                5: ("new_exercises", "The NumPy network, regression and training-tips exercises",
                    lambda: new_exercises(env, args.repeats, args.out.parent)),
                6: ("sizing", "What one student costs a cluster", lambda: sizing(env))}
    try:
        for number in sorted(args.sections):
            name, title, measure = sections[number]
            print(f"{number}. {title} ...", flush=True)
            results[name] = measure()
            measured[name] = {"commit": commit(), "date": time.strftime("%Y-%m-%d %H:%M")}
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    args.out.write_text(json.dumps(results, indent=2))
    print("\n" + table(results))
    print(f"\nWritten to {args.out}")


if __name__ == "__main__":
    main()
