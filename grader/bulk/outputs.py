"""What a bulk run leaves for the study lead: the gradebook, a feedback file per student, the
full results as JSON (and Gradescope's format on request), and a summary of the cohort.

Layout of the results folder::

    gradebook.csv                 one row per student; columns fixed by the kit's exercises
    summary.md, summary.png       score distribution, the checks most students missed and
                                  their most common mistakes, step by step
    analysis.json                 the same as data: pass rates, mistakes grouped (pandas-ready)
    index.html                    one page for all of it (students/<name>/index.html each)
    students/<name>/feedback.md   ready to send back as it is
    students/<name>/results.json  every check of every exercise
    students/<name>/gradescope/results.json   with --gradescope
"""

import contextlib
import csv
import functools
import json
import statistics
from collections import Counter
from pathlib import Path

import wcwidth

import messages
from messages import N_, _, ngettext
from messages.terms import FirstMentions

from ..report import FIELD_LABELS, ljust
from ..results import ExerciseResult, Status, SubmissionStatus, Verdict, label

STATUS_WORDS = {SubmissionStatus.COMPLETE: N_("all checks pass"),
                SubmissionStatus.INCOMPLETE: N_("some checks do not pass yet"),
                SubmissionStatus.DID_NOT_RUN: N_("the file could not run"),
                SubmissionStatus.MISSING: N_("not submitted"),
                SubmissionStatus.NOT_GRADED: N_("could not be graded (the grader's problem, not "
                                                "yours)")}
STATUS_NAMES = {SubmissionStatus.COMPLETE: N_("complete"),  # a word each
                SubmissionStatus.INCOMPLETE: N_("incomplete"),
                SubmissionStatus.DID_NOT_RUN: N_("error"), SubmissionStatus.MISSING: N_("missing"),
                SubmissionStatus.NOT_GRADED: N_("not graded")}


def gradebook_columns(specs):
    """Stable columns: they depend only on the kit's exercises, never on who submitted what."""
    columns = ["student"]
    for spec in specs:
        columns += [f"{spec.id}_score", f"{spec.id}_max", f"{spec.id}_status"]
    return columns + ["total_score", "total_max"]


def write_gradebook(path, specs, students, results):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(gradebook_columns(specs))
        for student in students:
            row, total, top = [student], 0, 0
            for spec in specs:
                result = results[student, spec.id]
                row += [_number(result["score"]), _number(result["max_score"]), result["status"]]
                total += result["score"]
                top += result["max_score"]
            writer.writerow(row + [_number(total), _number(top)])


def _number(value):
    return int(value) if float(value).is_integer() else round(float(value), 2)


