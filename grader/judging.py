"""Judging a run: each step's verdict from its record and its value, and the test accuracy.

A step's verdict comes from what its record says (not done, stopped, reached outside its run)
and, when it returned, from its registered check (:mod:`grader.checks`) on what it returned,
compared with the reference's result for the same inputs. The test accuracy is measured here,
on held-out data, by its own registered check (:mod:`grader.checks.accuracy`).

Example:
>>> from grader.spec import load_spec
>>> spec = load_spec("iris")
>>> not_done(spec.step("build_model")).status
<Status.NOT_DONE: 'not_done'>
"""

from dataclasses import replace

from messages import N_, _

from .checks import STEP_CHECKS, Feedback, StepContext, mistake
from .checks.values import describe, kind_of, same_form
from .evaluation import EvaluationError
from .keras_files import KerasFileError, SavedModel
from .results import PROBLEMS, ExerciseResult, Status, Verdict
from .rows import carries_over
from .spec import ArgRef, Literal


def not_graded(name, title, points, options):
    """A check a grading leaves out (``--stop-after``, ``--only``)."""
    return Verdict(name, title, Status.NOT_RUN, 0, points, left_out=True,
                   message=_("not graded: this grading {selection}").format(
                       selection=options.selection()))


def accuracy_not_graded(spec, options):
    """The test accuracy, left out by a partial grading."""
    return not_graded("accuracy", _("Test accuracy"), spec.accuracy["points"], options)


def judge(spec, student_file, run, reference, options):
    """Every check of a finished ``run`` (those ``options`` leave out: not graded)."""
    imported = run.record("import")
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
                          platform=imported.platform)


def import_problem(record):
    """Why the file's top level did not run (``""``: it did): an error, an endless loop, or code
    that signalled processes outside its own grading."""
    outside, offline = reach_notes(record.reached)
    if record.ok and not outside:
        return ""
    text = record.error or record.status or _("unknown problem")
    if record.status == Status.TIMEOUT:
        text = _("running the top level of your file took too long (an endless loop outside a "
                 "function?)")
    elif outside:
        text = outside[0]
    return "; ".join([_("your file could not be run: {problem}").format(problem=text), *offline])


def not_done(step):
    """The verdict of a step whose function is still the stub (``raise NotImplementedError``)."""
    return Verdict(step.name, step.title, Status.NOT_DONE, 0, step.points,
                   message=_("not done yet"),
                   hint=_("Replace `raise NotImplementedError` in {function}() with your "
                          "code.").format(function=step.function_name))


def judge_step(spec, step, run, reference, problem, earlier=None):
    """The verdict of one step of ``run``. ``earlier``: the verdicts already given (by name), so
    a failure can name the student's own failing functions this step called."""
    verdict = _judge_step(spec, step, run, reference, problem)
    if verdict.status not in (Status.PASSED, Status.NOT_DONE) and earlier:
        verdict.notes += _dependency_notes(spec, step, run.record(step.name), earlier)
    if step.function and not step.points:  # shown with every status, "not done" too
        verdict.notes.insert(0, _reuse_note(spec, step))
    return verdict


def _reuse_note(spec, step):
    """Why a step that calls an earlier step's function again scores 0/0."""
    names = [other.name for other in spec.steps]
    first = names.index(step.function) + 1 if step.function in names else None
    if first is None:
        return _("this step calls your {function}() again: it has no points of its own").format(
            function=step.function)
    return _("this step calls your {function}() from step {number} again: its points are "
             "counted there, so this step has none of its own").format(
        function=step.function, number=first)


def _dependency_notes(spec, step, record, earlier):
    """Notes naming the functions of the student's file this step called that failed their own
    check: the failure may come from them (weights badly initialized, say, make a right training
    loop end too high)."""
    calls = set(record.calls)
    notes = []
    for other in spec.steps:
        verdict = earlier.get(other.name)
        if (other.name != step.name and other.function_name in calls
                and other.function_name != step.function_name and verdict is not None
                and verdict.status not in (Status.PASSED, Status.NOT_DONE, Status.NOT_RUN)):
            notes.append(_("{function}() calls your {other}(), which did not pass its own check "
                           "({title}): this result may come from it, so fix that first").format(
                function=step.function_name, other=other.function_name, title=other.title))
            calls.discard(other.function_name)  # once per function (init_he, init_glorot)
    return notes


