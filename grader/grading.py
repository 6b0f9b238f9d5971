"""Grading one exercise file: run it, then judge every step and the final accuracy.

Example:
>>> from grader.spec import load_spec
>>> result = grade_exercise(load_spec("iris"), "exercises/iris.py",
...                         "solutions/iris.py", RunOptions())            # doctest: +SKIP
>>> result.score, result.max_score                                      # doctest: +SKIP
(0, 16)
"""

import shutil
import threading
import time
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from messages import N_, _

from . import evaluation, scratch
from .checks import STEP_CHECKS, Feedback, StepContext
from .checks.values import describe, same_form
from .evaluation import EvaluationError, labels, output_labels
from .keras_files import KerasFileError, SavedModel
from .runner import (RunOptions, Run, limits_for, read_progress,  # noqa: F401 (RunOptions
                     read_records, reference_ready, reference_run, run_file,  # is re-exported)
                     student_run)
from .sources import SourceError, read_source, shadowed_imports, shadowing_note
from .rows import carries_over
from .spec import ArgRef, Literal

PASSED, FAILED, NOT_DONE = "passed", "failed", "not_done"
PROBLEM_STATUSES = {"error", "exit", "timeout", "crashed", "memory"}


@dataclass
class Verdict(Feedback):
    """The grade of one step (or of the final accuracy)."""

    name: str
    title: str
    status: str  # passed, failed, not_done, not_run, error, exit, timeout, crashed, grader_error
    points: float
    max_points: int
    elapsed: float | None = None
    left_out: bool = False  # not graded this time (--only, --stop-after)


@dataclass
class ExerciseResult:
    id: str
    title: str
    file: str
    verdicts: list
    problem: str = ""  # why the file could not run at all (e.g. a SyntaxError)
    notes: list = field(default_factory=list)  # about the file (its name, its encoding)
    platform: str = ""  # the Keras backend and device that ran the student's code

    @property
    def score(self):
        return sum(verdict.points for verdict in self.verdicts)

    @property
    def max_score(self):
        return sum(verdict.max_points for verdict in self.verdicts)

    @property
    def passed(self):
        return all(verdict.status == PASSED for verdict in self.verdicts)

    @property
    def grader_failed(self):
        return any(verdict.status == "grader_error" for verdict in self.verdicts)

    def to_dict(self):
        return {"id": self.id, "title": self.title, "file": self.file, "score": self.score,
                "max_score": self.max_score, "passed": self.passed, "problem": self.problem,
                "notes": self.notes, "platform": self.platform,
                "checks": [asdict(verdict) for verdict in self.verdicts]}

    @classmethod
    def from_dict(cls, data):
        """The result :meth:`to_dict` gave (e.g. read back from the result cache)."""
        return cls(data["id"], data["title"], data["file"],
                   [Verdict(**check) for check in data["checks"]], data.get("problem", ""),
                   data.get("notes", []), data.get("platform", ""))


class Progress:
    """What :func:`grade_exercise` reports while it works (all optional; the terminal report,
    :class:`grader.report.LiveReport`, prints each as it comes)."""

    def reference_started(self):
        """The reference solution has to run first (once per exercise)."""

    def verdict(self, verdict):
        """A check was judged (model checks first, then the other steps, then the accuracy)."""

    def step_running(self, step, limit):
        """A step has been running a while (e.g. training)."""

    def problem(self, text):
        """The file could not run at all (all its checks follow, not run)."""

    def note(self, text):
        """Something about the file itself (graded under another name, another encoding)."""


def grade_exercise(spec, student_file, solution_file, options, progress=None, notes=()):
    """Grade ``student_file`` against ``spec``; the reference is ``solution_file``'s run.

    Each step is judged as soon as the student's process has recorded it, while later steps still
    run, and handed to ``progress.verdict``: a wrong layer is reported before training starts.
    ``notes`` (e.g. which file was graded) are reported first and kept with the result.
    """
    progress = progress or Progress()
    notes = [*notes, *file_notes(student_file)]
    for note in notes:
        progress.note(note)
    result = _grade(spec, student_file, solution_file, options, progress)
    result.notes = notes
    return result


def file_notes(student_file):
    """What the student should know about the file itself (e.g. its encoding, a function that
    takes over the name of an import)."""
    try:
        text, note = read_source(student_file)
    except (SourceError, OSError):  # the worker reports it as the file's problem
        return []
    return [note for note in [note] if note] + [
        shadowing_note(*found) for found in shadowed_imports(text)]


