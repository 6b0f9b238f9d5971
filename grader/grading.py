"""Grading one exercise file: run it, then judge every step and the final accuracy.

The grading API: :func:`grade_exercise` with :class:`~grader.runner.RunOptions` gives an
:class:`~grader.results.ExerciseResult`. The phases live apart: running the file
(:mod:`.runner`, :mod:`.supervision`), the reference's run (:mod:`.reference`), judging
(:mod:`.judging`) and judging while it runs (:mod:`.live`).

Example:
>>> from grader.spec import load_spec
>>> result = grade_exercise(load_spec("iris"), "exercises/iris.py",
...                         "solutions/iris.py", RunOptions())            # doctest: +SKIP
>>> result.score, result.max_score                                      # doctest: +SKIP
(0, 16)
"""

import shutil
from dataclasses import replace
from pathlib import Path

from . import scratch
from .judging import judge
from .live import Background, LiveJudge, early_result, early_verdicts
from .reference import reference_ready, reference_run
from .results import ExerciseResult, Verdict  # noqa: F401 (the grading API's result model)
from .runner import RunOptions, student_run  # noqa: F401 (RunOptions: the API's options)
from .sources import SourceError, read_source, shadowed_imports, shadowing_note


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
            return early_result(spec, student_file, {name: judged[name] for name in graded},
                                 options, platform)
        progress.reference_started()
        reference = reference_run(spec, solution_file, options)
    else:  # the reference runs first (once): meanwhile, the model checks that need none of it
        progress.reference_started()
        building = Background(reference_run, spec, solution_file, options)
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