def _judge_step(spec, step, run, reference, problem):
    verdict = Verdict(step.name, step.title, Status.NOT_DONE, 0, step.points)
    record = run.records.get(step.name)
    if problem or record is None:
        verdict.status = Status.NOT_RUN
        verdict.message = _("not run: {problem}").format(
            problem=problem or _("an earlier problem stopped the run"))
        return verdict
    verdict.elapsed = record.elapsed
    if record.status == Status.NOT_DONE:
        return replace(not_done(step), elapsed=verdict.elapsed)
    outside, offline = reach_notes(record.reached)
    if not record.ok:
        verdict.status = (Status(record.status) if record.status in PROBLEMS | {
            Status.GRADER_ERROR} else Status.ERROR)
        verdict.message = record.error or record.status
        verdict.details = [line for line in record.traceback.splitlines() if line]
        verdict.hint = _problem_hint(verdict.status, step)
        verdict.notes = outside + offline
        verdict.mistakes = [_run_mistake(verdict.status, record.error)]
        return verdict
    if outside:  # signals sent out of its own run: refused by the sandbox, failed here
        verdict.status, verdict.message = Status.FAILED, outside[0]
        verdict.expected = _("code that stays inside its own grading")
        verdict.found = "; ".join(outside)
        verdict.hint = _("Remove the code that signals other processes: grading runs sealed.")
        verdict.notes = offline
        verdict.mistakes = [mistake("run.signals_outside")]
        return verdict
    if record.forbidden:
        verdict.status = Status.FAILED
        verdict.message = _("{function}() uses {libraries}: this exercise is NumPy only").format(
            function=step.function_name, libraries=", ".join(record.forbidden))
        verdict.expected = _("NumPy code only")
        verdict.found = ", ".join(record.forbidden)
        verdict.hint = _("Write this step with NumPy arrays and operations (np.dot or @, np.exp, "
                         "np.maximum ...): the point is to see what the libraries do for you.")
        verdict.mistakes = [mistake("run.forbidden_library", libraries=sorted(record.forbidden))]
        return verdict
    notes = [*record.notes, *_input_notes(spec, step, run, reference, record),
             *offline]
    value = expected = None
    try:
        value = run.value(step.name)
        expected = reference.value(step.name) if reference.record(step.name).ok else None
        context = StepContext(
            spec=spec, step=step, value=value, reference=expected,
            args=[_argument(ref, run, reference, record) for ref in step.args],
            record=record, workdir=run.out / "cwd", steps_dir=run.out / "steps",
            lookup=lambda text: _argument(ArgRef.parse(text), run, reference, record),
            borrowed=record.borrowed)
        context.model_path = run.model_path(step.name)
        context.model = SavedModel(context.model_path) if context.model_path else None
        finding = STEP_CHECKS[step.check](context)
    except (EvaluationError, KerasFileError) as error:
        verdict.status, verdict.message, verdict.notes = Status.FAILED, str(error), notes
        verdict.expected, verdict.found = describe(expected), describe(value)
        verdict.hint = step.hint
        verdict.mistakes = [mistake("run.unreadable_result", found=kind_of(value))]
        return verdict
    except Exception as error:
        if not same_form(value, expected):
            # A check reads the form of the reference's result; this value has another form,
            # which is the student's to fix (said plainly), not a failure of the grader.
            return _unreadable(verdict, step, value, expected, notes)
        verdict.status = Status.GRADER_ERROR  # a bug in a check: say so, never blame the student
        verdict.message = _("the grader failed while checking this step: {error}").format(
            error=f"{type(error).__name__}: {error}")
        return verdict
    verdict.status = Status.PASSED if finding.passed else Status.FAILED
    verdict.points = step.points if finding.passed else 0
    for name in Feedback.__dataclass_fields__:
        setattr(verdict, name, getattr(finding, name))
    if not finding.passed:  # every failure says what was expected, what was found, what to try
        verdict.expected = verdict.expected or (describe(expected) if expected is not None else "")
        verdict.found = verdict.found or describe(value)
        verdict.hint = verdict.hint or step.hint
        verdict.mistakes = verdict.mistakes or [mistake(f"{step.check}.failed")]
    verdict.notes = notes + verdict.notes
    return verdict


def _unreadable(verdict, step, value, expected, notes):
    """The verdict on a value a check could not read: not of the form the step returns."""
    verdict.status = Status.FAILED
    verdict.expected, verdict.found = describe(expected), describe(value)
    verdict.message = _("{function}() returned {found}; expected {expected}").format(
        function=step.function_name, found=verdict.found, expected=verdict.expected)
    verdict.hint, verdict.notes = step.hint, notes
    verdict.mistakes = [mistake("values.form", item=[], found=kind_of(value))]
    return verdict


