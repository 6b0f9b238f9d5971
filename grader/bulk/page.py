"""The study lead's report: ``index.html`` (what to teach next, the gradebook, charts, copy
flags, what the run was) and a page per student (``students/<name>/index.html``).

Made from the stored results and the cohort's analysis (:mod:`grader.bulk.analysis`) at the end
of every run, in the run's language. Self-contained: styles, the script and the charts (SVG,
text drawn as shapes) are inside each page, and so is the Korean font (NanumGothic cut down to
the letters the pages use, with fontTools), so they open from the file system in any browser,
offline, with Korean in a Korean font. Every name and message
is escaped (Jinja's autoescape): a student's folder name or printed output cannot add markup.
"""

import base64
import functools
import io
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

import jinja2

import messages
from messages import _, ngettext

from ..report import FIELD_LABELS
from ..results import label
from .outputs import STATUS_NAMES, _number, charting

TEMPLATES = Path(__file__).with_name("templates")
LOG_TAIL = 8 * 1024  # bytes of a grading's log shown on a student's page


@functools.cache
def _environment():
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES),
                                     autoescape=True, undefined=jinja2.StrictUndefined,
                                     trim_blocks=True, lstrip_blocks=True)
    environment.globals.update(_=_, ngettext=ngettext, field_labels=FIELD_LABELS)
    return environment


def write_report_pages(folder, specs, students, results, analysis, flags=(), run_facts=()):
    """Write ``index.html`` and each student's page in ``folder``; returns the path of
    ``index.html``. ``run_facts``: ``(label, value)`` lines on what the run was."""
    folder = Path(folder)
    pages = {student: f"students/{quote(student)}/index.html" for student in students}
    copies = _copy_flags(folder, flags)
    index = {"language": messages.language(), "students": students, "specs": specs,
             "analysis": analysis, "student_pages": pages,
             "status_names": [(str(status), _(word)) for status, word in STATUS_NAMES.items()],
             "gradebook": _gradebook(specs, students, results), "copies": copies,
             "charts": _charts(specs, students, results), "run_facts": list(run_facts)}
    renders = [(folder / "index.html", "index.html", index)]
    for student in students:
        exercises = [_student_result(results[student, spec.id], folder / "students" / student,
                                     spec) for spec in specs]
        mine = [{**flag, "report": f"../../{flag['report']}" if flag["report"] else ""}
                for flag in copies if student in flag["students"]]
        renders.append((folder / "students" / student / "index.html", "student.html", {
            "language": messages.language(), "student": student, "back": "../../index.html",
            "exercises": exercises, "copies": mine,
            "total": _number(sum(result["score"] for result in exercises)),
            "top": _number(sum(result["max_score"] for result in exercises))}))
    environment = _environment()
    # Twice: the letters the pages use choose the font's, which goes inside every page.
    text = "".join(environment.get_template(name).render(context, font="")
                   for _path, name, context in renders)
    font = _font_url(text)
    for path, name, context in renders:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(environment.get_template(name).render(context, font=font),
                        encoding="utf-8")
    return folder / "index.html"


def run_facts(kit, language, settings, workers, protection, started):
    """``(label, value)`` lines on what the run was, for the report's last section."""
    commit = kit.get("commit") or _("not a git checkout")
    limits = [_("time per step: the grader's own (from the reference's times)")
              if settings.time_limit is None else
              _("time per step: {seconds} s").format(seconds=settings.time_limit)]
    if settings.memory_limit:
        limits.append(_("memory: {mib} MiB a file").format(mib=settings.memory_limit))
    return [(_("Kit version"), _("{commit} (code {digest})").format(commit=commit,
                                                                   digest=kit["code"][:12])),
            (_("Date"), started.strftime("%Y-%m-%d %H:%M")),
            (_("Language"), language),
            (_("Machines"), ", ".join(workers) or _("this machine")),
            (_("Options"), f"seed={settings.seed}, time_limit_scale={settings.time_limit_scale}"),
            (_("Limits"), "; ".join(limits)),
            (_("Protections"), protection),
            (_("Libraries"), ", ".join(f"{name} {version}"
                                       for name, version in sorted(kit["libraries"].items())))]


def now():
    """When a run starts (the report's date)."""
    return datetime.now()


FONT = "NanumGothic.ttf"


