"""``python -m grader bulk SUBMISSIONS_DIR --out RESULTS_DIR``: grade a whole cohort.

Exit status: 0 when every submitted file got a grade, 2 when some could not be graded (the
grader's problem: missing data, a broken reference) or the run was interrupted.
"""

import io
import os
import sys
import time
from pathlib import Path

import messages
from datasets import DatasetError
from messages import _, ngettext

from ..options import (add_limit_options, add_run_options, add_sandbox_options, kit_folders,
                       new_parser, sealing)
from ..cache import grading_fingerprint, result_key
from ..environment import PROJECT_ROOT
from ..errors import GraderError
from ..reference import reference_run
from ..results import SubmissionStatus
from ..sources import forms, normal_name
from ..spec import SpecError, available_exercises, load_spec
from .analysis import analyse, write_analysis
from .cluster import BusyWorkers, ClusterError, dashboard, offer_slots, open_cluster
from .copies import find_copies
from .jobs import Job, Settings, placeholder
from .kit import exercise_files, kit_identity
from .order import longest_first
from .outputs import STATUS_NAMES, write_gradebook, write_student_files, write_summary
from .page import now, run_facts, write_report_pages
from .store import ResultStore
from .submissions import SubmissionError, find_submissions
from .tasks import KitMismatch, Task, grade_task



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
                        help=_("submissions graded at once on this machine (default: the number "
                               "of cores, {cores}); each gets its share of the cores").format(
                            cores=os.cpu_count()))
    parser.add_argument("--scheduler", metavar="ADDRESS",
                        help=_("grade on the Dask cluster whose scheduler is at ADDRESS (e.g. "
                               "tls://10.0.0.5:8786, started by make scheduler) instead of on "
                               "this machine alone"))
    parser.add_argument("--tls", type=Path, metavar="DIR",
                        help=_("the cluster's TLS certificate (made by make certs; default: "
                               ".grader/tls in the kit)"))
    parser.add_argument("--data-dir",
                        help=_("read datasets from this folder (default: $KIT_DATA_DIR)"))
    add_run_options(parser)
    parser.add_argument("--gradescope", action="store_true",
                        help=_("also write a Gradescope results.json per student"))
    add_sandbox_options(parser)
    add_limit_options(parser)
    args = parser.parse_args(argv)
    if args.memory_limit is None and not args.scheduler:  # room for every slot and the grader
        args.memory_limit = default_memory_limit(args.workers)
    return args


def default_memory_limit(workers):
    import psutil
    return int(psutil.virtual_memory().total * 0.75 / max(1, workers) / 2**20)


