"""``python -m grader bulk SUBMISSIONS_DIR --out RESULTS_DIR``: grade a whole cohort.

Exit status: 0 when every submitted file got a grade, 2 when some could not be graded (the
grader's problem: missing data, a broken reference) or the run was interrupted.
"""

import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from datasets import DatasetError
from messages import _, ngettext

from .. import sandbox
from ..options import add_limit_options, add_run_options, kit_folders, new_parser
from ..runner import GraderError, reference_run
from ..spec import SpecError, available_exercises, load_spec
from ..cache import grading_fingerprint, result_key
from .jobs import Job, JobRunner, Settings, placeholder
from .outputs import STATUS_NAMES, write_gradebook, write_student_files, write_summary
from .store import ResultStore
from .submissions import SubmissionError, find_submissions



def parse_args(argv):
    parser = new_parser("python -m grader bulk", lambda: _(
        "Grade every student's submission in SUBMISSIONS_DIR (one folder or .zip per student) "
        "and write a gradebook, feedback files and a summary to RESULTS_DIR. Re-running the "
        "same command resumes: only new or changed files are graded again."), argv)
    parser.add_argument("submissions", type=Path, metavar="SUBMISSIONS_DIR",
                        help=_("one folder or .zip per student, named after the student"))
    parser.add_argument("--out", type=Path, required=True, metavar="RESULTS_DIR",
                        help=_("where the gradebook, feedback and summary are written"))
    parser.add_argument("-e", "--exercise", action="append", metavar="ID",
                        help=_("grade only this exercise (repeatable; default: all)"))
    parser.add_argument("-j", "--workers", type=int, default=os.cpu_count() or 1,
                        help=_("submissions graded at once (default: the number of cores, "
                               "{cores})").format(cores=os.cpu_count()))
    parser.add_argument("--data-dir",
                        help=_("read datasets from this folder (default: $KIT_DATA_DIR)"))
    add_run_options(parser)
    parser.add_argument("--gradescope", action="store_true",
                        help=_("also write a Gradescope results.json per student"))
    parser.add_argument("--no-sandbox", action="store_true",
                        help=_("do not confine the students' processes (not recommended)"))
    add_limit_options(parser)
    args = parser.parse_args(argv)
    if args.memory_limit is None:  # leave room for every worker and the grader itself
        args.memory_limit = default_memory_limit(args.workers)
    return args


def default_memory_limit(workers):
    import psutil
    return int(psutil.virtual_memory().total * 0.75 / max(1, workers) / 2**20)


def main(argv):
    args = parse_args(argv)
    specs_dir, solutions_dir = kit_folders(args.kit)
    try:
        specs = [load_spec(exercise, specs_dir)
                 for exercise in args.exercise or available_exercises(specs_dir)]
        args.out.mkdir(parents=True, exist_ok=True)
        submissions = find_submissions(args.submissions, args.out / "work",
                                       [spec.module for spec in specs])
    except (SpecError, SubmissionError, OSError) as error:
        print(_("error: {error}").format(error=error), file=sys.stderr)
        return 2
    if args.data_dir and not Path(args.data_dir).is_dir():
        print(_("error: --data-dir {folder} is not a folder").format(folder=args.data_dir),
              file=sys.stderr)
        return 2
    confine = not args.no_sandbox
    if confine and not sandbox.available():
        print(_("warning: this system cannot confine processes (Linux Landlock is missing): "
                "students' code can read and write anything your user can."), file=sys.stderr)
    settings = Settings(kit=args.kit, data_dir=args.data_dir, seed=args.seed,
                        time_limit=args.time_limit, time_limit_scale=args.time_limit_scale,
                        memory_limit=args.memory_limit, sandbox=confine,
                        logs=args.out / "students")
    store = ResultStore(args.out / "results.sqlite")
    try:
        results, jobs = plan(specs, solutions_dir, submissions, settings, store)
        prepare_references(jobs, solutions_dir, settings.run_options(), results)
        jobs = [job for job in jobs if (job.student, job.spec.id) not in results]
        unchanged = sum(1 for result in results.values() if result.get("cached"))
        print(ngettext("{count} student", "{count} students", len(submissions)).format(
                  count=len(submissions)) + ", "
              + ngettext("{count} exercise", "{count} exercises", len(specs)).format(
                  count=len(specs)) + ": "
              + ngettext("{count} file to grade", "{count} files to grade", len(jobs)).format(
                  count=len(jobs)) + ", "
              + _("{unchanged} unchanged since the last run; {workers} at a time, memory limit "
                  "{memory:,} MiB each").format(unchanged=unchanged, workers=args.workers,
                                                 memory=args.memory_limit), flush=True)
        interrupted = not grade_all(jobs, settings, args.workers, store, results)
    finally:
        store.close()
    students = [submission.name for submission in submissions]
    if interrupted:
        print("\n" + _("Interrupted. Every finished result is saved in {file}; run the same "
                       "command again to grade the rest.").format(
            file=args.out / "results.sqlite"), file=sys.stderr)
        return 2
    for student in students:
        write_student_files(args.out / "students" / student, student, specs, results,
                            gradescope=args.gradescope)
    write_gradebook(args.out / "gradebook.csv", specs, students, results)
    print("\n" + write_summary(args.out, specs, students, results))
    print(_("Gradebook: {file}").format(file=args.out / "gradebook.csv"))
    print(_("Feedback: {files}").format(files=f"{args.out / 'students'}/<name>/feedback.md"))
    print(_("Summary: {files}").format(files=f"{args.out / 'summary.md'}, "
                                              f"{args.out / 'summary.png'}"))
    return 2 if any(result["status"] == "not_graded" for result in results.values()) else 0