def _grade(spec, student_file, solution_file, options, progress):
    if Path(student_file).read_bytes() == Path(solution_file).read_bytes():
        reference = reference_run(spec, solution_file, options, on_build=progress.reference_started)
        # same code, same seed: the reference's run is the student's
        result = judge(spec, str(student_file), reference, reference, options)
        verdicts = {verdict.name: verdict for verdict in result.verdicts}
        for step in spec.run_order:
            progress.verdict(verdicts[step.name])
        if spec.accuracy:
            progress.verdict(verdicts["accuracy"])
        return result
    shown = {}
    if reference_ready(spec, solution_file, options):
        reference = reference_run(spec, solution_file, options)
    elif options.only and set(options.graded_steps(spec)) <= {s.name for s in spec.early_steps}:
        # only model checks asked for (check("compile_model") in a notebook): when they can be
        # judged on the student's own model, as a whole grading would judge them, the reference
        # solution need not run at all
        graded = options.graded_steps(spec)
        judged, platform = early_verdicts(spec, student_file, replace(options, only=()),
                                          Progress())
        if set(graded) <= set(judged):
            for name in graded:
                progress.verdict(judged[name])
            return _early_result(spec, student_file, {name: judged[name] for name in graded},
                                 options, platform)
        progress.reference_started()
        reference = reference_run(spec, solution_file, options)
    else:  # the reference runs first (once): meanwhile, the model checks that need none of it
        progress.reference_started()
        building = _Background(reference_run, spec, solution_file, options)
        shown, _platform = early_verdicts(spec, student_file, options, progress)
        reference = building.result()
    work = scratch.new_folder(f"grade-{spec.id}")
    live = LiveJudge(spec, str(student_file), work, reference, options, progress, shown)
    try:
        try:
            run = student_run(spec, student_file, reference, options, work=work)
        finally:
            live.stop()
        return live.finish(run)
    finally:
        if not options.keep:
            shutil.rmtree(work, ignore_errors=True)


class _Background(threading.Thread):
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
        imported = run.records.get("import", {})
        if import_problem(imported) or "import" not in run.records:
            return verdicts, platform  # the full run reports why the file does not run
        platform = imported.get("platform", "")
        nothing = Run(work / "no-reference", {})
        for step in spec.early_steps:
            own_inputs = all(isinstance(arg, Literal) or (
                arg.model and run.records.get(arg.step, {}).get("status") == "ok"
                and not run.records[arg.step].get("model_too_large")) for arg in step.args)
            if step.name not in run.records or not own_inputs:
                break  # its input would have been the reference's: wait for the full run
            verdicts[step.name] = judge_step(spec, step, run, nothing, "")
            progress.verdict(verdicts[step.name])
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return verdicts, platform


def _early_result(spec, student_file, verdicts, options, platform):
    """The result of a grading that asked only for model checks, all judged early."""
    judged = [verdicts.get(step.name) or not_graded(step.name, step.title, step.points, options)
              for step in spec.steps]
    if spec.accuracy:
        judged.append(accuracy_not_graded(spec, options))
    return ExerciseResult(spec.id, spec.title, student_file, judged, "", platform=platform)


def not_graded(name, title, points, options):
    """A check a grading leaves out (``--stop-after``, ``--only``)."""
    return Verdict(name, title, "not_run", 0, points, left_out=True,
                   message=_("not graded: this grading {selection}").format(
                       selection=options.selection()))


def accuracy_not_graded(spec, options):
    """The test accuracy, left out by a partial grading."""
    return not_graded("accuracy", _("Test accuracy"), spec.accuracy["points"], options)


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
        imported = run.records.get("import", {})
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
                              platform=imported.get("platform", ""))


def judge(spec, student_file, run, reference, options):
    """Every check of a finished ``run`` (those ``options`` leave out: not graded)."""
    imported = run.records.get("import", {})
    problem = import_problem(imported)
    graded, judged = options.graded_steps(spec), {}
    for step in spec.run_order:
        judged[step.name] = (judge_step(spec, step, run, reference, problem, judged)
                             if step.name in graded
                             else not_graded(step.name, step.title, step.points, options))
    verdicts = [judged[step.name] for step in spec.steps]
    if spec.accuracy:
        verdicts.append(judge_accuracy(spec, run, reference, problem) if not options.partial
                        else accuracy_not_graded(spec, options))
    return ExerciseResult(spec.id, spec.title, student_file, verdicts, problem,
                          platform=imported.get("platform", ""))


def import_problem(record):
    """Why the file's top level did not run (``""``: it did): an error, an endless loop, or code
    that signalled processes outside its own grading."""
    outside, offline = reach_notes(record.get("reached"))
    if record.get("status") == "ok" and not outside:
        return ""
    text = record.get("error") or record.get("status") or _("unknown problem")
    if record.get("status") == "timeout":
        text = _("running the top level of your file took too long (an endless loop outside a "
                 "function?)")
    elif outside:
        text = outside[0]
    return "; ".join([_("your file could not be run: {problem}").format(problem=text), *offline])


