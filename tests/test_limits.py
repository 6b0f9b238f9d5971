"""Limits follow the machine that grades: a step's time limit from the reference's own time
there, a memory limit the kernel enforces. Unit tests, no grading run (the bulk cohort's endless
loop and memory hog show both end to end)."""

import resource
import subprocess
import sys

from grader.records import StepRecord
from grader.limits import GRADER_TIME_LIMIT, TIME_FACTOR, file_limit, step_limits
from grader.spec import load_spec
from grader.student_side.worker import failure

IRIS = load_spec("iris")


def measured(**seconds):
    return {name: StepRecord("ok", elapsed=value) for name, value in seconds.items()}


def test_a_slower_machine_gets_proportionally_longer_limits_never_below_the_floor():
    fast = step_limits(IRIS, reference=measured(train_model=20.0, load_data=0.01))
    slow = step_limits(IRIS, reference=measured(train_model=90.0, load_data=0.03))
    assert fast["train_model"].seconds == 600  # the spec's floor: 10 x 20 s is less
    assert slow["train_model"].seconds == TIME_FACTOR * 90.0
    assert fast["load_data"].seconds == slow["load_data"].seconds == 60  # floors
    assert "the exercise's minimum for this step" in fast["train_model"].explained()
    assert slow["train_model"].explained() == (
        "10 x the reference solution's 90.0 s on this machine")


def test_not_measured_yet_means_the_floors_and_the_scale_multiplies_every_limit():
    limits = step_limits(IRIS, scale=2.0)
    assert limits["train_model"].seconds == 1200 and limits["import"].seconds == 120
    assert limits["train_model"].explained().endswith("x 2 (--time-limit-scale)")
    failed = step_limits(IRIS, reference={"train_model": StepRecord("timeout", elapsed=5e3)})
    assert failed["train_model"].seconds == 600  # only a finished reference step counts
    whole = file_limit(limits)
    assert whole > sum(limit.seconds for limit in limits.values()) + GRADER_TIME_LIMIT - 1
    assert file_limit(limits, whole_file=30) == 30


def test_an_allocation_past_the_memory_limit_fails_at_once_and_is_called_memory():
    """RLIMIT_DATA, as the runner sets it on a student's processes: the allocation fails where it
    passes the limit, however fast the machine, and the verdict says memory."""
    script = ("import resource; limit = 300 * 2**20; "
              "resource.setrlimit(resource.RLIMIT_DATA, (limit, limit)); "
              "hog = [bytearray(2**26) for _ in range(64)]")
    completed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                               timeout=60)
    assert completed.returncode != 0 and "MemoryError" in completed.stderr
    assert resource.getrlimit(resource.RLIMIT_DATA)[0] == resource.RLIM_INFINITY  # not here
    record = failure(MemoryError(), "toy.py", memory_limit=300)
    assert record["status"] == "memory" and "more than the limit of 300 MiB" in record["error"]
    assert failure(MemoryError(), "toy.py")["status"] == "error"  # no limit: the student's error