def _font_url(text):
    """NanumGothic (koreanize-matplotlib's copy) with only the letters in ``text``, as a
    ``data:`` URL: a few dozen KiB instead of 4.7 MiB, inside the page (browsers refuse a font
    file beside a page opened from the file system), and without the hinting tables Chromium's
    font checker refuses. ``""`` without the package (the pages then use the system's fonts)."""
    from importlib.util import find_spec

    from fontTools import subset

    found = find_spec("koreanize_matplotlib")
    if found is None or not found.submodule_search_locations:
        return ""
    options = subset.Options()
    options.drop_tables += ["TSI0", "TSI1", "TSI2", "TSI3", "TSI5"]  # VTT's sources
    font = subset.load_font(str(Path(found.submodule_search_locations[0]) / "fonts" / FONT),
                            options)
    cutter = subset.Subsetter(options)
    cutter.populate(text=text)
    cutter.subset(font)
    data = io.BytesIO()
    subset.save_font(font, data, options)
    return "data:font/ttf;base64," + base64.b64encode(data.getvalue()).decode("ascii")


def _status_word(status):
    return _(STATUS_NAMES.get(status, str(status)))


def _gradebook(specs, students, results):
    rows = []
    for student in students:
        mine = [(spec, results[student, spec.id]) for spec in specs]
        cells = [{"exercise": spec.id, "status": str(result["status"]),
                  "word": _status_word(result["status"]), "score": _number(result["score"]),
                  "max_score": _number(result["max_score"])} for spec, result in mine]
        rows.append({"student": student, "cells": cells,
                     "total": _number(sum(result["score"] for _spec, result in mine)),
                     "top": _number(sum(result["max_score"] for _spec, result in mine))})
    return rows


def _student_result(result, folder, spec):
    log = folder / f"{spec.id}.log"
    tail = ""
    if log.exists():
        data = log.read_bytes()[-LOG_TAIL:]
        tail = data.decode("utf-8", errors="replace")
    checks = [{"message": "", "expected": "", "found": "", "hint": "", "notes": [], **check,
               "label": label(check["status"]), "points": _number(check["points"])}
              for check in result["checks"]]
    return {"problem": "", "notes": [], **result, "title": result.get("title", spec.title),
            "checks": checks,
            "word": _status_word(result["status"]),
            "score": _number(result["score"]), "max_score": _number(result["max_score"]),
            "log": tail}


def _copy_flags(folder, flags):
    found = []
    for flag in flags:
        report = quote(Path(flag.report).relative_to(folder).as_posix()) if flag.report else ""
        found += [{"exercise": flag.exercise, "students": [student], "score": score,
                   "text": _("a copy of the reference solution: {student}").format(
                       student=student), "report": report}
                  for student, score in flag.reference_copies]
        found += [{"exercise": flag.exercise, "students": [pair.first, pair.second],
                   "score": pair.score, "text": f"{pair.first} + {pair.second}", "report": report}
                  for pair in flag.pairs]
    return found


def _charts(specs, students, results):
    """The score of each exercise, and the seconds each file took to grade, as SVG."""
    scores = {spec.title: [results[s, spec.id]["score"] for s in students] for spec in specs}
    seconds = {spec.title: [results[s, spec.id]["seconds"] for s in students
                            if results[s, spec.id].get("seconds") is not None] for spec in specs}
    return [{"id": "scores", "caption": _("Score per exercise (students)"),
             "svg": _svg(_histograms, scores, {spec.title: results[students[0], spec.id][
                 "max_score"] for spec in specs} if students else {}, _("points"))},
            {"id": "times", "caption": _("Time spent grading each file (seconds)"),
             "svg": _svg(_histograms, seconds, {}, _("seconds"))}]


def _svg(draw, *args):
    with charting(**{"svg.fonttype": "path"}) as plt:
        figure = draw(plt, *args)
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", bbox_inches="tight")
        plt.close(figure)
    text = buffer.getvalue()
    return text[text.index("<svg"):]  # inline: no XML prologue inside HTML


def _histograms(plt, values, tops, unit):
    import seaborn as sns
    from matplotlib.ticker import MaxNLocator

    count = max(1, len(values))
    figure, axes = plt.subplots(1, count, figsize=(min(4 * count, 16), 3), squeeze=False)
    for axis, (title, numbers) in zip(axes[0], values.items()):
        if numbers:
            top = tops.get(title) or max(numbers) or 1
            sns.histplot(numbers, bins=min(20, max(5, len(set(numbers)))),
                         binrange=(0, top) if title in tops else None, ax=axis, color="#4c72b0")
        axis.set(title=title, xlabel=unit, ylabel=_("students"))
        axis.yaxis.set_major_locator(MaxNLocator(integer=True))
    figure.tight_layout()
    return figure
