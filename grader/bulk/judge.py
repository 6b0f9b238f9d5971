"""A long-lived grader process per bulk worker: TensorFlow is imported once per process, not
once per file (on a 2-core machine that import alone is about 5 s).

The process (``python -m grader.bulk.judge``) reads one request per line on stdin, a JSON list of
``python -m grader`` arguments and a log path, grades it exactly as that command would (its
printed report goes to the log), and answers with a JSON line ``{"status": N}`` (the command's
exit status). The students' code never runs in it: each file still gets fresh worker processes
of its own (:mod:`grader.runner`). The bulk side (:class:`JudgeProcess`) starts it, restarts it
when it dies or hangs, and replaces it after :data:`JOBS_PER_PROCESS` files to bound its memory.

Example:
>>> judge = JudgeProcess(Path("results/judge.log"))                        # doctest: +SKIP
>>> judge.grade(["-e", "iris", "--dir", "kim", "--json", "r.json"], Path("kim-iris.log"),
...             timeout=900)                                               # doctest: +SKIP
0
"""

import gc
import json
import os
import select
import signal
import subprocess
import sys
import time
import traceback
from pathlib import Path

from messages import _

from ..environment import PROJECT_ROOT
from ..supervision import die_with_parent

JOBS_PER_PROCESS = 25


class JudgeDied(Exception):
    """The grader process ended or stopped answering; the message says which."""


class JudgeProcess:
    """One long-lived grader process (started on first use)."""

    def __init__(self, log, env=None):
        self.log = Path(log)
        self.env = env or {}  # added to the environment (thread limits)
        self.process = None
        self.jobs = 0

    def grade(self, arguments, log, timeout):
        """Exit status of ``python -m grader ARGUMENTS`` run in the grader process; its output
        goes to ``log``. Raises :class:`JudgeDied` (and stops the process) if it dies or takes
        longer than ``timeout`` seconds."""
        if (self.process is None or self.process.poll() is not None
                or self.jobs >= JOBS_PER_PROCESS):
            self.stop()
            self._start()
        self.jobs += 1
        request = json.dumps({"arguments": [str(a) for a in arguments], "log": str(log)})
        try:
            self.process.stdin.write(request + "\n")
            self.process.stdin.flush()
            reply = self._read_reply(timeout)
        except (OSError, ValueError) as error:  # a broken pipe: it died before reading
            self.stop()
            raise JudgeDied(_("the grader process ended ({error})").format(error=error)) from None
        except JudgeDied:
            self.stop()
            raise
        return reply["status"]

    def _start(self):
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "grader.bulk.judge"], cwd=PROJECT_ROOT,
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, text=True,
                env={**os.environ, **self.env}, start_new_session=True,
                preexec_fn=die_with_parent)
        self.jobs = 0

    def _read_reply(self, timeout):
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise JudgeDied(_("grading took longer than {limit:g} s and was stopped").format(
                    limit=timeout))
            ready, *_others = select.select([self.process.stdout], [], [], min(remaining, 1.0))
            if ready:
                line = self.process.stdout.readline()
                if not line:
                    code = self.process.wait()
                    raise JudgeDied(_("the grader process ended (exit status {code})").format(
                        code=code))
                return json.loads(line)

    def stop(self):
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            try:
                stream.close()
            except OSError:
                pass
        self.process = None


def serve():
    """The grader process's loop: one request per line on stdin, one answer per line."""
    answers = os.fdopen(os.dup(1), "w")  # the reports go to each job's log through fd 1 and 2
    own_log = os.dup(2)
    os.dup2(own_log, 1)
    from .. import warm
    from ..evaluation import keras
    from ..runner import RunOptions
    from ..supervision import become_subreaper, child_env

    become_subreaper()
    warm.prepare(child_env(RunOptions()))  # the students' runs fork from it: it imports
    keras()  # meanwhile, this process's own Keras, once, before the first request
    for line in sys.stdin:
        request = json.loads(line)
        status = _grade_into(request["arguments"], request["log"])
        os.dup2(own_log, 1)
        os.dup2(own_log, 2)
        answers.write(json.dumps({"status": status}) + "\n")
        answers.flush()


def _grade_into(arguments, log_path):
    from ..cli import main
    from ..evaluation import forget

    sys.stdout.flush()
    sys.stderr.flush()
    with open(log_path, "ab") as log:
        os.dup2(log.fileno(), 1)
        os.dup2(log.fileno(), 2)
    try:
        status = main(arguments)
    except SystemExit as exit:
        status = exit.code if isinstance(exit.code, int) else 2
    except BaseException:  # the grader's own failure: logged, and this process carries on
        traceback.print_exc()
        status = 2
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
    forget()  # nothing of one student's models is kept for the next
    _clear_keras()
    gc.collect()
    return status


def _clear_keras():
    if "keras" in sys.modules:
        sys.modules["keras"].backend.clear_session()


if __name__ == "__main__":
    serve()
