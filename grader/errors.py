"""The two ways a grading ends without a result: the grader failed, or its caller stopped it."""


class GraderError(Exception):
    """The grader itself could not run (not the student's fault). Exit status 2."""


class Cancelled(Exception):
    """The grading was stopped by its caller (:attr:`grader.runner.RunOptions.cancel`): watch
    mode does when the file is saved again while it is graded."""
