"""Showing results: a readable terminal report and a JSON file for machines."""

import html
import io
import json
import re
import sys
from dataclasses import replace

import wcwidth

from messages import N_, _
from messages.terms import FirstMentions

from .results import LABELS, Status
from .results import label as status_label

COLORS = {"PASS": "32", "FAIL": "31", "TODO": "33", "SKIP": "33"}
WIDTH = 88
MODEL_CHECKS_FIRST = N_("(model checks first: they need no data and no training)")


_CSS_COLORS = {"32": "#1a7f37", "31": "#cf222e", "33": "#9a6700"}
_LABEL_AT_START = re.compile(r"^(  )(%s)(\s)" % "|".join(LABELS.values()))


def to_html(report):
    """A report's text as HTML for notebooks: the same lines in a ``<pre>``, each verdict's label
    in its terminal colour.

    >>> to_html("  PASS   1. Load the data")
    '<pre style="line-height: 1.3"><span>  <b style="color: #1a7f37">PASS</b>   1. Load the data</span></pre>'
    """
    def line(text):
        text = html.escape(text)
        return _LABEL_AT_START.sub(lambda m: f'{m[1]}<b style="color: '
                                   f'{_CSS_COLORS[COLORS.get(m[2], "31")]}">{m[2]}</b>{m[3]}', text)
    body = "\n".join(f"<span>{line(text)}</span>" for text in report.splitlines())
    return f'<pre style="line-height: 1.3">{body}</pre>'


def _paint(text, label, color):
    code = COLORS.get(label, "31")
    return f"\033[{code}m{text}\033[0m" if color else text


def _block(title, text, indent=" " * 9):
    """``text`` wrapped under ``indent``, after ``title`` (translated) when there is one; widths
    are display widths (a Hangul syllable takes two columns)."""
    label = ljust(_(title), 10) if title else ""
    lines = str(text).splitlines() or [""]
    hanging = indent + " " * wcwidth.width(label)
    first = ("\n".join(wcwidth.wrap(lines[0], WIDTH, initial_indent=indent + label,
                                    subsequent_indent=hanging, break_on_hyphens=False))
             or indent + label.rstrip())
    return "\n".join([first] + [hanging + line for line in lines[1:]])


def ljust(text, width):
    """``text`` padded to ``width`` terminal columns (``str.ljust`` counts characters)."""
    return text + " " * max(0, width - wcwidth.width(text))


def format_exercise(result, color=False, order=None):
    """The report of one exercise as text; verdicts in ``order`` (step names) when given.
    The same lines :class:`LiveReport` prints as a grading goes."""
    text = io.StringIO()
    print(format_header(result.title, result.file), file=text)
    live = LiveReport([verdict.name for verdict in result.verdicts if verdict.name != "accuracy"],
                      color, text)
    for note in result.notes:
        live.note(note)
    if result.problem:
        live.problem(result.problem)
    rank = {name: position for position, name in enumerate(order or [])}
    for verdict in sorted(result.verdicts, key=lambda v: rank.get(v.name, len(rank))):
        live.verdict(verdict)
    text.write(format_score(result))
    return text.getvalue()


def format_header(title, file):
    return f"{title}  ({file})"


def format_aside(text):
    """A line about the grading itself (not a check), wrapped to the report's width."""
    return _block("", text, indent="  ")


def format_problem(problem, color=False):
    return _paint(format_aside(problem), "FAIL", color)


def _is_todo_step(verdict):
    return verdict.status == Status.NOT_DONE and verdict.name != "accuracy"


FIELD_LABELS = {"expected": N_("expected:"), "found": N_("found:"), "hint": N_("hint:")}


def shown_fields(verdict, todo_hint=True):
    """The fields of ``verdict`` its report lines show, in their order."""
    if _is_todo_step(verdict):
        # a step not done yet: what to do (once a report), and why it has no points, say
        return ["hint", "notes"] if todo_hint else ["notes"]
    if verdict.status == Status.PASSED:
        return ["message", "notes"] if verdict.name == "accuracy" else ["notes"]
    fields = ["message", "details"]
    if verdict.status == Status.FAILED:
        fields += ["expected", "found"]
    if verdict.status != Status.NOT_RUN:
        fields.append("hint")
    return fields + ["notes"]