def not_done(step):
    """The verdict of a step whose function is still the stub (``raise NotImplementedError``)."""
    return Verdict(step.name, step.title, NOT_DONE, 0, step.points, message=_("not done yet"),
                   hint=_("Replace `raise NotImplementedError` in {function}() with your "
                          "code.").format(function=step.function_name))


def judge_step(spec, step, run, reference, problem, earlier=None):
    """The verdict of one step of ``run``. ``earlier``: the verdicts already given (by name), so
    a failure can name the student's own failing functions this step called."""
    verdict = _judge_step(spec, step, run, reference, problem)
    if verdict.status not in (PASSED, NOT_DONE) and earlier:
        verdict.notes += _dependency_notes(spec, step, run.records.get(step.name) or {}, earlier)
    return verdict


def _dependency_notes(spec, step, record, earlier):
    """Notes naming the functions of the student's file this step called that failed their own
    check: the failure may come from them (weights badly initialized, say, make a right training
    loop end too high)."""
    calls = set(record.get("calls") or [])
    notes = []
    for other in spec.steps:
        verdict = earlier.get(other.name)
        if (other.name != step.name and other.function_name in calls
                and other.function_name != step.function_name and verdict is not None
                and verdict.status not in (PASSED, NOT_DONE, "not_run")):
            notes.append(_("{function}() calls your {other}(), which did not pass its own check "
                           "({title}): this result may come from it, so fix that first").format(
                function=step.function_name, other=other.function_name, title=other.title))
            calls.discard(other.function_name)  # once per function (init_he, init_glorot)
    return notes


def _judge_step(spec, step, run, reference, problem):
    verdict = Verdict(step.name, step.title, NOT_DONE, 0, step.points)
    record = run.records.get(step.name)
    if problem or record is None:
        verdict.status = "not_run"
        verdict.message = _("not run: {problem}").format(
            problem=problem or _("an earlier problem stopped the run"))
        return verdict
    verdict.elapsed = record.get("elapsed")
    status = record["status"]
    if status == NOT_DONE:
        return replace(not_done(step), elapsed=verdict.elapsed)
    outside, offline = reach_notes(record.get("reached"))
    if status != "ok":
        verdict.status = status if status in PROBLEM_STATUSES | {"grader_error"} else "error"
        verdict.message = record.get("error", status)
        verdict.details = [line for line in record.get("traceback", "").splitlines() if line]
        verdict.hint = _problem_hint(status, step)
        verdict.notes = outside + offline
        return verdict
    if outside:  # signals sent out of its own run: refused by the sandbox, failed here
        verdict.status, verdict.message = FAILED, outside[0]
        verdict.expected = _("code that stays inside its own grading")
        verdict.found = "; ".join(outside)
        verdict.hint = _("Remove the code that signals other processes: grading runs sealed.")
        verdict.notes = offline
        return verdict
    if record.get("forbidden"):
        verdict.status = FAILED
        verdict.message = _("{function}() uses {libraries}: this exercise is NumPy only").format(
            function=step.function_name, libraries=", ".join(record["forbidden"]))
        verdict.expected = _("NumPy code only")
        verdict.found = ", ".join(record["forbidden"])
        verdict.hint = _("Write this step with NumPy arrays and operations (np.dot or @, np.exp, "
                         "np.maximum ...): the point is to see what the libraries do for you.")
        return verdict
    notes = [*record.get("notes", []), *_input_notes(spec, step, run, reference, record),
             *offline]
    value = expected = None
    try:
        value = run.value(step.name)
        expected = (reference.value(step.name) if reference.records.get(step.name, {}).get(
            "status") == "ok" else None)
        context = StepContext(
            spec=spec, step=step, value=value, reference=expected,
            args=[_argument(ref, run, reference, record) for ref in step.args],
            record=record, workdir=run.out / "cwd", steps_dir=run.out / "steps",
            lookup=lambda text: _argument(ArgRef.parse(text), run, reference, record),
            borrowed=record.get("borrowed", []))
        context.model_path = run.model_path(step.name)
        context.model = SavedModel(context.model_path) if context.model_path else None
        finding = STEP_CHECKS[step.check](context)
    except (EvaluationError, KerasFileError) as error:
        verdict.status, verdict.message, verdict.notes = FAILED, str(error), notes
        verdict.expected, verdict.found = describe(expected), describe(value)
        verdict.hint = step.hint
        return verdict
    except Exception as error:
        if not same_form(value, expected):
            # A check reads the form of the reference's result; this value has another form,
            # which is the student's to fix (said plainly), not a failure of the grader.
            return _unreadable(verdict, step, value, expected, notes)
        verdict.status = "grader_error"  # a bug in a check: say so, never blame the student
        verdict.message = _("the grader failed while checking this step: {error}").format(
            error=f"{type(error).__name__}: {error}")
        return verdict
    verdict.status = PASSED if finding.passed else FAILED
    verdict.points = step.points if finding.passed else 0
    for name in Feedback.__dataclass_fields__:
        setattr(verdict, name, getattr(finding, name))
    if not finding.passed:  # every failure says what was expected, what was found, what to try
        verdict.expected = verdict.expected or (describe(expected) if expected is not None else "")
        verdict.found = verdict.found or describe(value)
        verdict.hint = verdict.hint or step.hint
    verdict.notes = notes + verdict.notes
    return verdict


