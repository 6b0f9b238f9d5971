"""Showing results: a readable terminal report and a JSON file for machines."""

import json
import sys
import textwrap

LABELS = {"passed": "PASS", "failed": "FAIL", "not_done": "TODO", "not_run": "SKIP",
          "error": "ERROR", "exit": "EXIT", "timeout": "TIME", "crashed": "CRASH", "memory": "MEMORY",
          "grader_error": "BUG"}
COLORS = {"PASS": "32", "FAIL": "31", "TODO": "33", "SKIP": "33"}
WIDTH = 88


def _paint(text, label, color):
    code = COLORS.get(label, "31")
    return f"\033[{code}m{text}\033[0m" if color else text


def _block(title, text, indent=" " * 9):
    """``text`` wrapped under ``indent``, after ``title`` when there is one."""
    label = f"{title:<10}" if title else ""
    lines = str(text).splitlines() or [""]
    first = textwrap.fill(lines[0], WIDTH, initial_indent=indent + label,
                          subsequent_indent=indent + " " * len(label))
    return "\n".join([first] + [indent + " " * len(label) + line for line in lines[1:]])


def format_exercise(result, color=False):
    """The report of one exercise as text."""
    lines = [f"{result.title}  ({result.file})"]
    if result.problem:
        lines.append(_paint(f"  {result.problem}", "FAIL", color))
    first_todo = True
    for number, verdict in enumerate(result.verdicts, 1):
        label = LABELS.get(verdict.status, verdict.status.upper())
        step = f"{number}. {verdict.title}" if verdict.name != "accuracy" else verdict.title
        points = f"{verdict.points:g}/{verdict.max_points}"
        lines.append(f"  {_paint(f'{label:<6}', label, color)} {step:<66} {points:>5}")
        if verdict.status == "not_done" and verdict.name != "accuracy":
            if first_todo:  # one reminder of what to do is enough
                lines.append(_block("hint:", verdict.hint))
            first_todo = False
            continue
        if verdict.status == "passed":
            if verdict.name == "accuracy":
                lines.append(f"         {verdict.message}")
            lines += [_block("note:", note) for note in verdict.notes]
            continue
        if verdict.message:
            lines.append(_block("", verdict.message))
        for detail in verdict.details[:8]:
            lines.append(f"           {detail}")
        if verdict.status == "failed":
            if verdict.expected:
                lines.append(_block("expected:", verdict.expected))
            if verdict.found:
                lines.append(_block("found:", verdict.found))
        if verdict.hint and verdict.status != "not_run":
            lines.append(_block("hint:", verdict.hint))
        lines += [_block("note:", note) for note in verdict.notes]
    passed = sum(verdict.status == "passed" for verdict in result.verdicts)
    lines.append(f"  Score: {result.score:g}/{result.max_score}  "
                 f"({passed} of {len(result.verdicts)} checks passed)")
    return "\n".join(lines)


def format_summary(results):
    score = sum(result.score for result in results)
    top = sum(result.max_score for result in results)
    lines = ["", f"Total: {score:g}/{top} points"]
    for result in results:
        first = next((v for v in result.verdicts if v.status != "passed"), None)
        if first is not None:
            lines.append(f"  {result.id}: next, work on '{first.title}'")
    if results and all(result.passed for result in results):
        lines.append("  Everything passes. Well done!")
    return "\n".join(lines)


def write_json(results, path, **extra):
    data = {"score": sum(r.score for r in results), "max_score": sum(r.max_score for r in results),
            "passed": all(r.passed for r in results), **extra,
            "exercises": [result.to_dict() for result in results]}
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=2, ensure_ascii=False, default=str)


def use_color(stream=sys.stdout):
    return hasattr(stream, "isatty") and stream.isatty()