def write_student_files(folder, student, specs, results, gradescope=False):
    """``feedback.md`` and ``results.json`` (and Gradescope's ``results.json``) for one student."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    exercises = [results[student, spec.id] for spec in specs]
    score = sum(result["score"] for result in exercises)
    top = sum(result["max_score"] for result in exercises)
    data = {"student": student, "score": score, "max_score": top, "exercises": exercises}
    (folder / "results.json").write_text(json.dumps(data, indent=2, ensure_ascii=False))
    (folder / "feedback.md").write_text(feedback_markdown(student, exercises), encoding="utf-8")
    if gradescope:
        (folder / "gradescope").mkdir(exist_ok=True)
        (folder / "gradescope" / "results.json").write_text(
            json.dumps(gradescope_results(exercises), indent=2, ensure_ascii=False))


def feedback_markdown(student, exercises):
    score = sum(result["score"] for result in exercises)
    top = sum(result["max_score"] for result in exercises)
    lines = ["# " + _("Feedback for {student}").format(student=student), "",
             "**" + _("Total: {score}/{top} points").format(score=_number(score),
                                                           top=_number(top)) + "**", ""]
    for result in exercises:
        points = f"{_number(result['score'])}/{_number(result['max_score'])}"
        lines += [f"## {result['title']}: {points}",
                  "", _("Status: {status}.").format(status=_(STATUS_WORDS.get(
                      result["status"], result["status"]))), ""]
        if result.get("problem"):
            lines += [f"> {result['problem']}", ""]
        lines += [line for note in result.get("notes", [])
                  for line in (_("Note: {note}").format(note=note), "")]
        if not result["checks"]:
            continue
        lines += markdown_table(
            [_("Check"), _("Result"), _("Points")],
            [[_cell(check["title"]), label(check["status"]),
              f"{_number(check['points'])}/{check['max_points']}"]
             for check in result["checks"]]) + [""]
        todo = [check for check in result["checks"]
                if check["status"] not in (Status.PASSED, Status.NOT_RUN, Status.NOT_DONE)]
        not_done = [check["title"] for check in result["checks"]
                    if check["status"] == Status.NOT_DONE]
        if todo:
            lines += [_("What to work on:"), ""]
        for check in todo:
            lines.append(f"- **{check['title']}**: {check.get('message') or check['status']}")
            for key in ("expected", "found", "hint"):
                if check.get(key) and check["status"] != Status.NOT_RUN:
                    lines.append(f"  - {_(FIELD_LABELS[key])} {check[key]}")
        if not_done:
            lines += [""] * (lines[-1] != "") + [
                _("Not done yet ({count}): {steps}. Replace `raise NotImplementedError` in "
                  "these steps' functions with your code.").format(count=len(not_done),
                                                                  steps="; ".join(not_done))]
        lines.append("")
    return "\n".join(map(FirstMentions(), lines))  # the English of a term once a page


def _cell(text):
    return str(text).replace("|", "\\|")


def markdown_table(header, rows):
    """A Markdown table whose columns line up in a terminal too: cells padded to the widest in
    display columns (a Hangul syllable takes two), in any language.

    >>> print("\\n".join(markdown_table(["검사", "Points"], [["Build", "2/2"]])))
    | 검사  | Points |
    |-------|--------|
    | Build | 2/2    |
    """
    widths = [max(wcwidth.width(str(row[column])) for row in [header, *rows])
              for column in range(len(header))]
    def line(cells):
        return "| " + " | ".join(ljust(str(cell), width) for cell, width in zip(cells, widths)) + " |"
    return [line(header), "|" + "|".join("-" * (width + 2) for width in widths) + "|",
            *[line(row) for row in rows]]


def gradescope_results(exercises):
    """Gradescope's autograder format: one test per check, scores summed."""
    words = {key: _(word) for key, word in FIELD_LABELS.items()}
    tests = []
    for result in exercises:
        if not result["checks"]:
            tests.append({"name": f"{result['title']}", "score": 0,
                          "max_score": result["max_score"], "status": "failed",
                          "output": result.get("problem") or result["status"]})
        graded = ExerciseResult(result["exercise"], result["title"], "",
                                [Verdict(**check) for check in result["checks"]])
        tests += graded.gradescope_tests(words)
    return {"score": sum(result["score"] for result in exercises), "tests": tests,
            "visibility": "visible"}


def most_missed(specs, students, results, top=10):
    """``[(exercise id, check title, students who missed it, students whose file ran)]``:
    the checks most students tried and did not pass. Steps not done yet, and files that could
    not run at all (a syntax error), are left out: they say nothing about what was misunderstood."""
    missed, submitted = Counter(), Counter()
    titles, order = {}, {}
    for spec in specs:
        for student in students:
            result = results[student, spec.id]
            if result["status"] not in (SubmissionStatus.COMPLETE,
                                        SubmissionStatus.INCOMPLETE):  # only files that ran
                continue
            submitted[spec.id] += 1
            for position, check in enumerate(result["checks"]):
                titles[spec.id, check["name"]] = (spec.id, check["title"])
                order[spec.id, check["name"]] = (spec.order, position)
                if check["status"] not in (Status.PASSED, Status.NOT_DONE):  # tried, not right
                    missed[spec.id, check["name"]] += 1
    ranked = sorted(missed.items(), key=lambda item: (-item[1], order[item[0]]))[:top]
    return [(*titles[key], count, submitted[key[0]]) for key, count in ranked]