def format_verdict(verdict, number, color=False, todo_hint=True):
    """One check's lines: its label, title and points, then (unless it passed) what went wrong.
    ``todo_hint``: show the hint of a step not done yet (once per report is enough)."""
    label = status_label(verdict.status)
    step = f"{number}. {verdict.title}" if number else verdict.title
    points = f"{verdict.points:g}/{verdict.max_points}"
    lines = [f"  {_paint(f'{label:<6}', label, color)} {ljust(step, 66)} {points:>5}"]
    for key in shown_fields(verdict, todo_hint):
        value = getattr(verdict, key)
        if not value:
            continue
        if key == "notes":
            lines += [_block(N_("note:"), note) for note in value]
        elif key == "details":
            lines += [f"           {detail}" for detail in value[:8]]
        elif key == "message":
            passed = verdict.status == Status.PASSED  # the accuracy measured, on one line
            lines.append(f"         {value}" if passed else _block("", value))
        else:
            lines.append(_block(FIELD_LABELS[key], value))
    return "\n".join(lines)


def format_score(result):
    passed = sum(verdict.status == Status.PASSED for verdict in result.verdicts)
    return "  " + _("Score: {score}/{top}  ({passed} of {checks} checks passed)").format(
        score=f"{result.score:g}", top=result.max_score, passed=passed,
        checks=len(result.verdicts))


class LiveReport:
    """Prints each check the moment it is judged (see :func:`grader.grading.grade_exercise`).

    The model checks come first (they run before data loading and training), so their numbers
    come out of order; a line says so. A report is one page: the English after a Korean term
    ("정확도(accuracy)") is shown at the term's first appearance only.
    """

    def __init__(self, step_names, color=False, stream=None, early=None):
        self.color, self.stream = color, stream or sys.stdout
        self.early = early  # the model-check steps, when known: only they come out first
        self.numbers = {name: number for number, name in enumerate(step_names, 1)}
        self.todo_hint = True
        self.first = True
        self.mentions = FirstMentions()

    def _print(self, text):
        print(text, file=self.stream, flush=True)

    def reference_started(self):
        self._print(format_aside(_("(first grading of this exercise: running the reference "
                                   "solution once to compare with; its results are kept)")))

    def problem(self, text):
        self._print(format_problem(self.mentions(text), self.color))

    def note(self, text):
        self._print(_block(N_("note:"), self.mentions(text), indent="  "))

    def step_running(self, step, limit):
        self._print(f"  ...    {self.numbers[step.name]}. " + _(
            "{title}: running (time limit {limit} s)").format(title=step.title,
                                                              limit=f"{limit:.0f}"))

    def verdict(self, verdict):
        if self.first and verdict.name in self.numbers and self.numbers[verdict.name] != 1 and (
                self.early is None or verdict.name in self.early):
            self._print("  " + _(MODEL_CHECKS_FIRST))
        self.first = False
        self._print(format_verdict(self._first_mentions(verdict), self.numbers.get(verdict.name),
                                   self.color, self.todo_hint))
        self.todo_hint = self.todo_hint and not _is_todo_step(verdict)


    def _first_mentions(self, verdict):
        """``verdict`` with its texts as this page shows them, in the order they are printed
        (before wrapping: "손실 함수(loss function)" may not stay on one line)."""
        texts = {"title": self.mentions(verdict.title)}  # "테스트 정확도(accuracy)", say
        for key in shown_fields(verdict, self.todo_hint):
            value = getattr(verdict, key)
            if key == "notes":
                texts[key] = [self.mentions(note) for note in value]
            elif key != "details" and value:
                texts[key] = self.mentions(value)
        return replace(verdict, **texts)


def format_summary(results):
    score = sum(result.score for result in results)
    top = sum(result.max_score for result in results)
    lines = ["", _("Total: {score}/{top} points").format(score=f"{score:g}", top=top)]
    for result in results:
        first = next((v for v in result.verdicts if v.status != Status.PASSED), None)
        if first is not None:
            lines.append("  " + _("{exercise}: next, work on '{step}'").format(
                exercise=result.id, step=first.title))
    if results and all(result.passed for result in results):
        lines.append("  " + _("Everything passes. Well done!"))
    return "\n".join(lines)


def write_json(results, path, **extra):
    data = {"score": sum(r.score for r in results), "max_score": sum(r.max_score for r in results),
            "passed": all(r.passed for r in results), **extra,
            "exercises": [result.to_dict() for result in results]}
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=2, ensure_ascii=False, default=str)


def use_color(stream=sys.stdout):
    return hasattr(stream, "isatty") and stream.isatty()
