"""Checking a step from inside a Jupyter or Colab notebook.

In a notebook opened from the kit (or with the kit on ``sys.path``)::

    from grader.notebook import check
    check("build_model")      # that step only: PASS / FAIL / TODO, expected, found, hint
    check()                   # the whole exercise, test accuracy included

``check`` grades the code the notebook has run so far: the code of its executed cells, of which
only imports, functions, classes and constants are kept (see
:func:`grader.sources.definitions_only`), in a separate grader process, exactly as ``make grade``
does: one kept for the kernel's life (:mod:`grader.service`), so only the first ``check`` waits
for Keras to load. Nothing in the notebook's memory is used, so nothing there can change a
result, and the kernel is never restarted or slowed down by the grading.
"""

import ast
import io
import json
import re
import shutil
import subprocess
import sys

from pathlib import Path

from messages import _

from . import scratch
from .environment import PROJECT_ROOT
from .notebook_setup import colab_url, setup_cell
from .sources import definitions_only, is_stub
from .spec import available_exercises, load_spec


def notebook_code(cells):
    """The Python code of the executed ``cells`` (IPython's ``In``: magics already turned into
    calls), top-level code other than definitions blanked out."""
    text = "\n\n".join(cell for cell in cells if cell and cell.strip())
    return definitions_only(text)[0]


def guess_exercise(code, step=None):
    """The exercise the code's step functions belong to: of the exercises with a step ``step``
    (when given), the one whose steps make up most of the functions the code defines, then the
    one the code has done most of (several exercises have a ``load_data``).

    >>> code = "def load_data():\\n    pass\\ndef split_features_target(iris):\\n    pass\\n"
    >>> guess_exercise(code), guess_exercise(code, step="build_model")
    ('iris', 'iris')
    """
    try:
        defined = {node.name for node in ast.parse(code).body if isinstance(node, ast.FunctionDef)}
    except SyntaxError:
        return None
    specs = [load_spec(exercise) for exercise in available_exercises()]
    with_step = [spec for spec in specs if step in {s.name for s in spec.steps}]
    scores = {}
    for spec in with_step or specs:  # a step no exercise has: check() then says so
        mine = len({s.function_name for s in spec.steps} & defined)
        if mine:
            scores[spec.id] = (mine / len(defined), mine / len(spec.steps))
    return max(scores, key=scores.get, default=None)


def grade_code(code, exercise, step=None):
    """Grade ``code`` as ``exercise``'s file (only ``step``, if given) with the grader command;
    returns ``(result, printed output)``: the :class:`~grader.results.ExerciseResult`, or
    ``None`` when the grader could not run (its output says why)."""
    from .results import ExerciseResult

    folder = scratch.new_folder(f"notebook-{exercise}")
    try:
        (folder / load_spec(exercise).module).write_text(code, encoding="utf-8")
        status, output = _grader_command(
            ["-e", exercise, "--dir", str(folder), "--json", str(folder / "result.json"),
             "--no-cache", *(["--only", step] if step else [])])
        try:
            data = json.loads((folder / "result.json").read_text(encoding="utf-8"))
            result = ExerciseResult.from_dict(data["exercises"][0])
        except (OSError, ValueError, KeyError, IndexError):
            result = None
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return result, output


_GRADER = None  # the kernel's grader process (grader.service), started at the first check()
_EXERCISE = None  # the exercise this notebook is (set by its set-up cell), else guessed


def set_exercise(exercise):
    """Tell ``check()`` which exercise this notebook is: the set-up cell of each exercise
    notebook does (several exercises have a ``load_data``, so the code alone may not say)."""
    global _EXERCISE
    _EXERCISE = exercise


def _grader_command(argv):
    """``(exit status, output)`` of ``python -m grader *argv``: answered by the grading service
    kept for the kernel's life (Keras imported once, so a check after the first takes about a
    second), else by a new grader process."""
    global _GRADER
    from .service import GraderProcess, GraderStopped, enabled

    if enabled():
        _GRADER = _GRADER or GraderProcess(PROJECT_ROOT)
        try:
            return _GRADER.command(argv)
        except GraderStopped as error:  # a new grader process says what went wrong, if it can
            print(error, file=sys.stderr)
    completed = subprocess.run([sys.executable, "-m", "grader", *argv], cwd=PROJECT_ROOT,
                               capture_output=True, text=True, stdin=subprocess.DEVNULL)
    return completed.returncode, completed.stdout + completed.stderr