def write_summary(folder, specs, students, results, flags=(), analysis=None):
    """``summary.md`` and ``summary.png``; returns the Markdown text. ``flags``: the copy flags
    of each exercise (:class:`~grader.bulk.copies.Flags`); ``analysis``: the cohort's
    (:func:`~grader.bulk.analysis.analyse`, made here when not given)."""
    from .analysis import analyse

    analysis = analysis or analyse(specs, students, results)
    folder = Path(folder)
    totals = [sum(results[s, spec.id]["score"] for spec in specs) for s in students]
    top = sum(results[students[0], spec.id]["max_score"] for spec in specs) if students else 0
    missed = most_missed(specs, students, results)
    lines = ["# " + _("Cohort summary"), "", _("Students: {count}").format(count=len(students))]
    if totals:
        lines.append(_("Total score (of {top}): median {median}, min {low}, max {high}").format(
            top=_number(top), median=_number(statistics.median(totals)),
            low=_number(min(totals)), high=_number(max(totals))))
    counts = {spec.id: Counter(results[s, spec.id]["status"] for s in students) for spec in specs}
    lines += [""] + markdown_table(
        [_("Exercise")] + [_(word) for word in STATUS_NAMES.values()],
        [[_cell(spec.title)] + [str(counts[spec.id][status]) for status in STATUS_NAMES]
         for spec in specs])
    lines += ["", "## " + _("Checks most students missed (re-teach these first)"), "",
              _("Checks tried and not passed, among the students whose file ran (steps not done "
                "yet are not counted):"), ""]
    lines += [f"{i}. {exercise}: " + _("{check} ({count} of {handed} students)").format(
        check=check, count=count, handed=handed)
        for i, (exercise, check, count, handed) in enumerate(missed, 1)] or [_("None.")]
    lines += mistake_lines(analysis)
    lines += copy_flag_lines(folder, flags)
    text = "\n".join(lines) + "\n"
    (folder / "summary.md").write_text(text, encoding="utf-8")
    _plot(folder / "summary.png", totals, top, missed)
    return text


MISTAKES_SHOWN = 5   # groups of mistakes per step in summary.md (all of them in index.html)
NAMES_SHOWN = 8      # students named per group before "and N more"


def mistake_lines(analysis):
    """The summary's section on what the students got wrong, step by step: the steps that cost
    the most students first, each with its pass rate and its most common mistakes."""
    lines = ["", "## " + _("Most common mistakes, step by step"), "",
             _("Among the students whose file ran; students with the same mistake are counted "
               "together.")]
    steps = [(exercise, step) for exercise in analysis["exercises"]
             for step in exercise["steps"] if step["missed"]]
    if not steps:
        return lines + ["", _("None.")]
    for exercise, step in sorted(steps, key=lambda pair: -pair[1]["missed"]):
        lines += ["", "### " + _("{exercise}: {step}").format(exercise=exercise["title"],
                                                             step=step["title"]), "",
                  _("{passed} of {ran} passed ({rate:.0%}); {missed} tried and missed it.").format(
                      passed=step["passed"], ran=step["ran"], rate=step["pass_rate"] or 0,
                      missed=step["missed"]), ""]
        for group in step["mistakes"][:MISTAKES_SHOWN]:
            lines.append("- **" + ngettext("{count} student", "{count} students",
                                          group["count"]).format(count=group["count"])
                         + f"** ({student_names(group['students'])}): "
                         + one_line(group["message"]))
            if group["hint"]:
                lines.append(f"  - {_(FIELD_LABELS['hint'])} {group['hint']}")
        if len(step["mistakes"]) > MISTAKES_SHOWN:
            left = len(step["mistakes"]) - MISTAKES_SHOWN
            lines.append("- " + ngettext(
                "... and {count} other mistake (index.html lists them all)",
                "... and {count} other mistakes (index.html lists them all)", left).format(
                    count=left))
    return lines


def one_line(text):
    """``text`` on one line, without control characters (a student's output may hold terminal
    escapes)."""
    return " ".join("".join(char if char.isprintable() else " " for char in text).split())


