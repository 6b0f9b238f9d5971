"""Judging a student's file while it runs: each step the moment its record appears.

Model checks need no data and no training, so :func:`early_verdicts` runs them on the student's
own model while the reference solution is built (the first time an exercise is graded); the
:class:`LiveJudge` then judges each step of the full run as it is recorded, and says which step
is running when one takes a while (training).
"""

import shutil
import threading
import time
from dataclasses import replace
from pathlib import Path

from . import evaluation, scratch
from .judging import (accuracy_not_graded, import_problem, judge_accuracy, judge_step,
                      not_graded)
from .records import read_progress, read_records
from .results import ExerciseResult
from .runner import Run, limits_for, run_file
from .spec import Literal


class Background(threading.Thread):
    """``function(*args)`` in a thread; :meth:`result` waits for it (and re-raises its error).
    A daemon thread, unlike ``concurrent.futures``'s: Ctrl-C does not wait for it to finish."""

    def __init__(self, function, *args):
        super().__init__(daemon=True)
        self.function, self.args, self.value, self.error = function, args, None, None
        self.start()

    def run(self):
        try:
            self.value = self.function(*self.args)
        except BaseException as error:  # handed to the caller by result()
            self.error = error

    def result(self):
        self.join()
        if self.error is not None:
            raise self.error
        return self.value


def early_verdicts(spec, student_file, options, progress):
    """Run only the student's :attr:`~grader.spec.Spec.early_steps` (no reference needed) and
    report each one that was judged on the student's own model. Returns them by name, and the
    platform line of the run. The full run later grades them again and reports any that came out
    different."""
    work = scratch.new_folder(f"early-{spec.id}")
    verdicts, platform = {}, ""
    try:
        run = run_file(spec, student_file, work / "out", options, stop=len(spec.early_steps),
                       only=options.only)
        imported = run.records.get("import")
        if imported is None or import_problem(imported):
            return verdicts, platform  # the full run reports why the file does not run
        platform = imported.platform
        nothing = Run(work / "no-reference", {})
        for step in spec.early_steps:
            own_inputs = all(isinstance(arg, Literal) or (
                arg.model and run.record(arg.step).ok
                and not run.record(arg.step).model_too_large) for arg in step.args)
            if step.name not in run.records or not own_inputs:
                break  # its input would have been the reference's: wait for the full run
            verdicts[step.name] = judge_step(spec, step, run, nothing, "")
            progress.verdict(verdicts[step.name])
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return verdicts, platform


def early_result(spec, student_file, verdicts, options, platform):
    """The result of a grading that asked only for model checks, all judged early."""
    judged = [verdicts.get(step.name) or not_graded(step.name, step.title, step.points, options)
              for step in spec.steps]
    if spec.accuracy:
        judged.append(accuracy_not_graded(spec, options))
    return ExerciseResult(spec.id, spec.title, student_file, judged, "", platform=platform)


class LiveJudge(threading.Thread):
    """Judges each step of a running student file as soon as its record appears."""

    POLL_SECONDS = 0.2
    RUNNING_NOTICE_SECONDS = 5.0  # a step running longer than this gets a "running" line

    def __init__(self, spec, student_file, work, reference, options, progress, shown=None):
        super().__init__(daemon=True)
        self.shown = shown or {}  # verdicts already reported (by early_verdicts)
        self.spec, self.student_file, self.reference = spec, student_file, reference
        self.out, self.inputs = Path(work) / "out", Path(work) / "inputs"
        self.options, self.progress = options, progress
        self.verdicts, self.announced = {}, set()
        self.stopping = threading.Event()
        self.keras_import = None
        self.start()

    def run(self):
        try:
            while not self.stopping.wait(self.POLL_SECONDS):
                self.judge_ready()
        except Exception:  # never lose a verdict: finish() judges whatever is left
            pass

    def stop(self):
        self.stopping.set()
        self.join()

    def judge_ready(self):
        """Judge, in run order, the steps recorded so far; announce a long-running step."""
        records = read_records(self.out)
        if "import" not in records or import_problem(records["import"]):
            return  # finish() says why the file did not run
        run = Run(self.out, records, self.inputs)
        graded = self.options.graded_steps(self.spec)
        for step in self.spec.run_order:
            if step.name in self.verdicts or step.name not in graded:
                continue
            if step.name not in records:
                self.announce_running(step)
                break
            self.verdicts[step.name] = judge_step(self.spec, step, run, self.reference, "",
                                                  self.verdicts)
            self.report(self.verdicts[step.name])

    def announce_running(self, step):
        state = read_progress(self.out)
        if not state or state.get("step") != step.name:
            return
        running = time.time() - state["started"]
        if step.trains and running > 1:  # really training, not a stub that raised at once
            self.import_keras_meanwhile()
        if step.name not in self.announced and running > self.RUNNING_NOTICE_SECONDS:
            self.announced.add(step.name)
            self.progress.step_running(
                step, limits_for(self.spec, self.options, self.reference)[step.name].seconds)

    def report(self, verdict):
        shown = self.shown.get(verdict.name)
        if shown is None or replace(shown, elapsed=None) != replace(verdict, elapsed=None):
            self.progress.verdict(verdict)  # each verdict once, unless it came out different

    def import_keras_meanwhile(self):
        """The checks after training load models with Keras: import it while the student's
        model trains, not after."""
        if self.keras_import is None:
            self.keras_import = threading.Thread(target=evaluation.keras, daemon=True)
            self.keras_import.start()

    def finish(self, run):
        """The whole result, once the run is over: the steps not judged yet, then the accuracy."""
        imported = run.record("import")
        problem = import_problem(imported)
        if problem:
            self.progress.problem(problem)
        graded = self.options.graded_steps(self.spec)
        for step in self.spec.run_order:
            if step.name not in self.verdicts:
                self.verdicts[step.name] = (
                    judge_step(self.spec, step, run, self.reference, problem, self.verdicts)
                    if step.name in graded
                    else not_graded(step.name, step.title, step.points, self.options))
                self.report(self.verdicts[step.name])
        verdicts = [self.verdicts[step.name] for step in self.spec.steps]
        if self.spec.accuracy:
            verdicts.append(
                judge_accuracy(self.spec, run, self.reference, problem)
                if not self.options.partial else accuracy_not_graded(self.spec, self.options))
            self.progress.verdict(verdicts[-1])
        if self.keras_import is not None:  # never leave an import half done at exit
            self.keras_import.join()
        return ExerciseResult(self.spec.id, self.spec.title, self.student_file, verdicts, problem,
                              platform=imported.platform)

