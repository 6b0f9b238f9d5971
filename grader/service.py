"""The grader kept running: one long-lived process that grades request after request, for the
callers that grade again and again: each of bulk's grading slots (:mod:`grader.bulk.jobs`), a
notebook's ``check()`` (for the kernel's life) and the kit's own tests (for a test session).

``python -m grader`` imports Keras before it grades (7 s on a slow machine) and starts a warm
process that imports it again (:mod:`grader.warm`). This process imports it once, for itself and
for its warm process, which is a fork of it made before it runs anything (it is started in the
students' runs' environment for that; where the fork cannot be made, the warm process is
started apart, as before). The students' code never runs in it: each file is still run in
confined, limited processes of its own.

Two kinds of request, each answered by the same code as always:

- :meth:`GraderProcess.grade`: the grading API (:func:`grader.grading.grade_exercise`) on one
  student's folder; the answer is the :class:`~grader.results.ExerciseResult`, and the report
  the command would have printed goes to a log file (bulk's per-file log).
- :meth:`GraderProcess.command`: what ``python -m grader ARGS`` would have printed, and its exit
  status (a notebook's ``check()``, the end-to-end tests).

>>> grader = GraderProcess()                                              # doctest: +SKIP
>>> status, output = grader.command(["-e", "iris", "--only", "build_model"])  # doctest: +SKIP
>>> result = grader.grade(GradeRequest("iris", "kim/", kit="."), "kim-iris.log",
...                       timeout=900)                                    # doctest: +SKIP
>>> result.score                                                          # doctest: +SKIP
16
>>> grader.close()                                                        # doctest: +SKIP

The process (``python -m grader.service FD``) answers one request at a time, a JSON line each
way on a socket of its own; it ends when that socket closes (its caller ended). The caller's
side starts it at the first request and again when it died, hung, served ``requests_per_process``
requests (to bound its memory) or the caller's environment changed (another ``KIT_LANG``, say).
"""

import contextlib
import gc
import io
import json
import os
import signal
import socket
import subprocess
import sys
import traceback
from dataclasses import asdict, dataclass, field
from pathlib import Path

import messages
from messages import _

from .environment import PROJECT_ROOT
from .errors import GraderError
from .supervision import die_with_parent

SERVICE_ENV = "KIT_SERVICE"  # 0: a notebook's check() starts a new `python -m grader` each time


class GraderStopped(Exception):
    """The grader process ended or stopped answering (the message says which); the next
    request starts a new one."""


def enabled():
    return os.environ.get(SERVICE_ENV, "1") != "0" and hasattr(socket, "AF_UNIX")


@dataclass
class GradeRequest:
    """One student's file to grade: ``exercise``'s file in ``folder``, with the specs and
    solutions of the kit folder ``kit``, run with these options (those of
    :class:`~grader.runner.RunOptions` that a caller sets)."""

    exercise: str
    folder: str
    kit: str = str(PROJECT_ROOT)
    options: dict = field(default_factory=dict)  # RunOptions' seed, data_dir, limits, sandbox
    require_sealed: bool = False  # refuse to grade where the students' runs cannot be sealed