def plan(specs, solutions_dir, submissions, settings, store):
    """Results known without grading (missing files, unreadable zips, unchanged files), and
    the jobs for the rest."""
    results, jobs = {}, []
    for spec in specs:
        fingerprint = grading_fingerprint(spec, solutions_dir / spec.module, settings.run_options())
        for submission in submissions:
            key = (submission.name, spec.id)
            if submission.problem_for(spec.module):
                results[key] = placeholder(spec, "error", submission.problem_for(spec.module))
            elif spec.module not in submission.files:
                results[key] = placeholder(
                    spec, "missing", _("not submitted: no {file} in the submission (it should be "
                                       "a filled-in copy of exercises/{file})").format(
                        file=spec.module))
            else:
                digest = result_key(fingerprint, submission.files[spec.module].read_bytes())
                stored = store.get(submission.name, spec.id, digest)
                if stored is not None:
                    results[key] = {**stored, "cached": True}
                else:
                    jobs.append(Job(submission.name, spec, submission.files[spec.module], digest))
    return results, jobs


def prepare_references(jobs, solutions_dir, options, results):
    """Run each needed reference solution once, before the pool starts (then it is cached)."""
    for spec in {job.spec.id: job.spec for job in jobs}.values():
        started = time.monotonic()
        print(_("Preparing the reference run of {exercise} (once; cached afterwards) "
                "...").format(exercise=spec.id), flush=True)
        try:
            reference_run(spec, solutions_dir / spec.module, options)
        except (GraderError, DatasetError) as error:
            print(_("error: could not grade {exercise}: {error}").format(
                exercise=spec.id, error=error), file=sys.stderr, flush=True)
            for job in jobs:
                if job.spec.id == spec.id:
                    results[job.student, spec.id] = placeholder(
                        spec, "not_graded", _("the grader could not run {exercise}: "
                                              "{error}").format(exercise=spec.id, error=error))
            continue
        print("  " + _("ready ({seconds:.0f} s)").format(seconds=time.monotonic() - started),
              flush=True)


def grade_all(jobs, settings, workers, store, results):
    """Grade ``jobs`` ``workers`` at a time, saving each result the moment it is known.
    Returns ``False`` when interrupted (Ctrl-C)."""
    from tqdm import tqdm

    runner = JobRunner(settings)
    pool = ThreadPoolExecutor(max_workers=max(1, workers))
    futures = {pool.submit(runner.run, job): job for job in jobs}
    try:
        with tqdm(total=len(jobs), unit=_("file"), desc=_("Grading"), dynamic_ncols=True,
                  file=sys.stdout, disable=not jobs) as bar:
            for future in as_completed(futures):
                job = futures[future]
                result = future.result()
                results[job.student, job.spec.id] = result
                if result["status"] != "not_graded":  # a grader failure is retried next time
                    store.save(job.student, job.spec.id, job.content_hash, result)
                bar.set_postfix_str(f"{job.student}/{job.spec.id}: "
                                    f"{_(STATUS_NAMES.get(result['status'], result['status']))}")
                bar.update(1)
    except KeyboardInterrupt:
        for future in futures:
            future.cancel()
        runner.stop_all()
        pool.shutdown(wait=True, cancel_futures=True)
        return False
    pool.shutdown(wait=True)
    runner.stop_all()
    return True
