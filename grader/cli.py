"""The grading command for one student: ``python -m grader [--exercise ID] [--solutions]
[--json FILE] ...`` (the cohort command is :mod:`grader.bulk.cli`).

Exit status: 0 when every check passed, 1 when something failed, 2 when the grader could not run.
"""

import sys
import time
from pathlib import Path

from datasets import DatasetError
from messages import _

from . import report, warm
from .cache import ResultCache, grading_fingerprint, result_key
from .environment import PROJECT_ROOT
from .errors import GraderError
from .grading import grade_exercise
from .options import (add_limit_options, add_run_options, add_sandbox_options, kit_folders,
                      new_parser, sealing)
from .results import ExerciseResult, Status, Verdict
from .runner import RunOptions
from .sources import find_exercise_file
from .supervision import child_env, starts_warm
from .spec import SpecError, available_exercises, load_spec
from .watch import Watched, watch



def parse_args(argv):
    parser = new_parser("python -m grader", lambda: _(
        "Grade the exercise files: every step on its own, then the trained model's test "
        "accuracy."), argv)
    parser.add_argument("-e", "--exercise", action="append", metavar="ID",
                        help=_("grade only this exercise (repeatable; known: {known})").format(
                            known=", ".join(available_exercises())))
    parser.add_argument("--solutions", action="store_true",
                        help=_("grade solutions/ instead of exercises/"))
    parser.add_argument("--dir", type=Path, help=_("grade the exercise files in this folder "
                                                   "(.py, or .ipynb notebooks)"))
    parser.add_argument("--data-dir", help=_("read datasets from this folder "
                                             "(default: $KIT_DATA_DIR, else cache or download)"))
    parser.add_argument("--json", type=Path, metavar="FILE",
                        help=_("also write the results as JSON"))
    add_run_options(parser)
    parser.add_argument("--stop-after", metavar="STEP",
                        help=_("run and grade the steps only up to this one (in the order they "
                               "run: model checks first); the rest, and the test accuracy, are "
                               "reported as not graded"))
    parser.add_argument("--only", action="append", metavar="STEP", default=[],
                        help=_("run and grade only this step (repeatable); the steps it takes "
                               "input from are not run: it is given the reference's results"))
    parser.add_argument("--watch", action="store_true",
                        help=_("after grading, grade again each time an exercise file is saved: "
                               "the steps that changed first (make watch; Ctrl-C to stop)"))
    parser.add_argument("--keep", action="store_true",
                        help=_("keep the run's files (for debugging)"))
    parser.add_argument("--no-cache", action="store_true",
                        help=_("grade every file again, even those unchanged since they were "
                               "last graded (make grade FRESH=1)"))
    add_limit_options(parser)
    add_sandbox_options(parser)
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    specs_dir, solutions_dir = kit_folders(args.kit)
    folder = args.dir or (solutions_dir if args.solutions else PROJECT_ROOT / "exercises")
    options = RunOptions(seed=args.seed, data_dir=args.data_dir,
                         time_limit_scale=args.time_limit_scale, keep=args.keep,
                         time_limit=args.time_limit, memory_limit=args.memory_limit,
                         sandbox=not args.no_sandbox, stop_after=args.stop_after,
                         only=tuple(args.only))
    if args.data_dir and not Path(args.data_dir).is_dir():
        print(_("error: --data-dir {folder} is not a folder").format(folder=args.data_dir),
              file=sys.stderr)
        return 2
    color = report.use_color()
    results, failures, cached = [], [], []
    try:
        exercises = [load_spec(exercise, specs_dir)
                     for exercise in args.exercise or available_exercises(specs_dir)]
    except SpecError as error:
        print(_("error: {error}").format(error=error), file=sys.stderr)
        return 2
    for spec in exercises:
        names = {step.name for step in spec.steps}
        unknown = [name for name in [args.stop_after or "", *args.only] if name and name not in names]
        if unknown:
            print(_("error: {exercise} has no step {step!r} (its steps: {steps})").format(
                exercise=spec.id, step=unknown[0],
                steps=", ".join(step.name for step in spec.steps)), file=sys.stderr)
            return 2
    if not sealing(args, sys.stdout):
        return 2
    cache = ResultCache(options.cache_dir / "results")
    watched = {spec.id: Watched(spec, folder, solutions_dir / spec.module) for spec in exercises
               } if args.watch else {}  # the sources as they were before this first grading
    for spec in exercises:
        try:
            result, from_cache = grade_one(spec, folder, solutions_dir, options, color, cache,
                                           recall=not (args.no_cache or args.keep))
        except (GraderError, DatasetError) as error:  # this exercise only; grade the others
            failures.append(spec.id)
            print(_("error: could not grade {exercise}: {error}").format(
                exercise=spec.id, error=error), file=sys.stderr, flush=True)
            continue
        results.append(result)
        if from_cache:
            cached.append(spec.id)
    print(report.format_summary(results))
    if failures:
        print("  " + _("Not graded (see the errors above): {exercises}").format(
            exercises=", ".join(failures)))
    if args.json:
        report.write_json(results, args.json, folder=str(folder), not_graded=failures,
                          cached=cached)
    if args.watch:
        for result in results:
            watched[result.id].result = result
        return watch(list(watched.values()), options, color, cache)
    if failures or any(result.grader_failed for result in results):
        return 2
    return 0 if all(result.passed for result in results) else 1