def main(argv):
    args = parse_args(argv)
    specs_dir, solutions_dir = kit_folders(args.kit)
    stubs_dir = (args.kit or PROJECT_ROOT) / "exercises"
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
    started = now()
    said = io.StringIO()  # what protects the students' runs: printed, and kept for the report
    sealed = sealing(args, said)
    sys.stdout.write(said.getvalue())
    protection = said.getvalue().strip()
    if not sealed:
        return 2
    settings = Settings(data_dir=args.data_dir, seed=args.seed, time_limit=args.time_limit,
                        time_limit_scale=args.time_limit_scale, memory_limit=args.memory_limit,
                        sandbox=not args.no_sandbox, require_sealed=args.require_sealed)
    store = ResultStore(args.out / "results.sqlite")
    try:
        results, jobs = plan(specs, solutions_dir, submissions, settings, store)
        if not args.scheduler:  # on this machine: once here, the workers find it cached
            prepare_references(jobs, solutions_dir, settings.run_options(), results)
        jobs = longest_first([job for job in jobs if (job.student, job.spec.id) not in results],
                             solutions_dir, settings.run_options())
        unchanged = sum(1 for result in results.values() if result.get("cached"))
        print(ngettext("{count} student", "{count} students", len(submissions)).format(
                  count=len(submissions)) + ", "
              + ngettext("{count} exercise", "{count} exercises", len(specs)).format(
                  count=len(specs)) + ": "
              + ngettext("{count} file to grade", "{count} files to grade", len(jobs)).format(
                  count=len(jobs)) + ", "
              + _("{unchanged} unchanged since the last run").format(unchanged=unchanged),
              flush=True)
        interrupted = False
        if jobs:
            interrupted = not grade_on_cluster(jobs, solutions_dir, settings, args, store,
                                               results)
    except ClusterError as error:
        print(_("error: {error}").format(error=error), file=sys.stderr)
        return 2
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
    flags = [find_copies(spec, {submission.name: submission.files[spec.module]
                                for submission in submissions if spec.module in submission.files},
                         solutions_dir / spec.module, stubs_dir / spec.module, args.out / "copies")
             for spec in specs]
    analysis = analyse(specs, students, results)
    write_analysis(args.out / "analysis.json", analysis)
    print("\n" + write_summary(args.out, specs, students, results, flags, analysis))
    workers = sorted({result["timing"]["worker"] for result in results.values()
                      if result.get("timing", {}).get("worker")})
    try:  # every result is saved by now: a report that cannot be written loses none of them
        page = write_report_pages(args.out, specs, students, results, analysis, flags, run_facts(
            kit_identity(), messages.language(), settings, workers, protection, started))
        print(_("Report: {file}").format(file=page))
    except Exception as error:
        print(_("warning: the report (index.html) could not be written: {error}").format(
            error=f"{type(error).__name__}: {error}"), file=sys.stderr)
    print(_("Gradebook: {file}").format(file=args.out / "gradebook.csv"))
    print(_("Feedback: {files}").format(files=f"{args.out / 'students'}/<name>/feedback.md"))
    print(_("Summary: {files}").format(files=f"{args.out / 'summary.md'}, "
                                              f"{args.out / 'summary.png'}"))
    return 2 if any(result["status"] == SubmissionStatus.NOT_GRADED
                    for result in results.values()) else 0