def _run_mistake(status, error):
    """The mistake of a step whose code stopped: ``run.<status>``, with the exception's type for
    an error (``run.error``, ``{"exception": "ValueError"}``)."""
    exception = (error or "").split(":", 1)[0].strip()
    if status == Status.ERROR and exception.replace(".", "").isidentifier():
        return mistake("run.error", exception=exception)
    return mistake(f"run.{status}")


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
    for name in [name for name in record.borrowed if name in {s.name for s in spec.steps}]:
        trained = any(spec.step(link).trains for link in spec.model_chain(name))
        notes.append((
            _("your {function}() did not give a usable model, so this step was given an "
              "untrained model (the reference's, before training), so the numbers here are "
              "about that model, not yours") if trained else
            _("your {function}() did not give a usable model, so this step was given a model "
              "the reference solution built instead")).format(function=name))
    return notes


PROBLEM_HINTS = {
    Status.EXIT: N_("Remove sys.exit()/exit()/quit() from your function: return a value instead."),
    Status.TIMEOUT: N_("Look for a loop that never ends, or training far longer than asked."),
    Status.CRASHED: N_("Look for os._exit() or code that crashes Python; run the file yourself to "
                  "see."),
    Status.MEMORY: N_("Look for data copied again and again, or arrays far bigger than the "
                      "dataset."),
}


def _problem_hint(status, step):
    return _(PROBLEM_HINTS[status]) if status in PROBLEM_HINTS else step.hint


def _argument(ref, run, reference, record):
    """An input the step was given: a reference value (or the student's own, see
    :func:`_own_data`), or the path of the model it got."""
    if isinstance(ref, Literal):
        return ref.resolved()
    if ref.model:
        if ref.step in record.borrowed:  # the very file the student's code was given
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
        if run.record(ref.step).ok:
            try:
                own, wanted = ref.pick(run.value(ref.step)), ref.pick(reference.value(ref.step))
            except Exception:  # not shaped as the spec says: the reference's data, then
                return None
            if carries_over(own, wanted):
                run.own_data[key] = own
    return run.own_data[key]


def judge_accuracy(spec, run, reference, problem):
    """The test accuracy of the student's own trained model, measured here on held-out data by
    the registered check ``test_accuracy`` (for a regression, ``metric = "mae"``: ``test_error``,
    its mean absolute error, at most ``threshold``)."""
    rule = spec.accuracy
    threshold = rule["threshold"]
    if rule.get("metric") == "mae":
        verdict = Verdict("accuracy", _("Test error of your trained model (needs MAE <= "
                                        "{threshold:.1f})").format(threshold=threshold),
                          Status.NOT_DONE, 0, rule["points"],
                          expected=_("mean absolute error <= {threshold:.1f} on "
                                     "{test_set}").format(threshold=threshold,
                                                          test_set=spec.test_set))
    else:
        verdict = Verdict("accuracy", _("Test accuracy of your trained model (needs >= "
                                        "{threshold:.2f})").format(threshold=threshold),
                          Status.NOT_DONE, 0, rule["points"],
                          expected=_("test accuracy >= {threshold:.2f} on {test_set}").format(
                              threshold=threshold, test_set=spec.test_set))
    if problem:
        verdict.status = Status.NOT_RUN
        verdict.message = _("not run: {problem}").format(problem=problem)
        return verdict
    trained = run.record(rule["model"])
    if not trained.ok or not trained.model:
        waiting = [name for name in spec.model_chain(rule["model"])
                   if run.record(name).status == Status.NOT_DONE]
        verdict.message = (
            _("not done yet: finish {functions}").format(
                functions=", ".join(f"{name}()" for name in waiting)) if waiting else
            _("no trained model: {function}() did not finish").format(function=rule["model"]))
        if not waiting:
            verdict.status = Status.FAILED
            verdict.mistakes = [mistake("accuracy.no_trained_model")]
        return verdict
    if trained.borrowed:
        statuses = {run.record(name).status for name in trained.borrowed}
        verdict.status = Status.NOT_DONE if Status.NOT_DONE in statuses else Status.FAILED
        verdict.message = _("not measured: the model was not all yours, because {functions} "
                            "did not give a usable model; fix those steps first").format(
            functions=", ".join(f"{name}()" for name in trained.borrowed))
        if verdict.status == Status.FAILED:
            verdict.mistakes = [mistake("accuracy.model_not_own", steps=list(trained.borrowed))]
        return verdict
    context = StepContext(
        spec=spec, step=None, model_path=run.model_path(rule["model"]),
        args=[_argument(ArgRef.parse(rule[name]), run, reference, trained) for name in "xy"])
    finding = STEP_CHECKS["test_error" if rule.get("metric") == "mae" else "test_accuracy"](context)
    verdict.status = Status.PASSED if finding.passed else Status.FAILED
    verdict.points = rule["points"] if finding.passed else 0
    verdict.message, verdict.found, verdict.hint = finding.message, finding.found, finding.hint
    verdict.mistakes = finding.mistakes
    return verdict
