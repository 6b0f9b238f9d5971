"""What a cohort got wrong, as data: per exercise and step, how many of the students whose file
ran passed it, and their mistakes grouped by what each failing check found (its mistake code
and parameters, never its translated sentence), with the count, the students and one example.

Written as ``analysis.json`` (for a lead's notebook: ``pd.DataFrame(analysis["mistakes"])``);
``summary.md`` and ``index.html`` are made from it.

Example:
>>> from grader.results import Status
>>> check = lambda status, code=None: {
...     "name": "build_model", "title": "Build", "status": status, "points": 0,
...     "max_points": 4, "message": "last layer sigmoid", "expected": "", "found": "", "hint": "",
...     "mistakes": [{"code": code, "params": {"found": "sigmoid"}}] if code else []}
>>> results = {(name, "iris"): {"status": "incomplete", "score": 0, "max_score": 4,
...            "checks": [check(status, code)]} for name, status, code in [
...     ("kim", Status.FAILED, "architecture.activation"),
...     ("lee", Status.FAILED, "architecture.activation"), ("park", Status.PASSED, None)]}
>>> class Spec: id, title = "iris", "Iris"
>>> step = analyse([Spec], ["kim", "lee", "park"], results)["exercises"][0]["steps"][0]
>>> step["ran"], step["passed"], step["pass_rate"], step["mistakes"][0]["students"]
(3, 1, 0.333, ['kim', 'lee'])
"""

import json
from collections import Counter

from ..results import Status, SubmissionStatus

RAN = (SubmissionStatus.COMPLETE, SubmissionStatus.INCOMPLETE)  # files whose steps were judged
NOT_TRIED = (Status.NOT_DONE, Status.NOT_RUN)  # a stub, or a step this grading left out


def analyse(specs, students, results):
    """The cohort's analysis (a dict of plain JSON values). ``results[student, exercise id]``:
    a result as bulk stores it (:meth:`~grader.results.ExerciseResult.to_dict` and a status)."""
    exercises = [_exercise(spec, students, results) for spec in specs]
    return {
        "students": len(students),
        "exercises": exercises,
        "steps": [{"exercise": exercise["id"], **{key: value for key, value in step.items()
                                                   if key != "mistakes"}}
                  for exercise in exercises for step in exercise["steps"]],
        "mistakes": sorted(
            ({"exercise": exercise["id"], "step": step["name"], "step_title": step["title"],
              **group} for exercise in exercises for step in exercise["steps"]
             for group in step["mistakes"]),
            key=lambda group: -group["count"]),
    }


def write_analysis(path, analysis):
    path.write_text(json.dumps(analysis, indent=1, ensure_ascii=False), encoding="utf-8")


def _exercise(spec, students, results):
    ran = [student for student in students if results[student, spec.id]["status"] in RAN]
    steps, order = {}, []
    for student in ran:
        for check in results[student, spec.id]["checks"]:
            if check["name"] not in steps:
                order.append(check["name"])
                steps[check["name"]] = {"name": check["name"], "title": check["title"],
                                        "points": check["max_points"], "ran": len(ran),
                                        "passed": 0, "not_done": 0, "missed": 0,
                                        "grader_errors": 0, "groups": {}}
            _count(steps[check["name"]], student, check)
    for step in steps.values():
        groups = step.pop("groups")
        step["pass_rate"] = round(step["passed"] / step["ran"], 3) if step["ran"] else None
        step["points_lost"] = step["missed"] * step["points"]
        step["mistakes"] = sorted(groups.values(), key=lambda group: -group["count"])
    return {"id": spec.id, "title": spec.title,
            "statuses": dict(Counter(str(results[s, spec.id]["status"]) for s in students)),
            "scores": {student: results[student, spec.id]["score"] for student in students},
            "max_score": max((results[s, spec.id]["max_score"] for s in students), default=0),
            # the steps that cost the most students first; the spec's order among equals
            "steps": sorted(steps.values(), key=lambda step: (-step["missed"],
                                                              order.index(step["name"])))}


def _count(step, student, check):
    status = check["status"]
    if status == Status.PASSED:
        step["passed"] += 1
        return
    if status in NOT_TRIED:
        step["not_done"] += status == Status.NOT_DONE
        return
    if status == Status.GRADER_ERROR:  # the grader's own failure: never a student's mistake
        step["grader_errors"] += 1
        step["ran"] -= 1
        return
    step["missed"] += 1
    for mistake in check.get("mistakes") or [{"code": f"run.{status}" if status != Status.FAILED
                                              else "check.failed", "params": {}}]:
        key = json.dumps([mistake["code"], mistake["params"]], sort_keys=True)
        group = step["groups"].setdefault(key, {
            "code": mistake["code"], "params": mistake["params"], "status": str(status),
            "count": 0, "students": [],
            "message": mistake.get("text") or check.get("message", ""),
            "expected": check.get("expected", ""), "found": check.get("found", ""),
            "hint": check.get("hint", "")})
        if student not in group["students"]:
            group["students"].append(student)
            group["count"] += 1