def student_names(names, shown=NAMES_SHOWN):
    """``kim, lee and 3 more``: the first names of a group, and how many are left."""
    text = ", ".join(names[:shown])
    if len(names) > shown:
        text += " " + _("and {count} more").format(count=len(names) - shown)
    return text


def copy_flag_lines(folder, flags):
    """The summary's section on copies: for a person to look at, never a change of score."""
    lines = ["", "## " + _("Copy flags (for a person to look at; no score was changed)"), "",
             _("Compared with names, strings and comments ignored and the exercise's stub left "
               "out; a score is the share of each file's code that matches.")]
    copies = [(flag, student, score) for flag in flags for student, score in flag.reference_copies]
    pairs = [(flag, pair) for flag in flags for pair in flag.pairs]
    if not copies and not pairs:
        return lines + ["", _("None.")]
    if copies:
        lines += ["", "### " + _("Copies of the reference solution"), ""]
        lines += [f"- {flag.exercise}: {student} ({score:.2f})" for flag, student, score in copies]
    if pairs:
        lines += ["", "### " + _("Near-identical pairs of students"), ""]
        lines += [f"- {flag.exercise}: {pair.first} + {pair.second} ({pair.score:.2f})"
                  for flag, pair in pairs]
    reports = sorted({str(Path(flag.report).relative_to(folder)) for flag in flags
                      if flag.report})
    lines += ["", _("The matching code side by side: {files}").format(files=", ".join(reports))]
    return lines


@contextlib.contextmanager
def charting(**settings):
    """pyplot, drawing off screen, in a font with the current language's letters (and any other
    rc ``settings``): for summary.png and the report's charts."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    with plt.rc_context({"font.family": _font_family(), "axes.unicode_minus": False,
                         **settings}):
        yield plt


def _plot(path, totals, top, missed):
    import seaborn as sns
    from matplotlib.ticker import MaxNLocator

    with charting() as plt:
        fig, (left, right) = plt.subplots(1, 2, figsize=(13, 4.5), width_ratios=[1, 1.4])
        sns.histplot(totals, binwidth=max(1, top / 20), binrange=(0, max(top, 1)), ax=left,
                     color="#4c72b0")
        left.set(title=_("Total scores"), xlabel=_("points (of {top})").format(top=_number(top)),
                 ylabel=_("students"))
        left.yaxis.set_major_locator(MaxNLocator(integer=True))
        if missed:
            labels = [_shorten(f"{exercise}: {check}", 60) for exercise, check, *_counts in missed]
            shares = [count / handed for *_names, count, handed in missed]
            sns.barplot(x=shares, y=labels, ax=right, color="#c44e52", orient="h")
            right.set(xlim=(0, 1), xlabel=_("share of the students whose file ran"), ylabel="")
        else:
            right.text(0.5, 0.5, _("no check was tried and missed"), ha="center", va="center")
            right.set_axis_off()
        right.set_title(_("Checks most students missed"))
        fig.tight_layout()
        fig.savefig(path, dpi=100)
        plt.close(fig)


def _shorten(text, width):
    """``text`` cut to ``width`` terminal columns (Hangul takes two)."""
    while wcwidth.width(text) > width:
        text = text[:-1]
    return text


def _font_family():
    """A font that has the current language's letters: NanumGothic (shipped by the
    koreanize-matplotlib package) for Korean, matplotlib's default otherwise."""
    import matplotlib

    default = matplotlib.rcParams["font.family"]
    if messages.language() != "ko" or not _korean_fonts_added():
        return default
    return ["NanumGothic", *default]


@functools.cache
def _korean_fonts_added():
    """Register koreanize-matplotlib's NanumGothic files with matplotlib (once per process);
    whether the package is there."""
    from importlib.util import find_spec

    from matplotlib import font_manager

    found = find_spec("koreanize_matplotlib")  # its fonts only: importing it restyles matplotlib
    if found is None or not found.submodule_search_locations:
        return False
    fonts = Path(found.submodule_search_locations[0]) / "fonts"
    for font in sorted(fonts.glob("NanumGothic*.ttf")):
        font_manager.fontManager.addfont(str(font))
    return True
