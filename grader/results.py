"""The results of a grading: one status vocabulary, one verdict per check, one result per file.

Every output reads these: the terminal and notebook report (:mod:`grader.report`), the JSON file,
the result cache, bulk's gradebook and feedback, and Gradescope's format
(:meth:`ExerciseResult.gradescope_tests`).

Example:
>>> result = ExerciseResult("iris", "Iris", "iris.py", [
...     Verdict("build_model", "Build the model", Status.PASSED, 4, 4),
...     Verdict("train_model", "Train the model", Status.NOT_DONE, 0, 4)])
>>> result.score, result.max_score, result.passed
(4, 8, False)
>>> Status.NOT_DONE.label, Status("timeout").problem
('TODO', True)
>>> ExerciseResult.from_dict(result.to_dict()) == result
True
"""

from dataclasses import asdict, dataclass, field
from enum import StrEnum

from .checks import Feedback


class Status(StrEnum):
    """How one check came out. Its value is what JSON, the cache and bulk's files hold."""

    PASSED = "passed"
    FAILED = "failed"
    NOT_DONE = "not_done"          # the step is still the exercise's stub
    NOT_RUN = "not_run"            # an earlier problem, or this grading left it out
    ERROR = "error"                # the student's code raised
    EXIT = "exit"                  # it called sys.exit()
    TIMEOUT = "timeout"
    CRASHED = "crashed"            # its process died (os._exit, a segfault)
    MEMORY = "memory"
    GRADER_ERROR = "grader_error"  # the grader's own bug, never the student's fault

    @property
    def label(self):
        """The word a report prints for it."""
        return label(self)

    @property
    def problem(self):
        """Whether the student's code stopped (raised, exited, hung, crashed, ran out of
        memory) rather than returning a value to judge."""
        return self in PROBLEMS


LABELS = {Status.PASSED: "PASS", Status.FAILED: "FAIL", Status.NOT_DONE: "TODO",
          Status.NOT_RUN: "SKIP", Status.ERROR: "ERROR", Status.EXIT: "EXIT",
          Status.TIMEOUT: "TIME", Status.CRASHED: "CRASH", Status.MEMORY: "MEMORY",
          Status.GRADER_ERROR: "BUG"}
PROBLEMS = frozenset({Status.ERROR, Status.EXIT, Status.TIMEOUT, Status.CRASHED, Status.MEMORY})


def label(status):
    """The word a report prints for ``status`` (a :class:`Status` or its value; any other text,
    say from a result file edited by hand, in capitals)."""
    return LABELS.get(status) or str(status).upper()


class SubmissionStatus(StrEnum):
    """How one student's file of one exercise came out in bulk grading (the gradebook's
    ``<exercise>_status``)."""

    COMPLETE = "complete"        # every check passes
    INCOMPLETE = "incomplete"    # it ran; some checks do not pass yet
    DID_NOT_RUN = "error"        # the file could not run at all (a SyntaxError, say)
    MISSING = "missing"          # not submitted
    NOT_GRADED = "not_graded"    # the grader failed on it (not the student's fault)


@dataclass
class Verdict(Feedback):
    """The grade of one step (or of the final accuracy)."""

    name: str
    title: str
    status: Status
    points: float
    max_points: int
    elapsed: float | None = None
    left_out: bool = False  # not graded this time (--only, --stop-after)

    def __post_init__(self):
        if self.status in Status.__members__.values():
            self.status = Status(self.status)


@dataclass
class ExerciseResult:
    """One exercise file's grading: every check's verdict, in the spec's order."""

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
        return all(verdict.status == Status.PASSED for verdict in self.verdicts)

    @property
    def grader_failed(self):
        return any(verdict.status == Status.GRADER_ERROR for verdict in self.verdicts)

    def to_dict(self):
        return {"id": self.id, "title": self.title, "file": self.file, "score": self.score,
                "max_score": self.max_score, "passed": self.passed, "problem": self.problem,
                "notes": self.notes, "platform": self.platform,
                "checks": [{**asdict(verdict), "status": str(verdict.status)}
                           for verdict in self.verdicts]}

    @classmethod
    def from_dict(cls, data):
        """The result :meth:`to_dict` gave (e.g. read back from the result cache)."""
        return cls(data["id"], data["title"], data["file"],
                   [Verdict(**check) for check in data["checks"]], data.get("problem", ""),
                   data.get("notes", []), data.get("platform", ""))

    def gradescope_tests(self, words):
        """Gradescope's autograder tests, one per check; ``words`` names the fields
        (``{"expected": "expected:", ...}``, in the run's language)."""
        tests = []
        for verdict in self.verdicts:
            output = [verdict.message] + [f"{words[key]} {getattr(verdict, key)}"
                                          for key in ("expected", "found", "hint")
                                          if getattr(verdict, key)]
            tests.append({"name": f"{self.title}: {verdict.title}", "score": verdict.points,
                          "max_score": verdict.max_points,
                          "status": "passed" if verdict.status == Status.PASSED else "failed",
                          "output": "\n".join(line for line in output if line)})
        return tests