def _unreadable(verdict, step, value, expected, notes):
    """The verdict on a value a check could not read: not of the form the step returns."""
    verdict.status = FAILED
    verdict.expected, verdict.found = describe(expected), describe(value)
    verdict.message = _("{function}() returned {found}; expected {expected}").format(
        function=step.function_name, found=verdict.found, expected=verdict.expected)
    verdict.hint, verdict.notes = step.hint, notes
    return verdict


def reach_notes(attempts):
    """``(outside, offline)``: sentences on what the student's code tried to reach past its run
    (noted by the worker, refused by the sandbox): signals to other processes, and network
    connections (grading runs offline)."""
    attempts = [item for item in attempts or [] if isinstance(item, dict)]
    signals = [f"{item.get('signal')} -> {item.get('target')}" for item in attempts
               if item.get("kind") == "signal"]
    network = [f"{item.get('what')} {item.get('address')}" for item in attempts
               if item.get("kind") == "network"]
    outside = [_("your code tried to signal processes outside its own grading ({signals}): the "
                 "sandbox refused it").format(signals=", ".join(signals))] if signals else []
    offline = [_("your code tried to use the network ({connections}): grading runs offline, so "
                 "it was refused. Load data with the kit's loaders (from datasets import "
                 "...)").format(connections=", ".join(network))] if network else []
    return outside, offline


def _input_notes(spec, step, run, reference, record):
    """Whose inputs the step was given, where they were not the usual ones: the student's own
    data in another scale, or a model of the reference's because the student's did not come."""
    notes = []
    for ref in step.args:
        if isinstance(ref, ArgRef) and not ref.model and _own_data(ref, run, reference) is not None:
            notes.append(_("this step was given what your own {function}() returned, which "
                           "holds the same data as the reference's in another scale or coding: "
                           "your pipeline is graded as you wrote it").format(
                function=spec.step(ref.step).function_name))
    for name in record.get("borrowed", []):
        trained = any(spec.step(link).trains for link in spec.model_chain(name))
        notes.append((
            _("your {function}() did not give a usable model, so this step was given an "
              "untrained model (the reference's, before training), so the numbers here are "
              "about that model, not yours") if trained else
            _("your {function}() did not give a usable model, so this step was given a model "
              "the reference solution built instead")).format(function=name))
    return notes


PROBLEM_HINTS = {
    "exit": N_("Remove sys.exit()/exit()/quit() from your function: return a value instead."),
    "timeout": N_("Look for a loop that never ends, or training far longer than asked."),
    "crashed": N_("Look for os._exit() or code that crashes Python; run the file yourself to "
                  "see."),
    "memory": N_("Look for data copied again and again, or arrays far bigger than the dataset."),
}


def _problem_hint(status, step):
    return _(PROBLEM_HINTS[status]) if status in PROBLEM_HINTS else step.hint


def _argument(ref, run, reference, record):
    """An input the step was given: a reference value (or the student's own, see
    :func:`_own_data`), or the path of the model it got."""
    if isinstance(ref, Literal):
        return ref.resolved()
    if ref.model:
        if ref.step in record.get("borrowed", []):  # the very file the student's code was given
            return run.inputs / "models" / f"{ref.step}.keras"
        return run.model_path(ref.step)
    own = _own_data(ref, run, reference)
    return own if own is not None else ref.pick(reference.value(ref.step))