class GraderProcess:
    """The caller's side of one grader process (started at the first request).

    ``env``: added to the process's environment (bulk's thread limits); ``log``: where its own
    errors go (else nowhere); ``ignore``: variables of the caller's environment whose change
    needs no new process (pytest's ``PYTEST_CURRENT_TEST``, new at every test)."""

    def __init__(self, cwd=PROJECT_ROOT, env=None, log=None, requests_per_process=None,
                 ignore=()):
        self.cwd, self.extra_env, self.log = str(cwd), dict(env or {}), log
        self.ignore = frozenset(ignore)
        self.requests_per_process = requests_per_process
        self.process = self.channel = self.reader = self.env = None
        self.requests = 0

    def command(self, argv, timeout=None):
        """``(exit status, printed output)`` of ``python -m grader *argv`` (run in ``cwd``).
        Raises :class:`GraderStopped` if the process ended without answering or took longer
        than ``timeout`` seconds (it is then stopped)."""
        answer = self._ask({"argv": [str(arg) for arg in argv], "cwd": self.cwd}, timeout)
        return answer["status"], answer["output"]

    def grade(self, request, log, timeout=None):
        """The :class:`~grader.results.ExerciseResult` of grading ``request`` (a
        :class:`GradeRequest`), its printed report going to the file ``log``. Raises
        :class:`GraderStopped` as :meth:`command` does, :class:`~grader.errors.GraderError`
        when the grader could not grade the file (the reason in its message)."""
        from .results import ExerciseResult

        answer = self._ask({"grade": asdict(request), "log": str(log)}, timeout)
        if "error" in answer:
            raise GraderError(answer["error"])
        return ExerciseResult.from_dict(answer["result"])

    def _ask(self, request, timeout):
        env = {**os.environ, **self.extra_env}
        if (self.process is None or self.process.poll() is not None
                or self._differs(self.env, env)
                or (self.requests_per_process and self.requests >= self.requests_per_process)):
            self.close(kill=True)
            self._start(env)
        self.requests += 1
        process, channel, reader = self.process, self.channel, self.reader
        channel.settimeout(timeout)
        try:
            channel.sendall(json.dumps(request).encode() + b"\n")
            answer = reader.readline()
        except TimeoutError:
            self._discard(process)
            raise GraderStopped(_("grading took longer than {limit:g} s and was stopped").format(
                limit=timeout)) from None
        except (OSError, ValueError):  # ValueError: closed meanwhile by close() (bulk's Ctrl-C)
            answer = b""
        if not answer:
            code = process.poll()
            self._discard(process)
            raise GraderStopped(_("the grader process ended (exit status {code})").format(
                code=code))
        return json.loads(answer)

    def _start(self, env):
        from .runner import RunOptions
        from .supervision import child_env

        self.env = env
        self.channel, theirs = socket.socketpair()
        with open(self.log, "ab") if self.log else contextlib.nullcontext() as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "grader.service", str(theirs.fileno())], cwd=self.cwd,
                # the students' runs' environment: its warm process can be a fork of it
                env=child_env(RunOptions(), base=env), stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=log or subprocess.DEVNULL, pass_fds=(theirs.fileno(),),
                start_new_session=True)
        theirs.close()
        self.reader = self.channel.makefile("rb")
        self.requests = 0

    def _differs(self, old, new):
        return old is None or ({key: value for key, value in old.items() if key not in self.ignore}
                               != {key: value for key, value in new.items()
                                   if key not in self.ignore})

    def _discard(self, process):
        if self.process is process:
            self.close(kill=True)

    def close(self, kill=False):
        """End the process (and with it the students' processes it runs); it also ends by itself
        when its caller does. Another thread's request in flight then ends with
        :class:`GraderStopped`."""
        process, channel, reader = self.process, self.channel, self.reader
        if process is None:
            return
        self.process = self.channel = self.reader = None
        with contextlib.suppress(OSError):
            channel.shutdown(socket.SHUT_RDWR)  # it ends when its socket does; a reader wakes
        if kill:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGKILL)
        reader.close()
        channel.close()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


# The grader process's side.