def plan(specs, solutions_dir, submissions, settings, store):
    """Results known without grading (missing files, unreadable zips, unchanged files), and
    the jobs for the rest."""
    results, jobs = {}, []
    for spec in specs:
        fingerprint = grading_fingerprint(spec, solutions_dir / spec.module, settings.run_options())
        for submission in submissions:
            key = (submission.name, spec.id)
            if submission.problem_for(spec.module):
                results[key] = placeholder(spec, SubmissionStatus.DID_NOT_RUN,
                                           submission.problem_for(spec.module))
            elif spec.module not in submission.files:
                results[key] = placeholder(
                    spec, SubmissionStatus.MISSING, _(
                        "not submitted: no {file} in the submission (it should be "
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
                        spec, SubmissionStatus.NOT_GRADED, _("the grader could not run {exercise}: "
                                              "{error}").format(exercise=spec.id, error=error))
            continue
        print("  " + _("ready ({seconds:.0f} s)").format(seconds=time.monotonic() - started),
              flush=True)


def grade_on_cluster(jobs, solutions_dir, settings, args, store, results):
    """Grade ``jobs`` on the Dask cluster (a local one without ``--scheduler``), saving each
    result the moment it comes back. Returns ``False`` when interrupted (Ctrl-C)."""
    identity = kit_identity()
    with open_cluster(args.scheduler, args.workers, args.tls) as client:
        slots, refused = offer_slots(client, identity)
        for worker, found in refused:
            print(_("warning: worker {worker} refuses to grade: it differs from this "
                    "machine in {differences}. Fix: install the same commit and "
                    "requirements.txt there, then restart it.").format(
                worker=worker, differences="; ".join(found)), file=sys.stderr, flush=True)
        if not slots:
            raise ClusterError(_("no worker of the cluster at {address} offers a grading slot "
                                 "for this kit. Fix: start workers with the kit installed: "
                                 "dask worker {address} --nthreads 1 --resources grading=1"
                                 ).format(address=args.scheduler or "?"))
        total = sum(slots.values())
        link = dashboard(client)
        print(ngettext("{slots} grading slot", "{slots} grading slots", total).format(
                  slots=total) + " "
              + ngettext("on {count} machine", "on {count} machines", len(slots)).format(
                  count=len(slots))
              + (_("; memory limit {memory:,} MiB each").format(memory=settings.memory_limit)
                 if settings.memory_limit else "")
              + (_("; dashboard: {link}").format(link=link) if link else ""), flush=True)
        return grade_all(client, jobs, make_tasks(jobs, solutions_dir, settings, identity, slots),
                         store, results, args.out / "students")


def make_tasks(jobs, solutions_dir, settings, identity, slots):
    """What travels to a worker for each job: the student's files as bytes, the exercise's
    spec and reference solution, the settings, the lead's kit identity."""
    kits = {}
    tasks = []
    for job in jobs:
        if job.spec.id not in kits:
            kits[job.spec.id] = exercise_files(job.spec, solutions_dir)
        names = forms(job.spec.module)
        files = {path.name: (path.read_bytes(), path.stat().st_mtime)
                 for path in sorted(job.file.parent.iterdir())
                 if normal_name(path.name) in names and path.is_file()
                 and not path.is_symlink()}
        tasks.append(Task(job.student, job.spec.id, files, job.content_hash, kits[job.spec.id],
                          settings, identity, slots))
    return tasks


def grade_all(client, jobs, tasks, store, results, logs):
    """Submit every task (the first ones first), then save each result the moment it comes
    back (its log under ``logs``). Returns ``False`` when interrupted (Ctrl-C)."""
    from distributed import as_completed
    from tqdm import tqdm

    resource = {f"kit-{tasks[0].identity['code']}": 1}
    futures, sent = [], {}
    for rank, (job, task) in enumerate(zip(jobs, tasks)):
        futures.append(client.submit(
            grade_task, task, resources=resource, pure=False, priority=len(jobs) - rank,
            key=f"grade-{job.student}-{job.spec.id}-{job.content_hash[:12]}"))
        sent[futures[-1].key] = (job, time.time())
    busy = BusyWorkers(client)
    pending = as_completed(futures)
    try:
        with tqdm(total=len(jobs), unit=_("file"), desc=_("Grading"), dynamic_ncols=True,
                  file=sys.stdout) as bar:
            last = ""
            while not pending.is_empty():
                if not pending.has_ready():
                    shown = _busy_line(busy.now)
                    if shown != last:
                        bar.set_postfix_str(shown)
                        last = shown
                    time.sleep(0.2)
                    continue
                future = next(pending)
                job, submitted = sent[future.key]
                result = _outcome(future, job)
                result.setdefault("timing", {}).update(submitted=submitted, received=time.time())
                log = result.pop("log", b"")
                (logs / job.student).mkdir(parents=True, exist_ok=True)
                (logs / job.student / f"{job.spec.id}.log").write_bytes(log)
                results[job.student, job.spec.id] = result
                # a grader failure is retried next time
                if result["status"] != SubmissionStatus.NOT_GRADED:
                    store.save(job.student, job.spec.id, job.content_hash, result)
                bar.set_postfix_str(f"{job.student}/{job.spec.id}: "
                                    f"{_(STATUS_NAMES.get(result['status'], result['status']))}")
                bar.update(1)
    except KeyboardInterrupt:
        return False
    finally:
        busy.close()
    return True


def _outcome(future, job):
    """The job's result, or a verdict saying why there is none (never an exception)."""
    from distributed import KilledWorker

    try:
        return future.result()
    except KilledWorker:
        return placeholder(job.spec, SubmissionStatus.NOT_GRADED, _(
            "the workers grading this file stopped or died several times, so Dask gave up on "
            "it (KilledWorker); run the same command again to grade it"))
    except KitMismatch as refused:
        return placeholder(job.spec, SubmissionStatus.NOT_GRADED, str(refused))
    except Exception as error:  # the cluster's failure, not the student's
        return placeholder(job.spec, SubmissionStatus.NOT_GRADED, _(
            "the grader could not grade this file: {why}").format(
                why=f"{type(error).__name__}: {error}"))


def _busy_line(now):
    """``"busy: kim/iris on 10.0.0.5:4012, ..."``: which worker grades which file."""
    if not now:
        return ""
    shown = [f"{job} @ {worker.rsplit('://', 1)[-1]}" for worker, job in sorted(now.items())]
    more = len(shown) - 3
    return _("busy: {jobs}").format(jobs=", ".join(shown[:3]) + (f" +{more}" if more > 0 else ""))