def check(step=None, exercise=None):
    """Grade the notebook's code: one step (``check("build_model")``) or, with no step, the
    whole exercise. Prints the report; returns True when every graded check passed."""
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None:
        raise RuntimeError(_("check() works inside a notebook; in a terminal, run make grade"))
    code = notebook_code(shell.user_ns.get("In", []))
    exercise = exercise or _EXERCISE or guess_exercise(code, step)
    if exercise is None:
        print(_("check(): none of the exercise functions is defined yet: run the cells that "
                "define them first, or say which exercise: check(exercise='iris')"))
        return False
    spec = load_spec(exercise)
    if step is not None and step not in {s.name for s in spec.steps}:
        print(_("check(): {exercise} has no step {step!r} (its steps: {steps})").format(
            exercise=exercise, step=step, steps=", ".join(s.name for s in spec.steps)))
        return False
    stubs = stub_steps(code, exercise, step)
    if stubs is not None:  # nothing written yet: that needs no grading process
        show(stubs)
        return False
    result, output = grade_code(code, exercise, step)
    if result is None:
        print(output.strip())
        return False
    show(format_check(result, spec, whole=step is None))
    from .results import Status

    return all(verdict.status == Status.PASSED for verdict in graded(result))


def show(report_text):
    """Display a report: coloured HTML where the front end renders it (Jupyter, Colab), the
    plain text elsewhere."""
    from IPython.display import display

    from .report import to_html

    display({"text/plain": report_text, "text/html": to_html(report_text)}, raw=True)


def graded(result):
    """The checks a grading judged (not those an ``--only`` grading left out)."""
    return [verdict for verdict in result.verdicts if not verdict.left_out]


def format_check(result, spec, whole):
    """The report of a ``check``, as ``make grade`` prints it: the checks judged, in the order
    they ran, numbered as in the exercise; the score only for the whole exercise."""
    from . import report

    text = io.StringIO()
    live = report.LiveReport([step.name for step in spec.steps], stream=text)
    live.first = whole  # one step alone: no word about the order the checks ran in
    print(report.format_header(result.title, _("your notebook")), file=text)
    for note in result.notes:
        live.note(note)
    if result.problem:
        live.problem(result.problem)
    order = [step.name for step in spec.run_order] + ["accuracy"]
    for verdict in sorted(graded(result), key=lambda verdict: order.index(verdict.name)):
        live.verdict(verdict)
    if whole:
        print(report.format_score(result), file=text)
    return text.getvalue().rstrip()


def stub_steps(code, exercise, step=None):
    """The TODO report when the function of ``step`` (every step's, without one) is still the
    untouched stub (its body only ``raise NotImplementedError``): what grading would say, without
    starting a grading process. ``None`` when there is code to grade."""
    from . import report
    from .judging import not_done

    spec = load_spec(exercise)
    steps = [s for s in spec.steps if step in (None, s.name)]
    try:
        functions = {node.name: node for node in ast.parse(code).body
                     if isinstance(node, ast.FunctionDef)}
    except SyntaxError:
        return None
    if not all(is_stub(functions.get(s.function_name)) for s in steps):
        return None
    numbers = {s.name: number for number, s in enumerate(spec.steps, 1)}
    lines = [report.format_verdict(not_done(s), numbers[s.name], todo_hint=position == 0)
             for position, s in enumerate(steps)]
    return "\n".join(lines)


def exercise_notebook(path, text=None):
    """The notebook form of an exercise file (written in jupytext's percent format; ``text``,
    when given, instead of the file's): markdown cells for the instructions, a cell per step,
    and ``check`` cells that only the notebook runs; after the title, the set-up cell that finds
    or fetches the kit (:func:`~grader.notebook_setup.setup_cell`). ``make exercises`` writes
    it (:mod:`grader.authoring.generate`)."""
    import jupytext
    import nbformat

    if text is None:
        text = Path(path).read_text(encoding="utf-8")
    notebook = jupytext.reads(text, fmt="py:percent")
    setup = nbformat.v4.new_code_cell(setup_cell(exercise=_exercise_of(path)),
                                      metadata={"tags": ["kit-setup"]})
    title = next((number for number, cell in enumerate(notebook.cells)
                  if cell.cell_type == "markdown"), -1)
    notebook.cells.insert(title + 1, setup)
    for number, cell in enumerate(notebook.cells):  # stable ids: regenerating changes nothing
        cell.id = f"cell-{number}"
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
    return notebook


def _exercise_of(path):
    """The id of the exercise whose file is ``path`` (``None`` for a file of no exercise)."""
    return next((exercise for exercise in available_exercises()
                 if load_spec(exercise).module == Path(path).name), None)


COLAB_BADGE = "https://colab.research.google.com/assets/colab-badge.svg"
_COLAB_TABLE = re.compile(r"(<!-- colab-links:.*?-->\n\|.*?\|\n\|---\|---\|\n)(.*?)(<!-- colab-links end -->)",
                          re.S)


def with_colab_links(readme):
    """``readme`` (the README's text) with its "Open in Colab" table rewritten from the kit's
    repository setting, a row per exercise."""
    rows = "".join(
        f"| `{exercise}` | [![Open in Colab]({COLAB_BADGE})]"
        f"({colab_url(f'exercises/{Path(load_spec(exercise).module).stem}.ipynb')}) |\n"
        for exercise in available_exercises())
    return _COLAB_TABLE.sub(lambda match: match[1] + rows + match[3], readme, count=1)