def _own_data(ref, run, reference):
    """The student's own result for ``ref`` when it is the reference's data in another scale or
    coding (decided here, in the grader, as the worker decides it; kept per run)."""
    if run is reference or run.inputs is None:
        return None
    key = str(ref)
    if key not in run.own_data:
        run.own_data[key] = None
        if run.records.get(ref.step, {}).get("status") == "ok":
            try:
                own, wanted = ref.pick(run.value(ref.step)), ref.pick(reference.value(ref.step))
            except Exception:  # not shaped as the spec says: the reference's data, then
                return None
            if carries_over(own, wanted):
                run.own_data[key] = own
    return run.own_data[key]


def judge_accuracy(spec, run, reference, problem):
    """Test accuracy of the student's own trained model, measured here on held-out data (for a
    regression, ``metric = "mae"``: its mean absolute error, at most ``threshold``)."""
    rule = spec.accuracy
    threshold = rule["threshold"]
    if rule.get("metric") == "mae":
        verdict = Verdict("accuracy", _("Test error of your trained model (needs MAE <= "
                                        "{threshold:.1f})").format(threshold=threshold),
                          NOT_DONE, 0, rule["points"],
                          expected=_("mean absolute error <= {threshold:.1f} on "
                                     "{test_set}").format(threshold=threshold,
                                                          test_set=spec.test_set))
    else:
        verdict = Verdict("accuracy", _("Test accuracy of your trained model (needs >= "
                                        "{threshold:.2f})").format(threshold=threshold),
                          NOT_DONE, 0, rule["points"],
                          expected=_("test accuracy >= {threshold:.2f} on {test_set}").format(
                              threshold=threshold, test_set=spec.test_set))
    if problem:
        verdict.status = "not_run"
        verdict.message = _("not run: {problem}").format(problem=problem)
        return verdict
    trained = run.records.get(rule["model"], {})
    if trained.get("status") != "ok" or not trained.get("model"):
        waiting = [name for name in spec.model_chain(rule["model"])
                   if run.records.get(name, {}).get("status") == NOT_DONE]
        verdict.message = (
            _("not done yet: finish {functions}").format(
                functions=", ".join(f"{name}()" for name in waiting)) if waiting else
            _("no trained model: {function}() did not finish").format(function=rule["model"]))
        if not waiting:
            verdict.status = FAILED
        return verdict
    borrowed = trained.get("borrowed", [])
    if borrowed:
        statuses = {run.records.get(name, {}).get("status") for name in borrowed}
        verdict.status = NOT_DONE if NOT_DONE in statuses else FAILED
        verdict.message = _("not measured: the model was not all yours, because {functions} "
                            "did not give a usable model; fix those steps first").format(
            functions=", ".join(f"{name}()" for name in borrowed))
        return verdict
    x = _argument(ArgRef.parse(rule["x"]), run, reference, trained)
    if rule.get("metric") == "mae":
        return _judge_error(verdict, rule, run.model_path(rule["model"]), x,
                            _argument(ArgRef.parse(rule["y"]), run, reference, trained))
    y = labels(_argument(ArgRef.parse(rule["y"]), run, reference, trained))
    try:
        correct = int((output_labels(run.model_path(rule["model"]), x, spec.label_maps) == y).sum())
    except EvaluationError as error:
        verdict.status, verdict.message = FAILED, str(error)
        return verdict
    accuracy = correct / len(y)
    verdict.found = _("test accuracy {accuracy:.4f} ({correct} of {total} correct)").format(
        accuracy=accuracy, correct=correct, total=len(y))
    if accuracy >= threshold:
        verdict.status, verdict.points = PASSED, rule["points"]
        verdict.message = verdict.found
    else:
        verdict.status = FAILED
        verdict.message = _("test accuracy {accuracy:.4f} is below {threshold:.2f}").format(
            accuracy=accuracy, threshold=threshold)
        verdict.hint = rule.get("hint", "")
    return verdict


def _judge_error(verdict, rule, model_path, x, y):
    """A regression model's mean absolute error on the test rows, measured here."""
    import numpy as np

    from .evaluation import outputs

    try:
        predicted = outputs(model_path, x).reshape(len(x), -1)[:, 0]
    except EvaluationError as error:
        verdict.status, verdict.message = FAILED, str(error)
        return verdict
    error = float(np.mean(np.abs(predicted - np.asarray(y, dtype=float).reshape(len(predicted)))))
    verdict.found = _("test MAE {error:.2f} over {total} rows").format(error=error,
                                                                       total=len(predicted))
    if np.isfinite(error) and error <= rule["threshold"]:
        verdict.status, verdict.points, verdict.message = PASSED, rule["points"], verdict.found
    else:
        verdict.status = FAILED
        verdict.message = _("test MAE {error:.2f} is above {threshold:.1f}").format(
            error=error, threshold=rule["threshold"])
        verdict.hint = rule.get("hint", "")
    return verdict