def serve(fd):
    """Answer the requests on socket ``fd`` until it closes."""
    die_with_parent()
    from . import warm
    from .evaluation import keras
    from .runner import RunOptions
    from .supervision import become_subreaper, child_env

    become_subreaper()  # a student's process that escapes its run's reaper comes back here
    runs = child_env(RunOptions())
    # The students' runs fork from the warm process: a fork of this one, once it has imported
    # what they need (this process was started in their environment), else one that imports
    # it while this one does.
    if not warm.fork_here(runs):
        warm.prepare(runs)
    keras()  # this process's own Keras, once, before the first request
    # What the imports made is kept for the process's life: each request's collection (see
    # _forget, and Keras's clear_session) then scans only what requests made, not the half a
    # million objects of TensorFlow's modules (0.4 s a request)
    gc.freeze()
    channel = socket.socket(fileno=fd)
    start = dict(os.environ), os.getcwd(), messages.language()
    with channel.makefile("rb") as requests, channel.makefile("wb") as answers:
        for line in requests:
            request = json.loads(line)
            if "grade" in request:
                answer = _grade(GradeRequest(**request["grade"]), request["log"])
            else:
                answer = dict(zip(("status", "output"), _command(request)))
            _forget(*start)
            answers.write(json.dumps(answer).encode() + b"\n")
            answers.flush()


def _command(request):
    """Run one request as ``python -m grader`` would: ``(exit status, printed output)``."""
    from .__main__ import main

    printed = io.StringIO()
    os.chdir(request["cwd"])
    with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(printed):
        try:
            status = main(request["argv"])
        except SystemExit as stop:  # argparse's --help and usage errors
            if stop.code is not None and not isinstance(stop.code, int):
                print(stop.code)
            status = stop.code if isinstance(stop.code, int) else 2 * (stop.code is not None)
        except Exception:  # as the command would have shown it
            traceback.print_exc()
            status = 2
    return status, printed.getvalue()


def _grade(request, log_path):
    """``{"result": ExerciseResult.to_dict()}``, or ``{"error": why the grader could not}``;
    the report, as ``python -m grader`` prints it, goes to ``log_path`` (with the libraries'
    own output: the file descriptors are redirected, not just Python's streams)."""
    from datasets import DatasetError

    from .cli import grade_one
    from .options import kit_folders, sealing
    from .report import use_color
    from .runner import RunOptions
    from .spec import SpecError, load_spec

    with _output_to(log_path):
        try:
            options = RunOptions(**request.options)
            refused = io.StringIO()
            with contextlib.redirect_stderr(refused):
                sealed = sealing(_sealing_args(options, request), sys.stdout)
            if not sealed:
                print(refused.getvalue(), end="", file=sys.stderr)
                return {"error": refused.getvalue().strip()}
            specs_dir, solutions_dir = kit_folders(request.kit)
            spec = load_spec(request.exercise, specs_dir)
            result = grade_one(spec, Path(request.folder), solutions_dir, options, use_color())[0]
            return {"result": result.to_dict()}
        except (GraderError, DatasetError, SpecError) as error:
            line = _("error: could not grade {exercise}: {error}").format(
                exercise=request.exercise, error=error)
            print(line, file=sys.stderr)
            return {"error": line}
        except BaseException:  # the grader's own failure: logged, and this process carries on
            traceback.print_exc()
            return {"error": traceback.format_exc().strip().splitlines()[-1]}


def _sealing_args(options, request):
    """What :func:`grader.options.sealing` reads of the command's arguments."""
    from types import SimpleNamespace

    return SimpleNamespace(no_sandbox=not options.sandbox, require_sealed=request.require_sealed)


@contextlib.contextmanager
def _output_to(path):
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    with open(path, "ab") as log:
        os.dup2(log.fileno(), 1)
        os.dup2(log.fileno(), 2)
    try:
        yield
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        for fd, original in zip((1, 2), saved):
            os.dup2(original, fd)
            os.close(original)


def _forget(environ, cwd, language):
    """Keep nothing of one request for the next: its models, and what its options changed
    (``--lang`` sets the language and ``KIT_LANG``)."""
    from .evaluation import forget

    os.environ.clear()
    os.environ.update(environ)
    os.chdir(cwd)
    messages.set_language(language, children=False)
    forget()
    if "keras" in sys.modules:
        sys.modules["keras"].backend.clear_session()
    gc.collect()


if __name__ == "__main__":
    serve(int(sys.argv[1]))