def grade_one(spec, folder, solutions_dir, options, color, cache=None, recall=True):
    """Grade ``spec``'s file in ``folder`` (the grading API, :func:`grade_exercise`), printing
    its report as this command does. With a ``cache`` (a :class:`ResultCache`) the result is
    kept there, and (``recall``) taken from it when nothing it depends on changed. Returns
    (result, whether it was recalled). Raises :class:`GraderError` or :class:`DatasetError`
    when the grader cannot grade it."""
    found = find_exercise_file(folder, spec.module)
    print("\n" + _("Grading {exercise} ...").format(exercise=spec.id), flush=True)
    started = time.monotonic()
    if found.path is None:
        result, from_cache = _missing(spec, folder / spec.module, found.problem), False
        print(report.format_exercise(result, color))
    else:
        result, from_cache = _grade_or_recall(
            spec, found, solutions_dir / spec.module, options, cache, recall, color)
    on = f"; {result.platform}" if result.platform else ""
    print(f"  ({time.monotonic() - started:.0f} s{on})", flush=True)
    return result, from_cache


def _grade_or_recall(spec, found, solution_file, options, cache, recall, color):
    """Print the report of the file ``found``: from the cache when nothing it depends on changed,
    else graded live (each check as it is judged). Returns (result, whether it was cached)."""
    student_file = found.path
    key = result_key(grading_fingerprint(spec, solution_file, options), student_file.read_bytes())
    hit = cache.get(spec, student_file, key) if cache and recall else None
    if hit:
        result, age = hit
        print(report.format_aside(_("cached: {file}, the spec, the data and the grader are "
                                    "unchanged since it was graded {ago} (FRESH=1 grades it "
                                    "again)").format(file=student_file.name, ago=_ago(age))))
        print(report.format_exercise(result, color, order=[step.name for step in spec.run_order]))
        return result, True
    print(report.format_header(spec.title, student_file), flush=True)
    if starts_warm(spec):  # (started in their environment: grader.__main__)
        warm.fork_here(child_env(options))  # before the grading starts any thread
    result = grade_exercise(spec, student_file, solution_file, options,
                            report.LiveReport([step.name for step in spec.steps], color,
                                              early=[step.name for step in spec.early_steps]),
                            notes=[found.note] if found.note else [])
    print(report.format_score(result))
    if cache and not result.grader_failed:
        cache.put(spec, student_file, key, result)
    return result, False


def _ago(seconds):
    if seconds < 90:
        return _("{n} s ago").format(n=f"{seconds:.0f}")
    if seconds < 90 * 60:
        return _("{n} min ago").format(n=f"{seconds / 60:.0f}")
    if seconds < 36 * 3600:
        return _("{n} h ago").format(n=f"{seconds / 3600:.0f}")
    return _("{n} days ago").format(n=f"{seconds / 86400:.0f}")


def _missing(spec, path, problem=""):
    verdicts = [Verdict(step.name, step.title, Status.NOT_RUN, 0, step.points)
                for step in spec.steps]
    if spec.accuracy:
        verdicts.append(Verdict("accuracy", _("Test accuracy"), Status.NOT_RUN, 0,
                                spec.accuracy["points"]))
    return ExerciseResult(spec.id, spec.title, str(path), verdicts,
                          problem=problem or _("{path} does not exist: copy it from "
                                               "exercises/{module}").format(
                                                   path=path, module=spec.module))

