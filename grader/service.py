"""A grader kept running, for callers that grade again and again: a notebook's ``check()`` (for
the kernel's life) and the kit's own tests (for a test session).

``python -m grader ARGS`` imports Keras before it grades (7 s on a slow machine) and starts a warm
process that imports it again (:mod:`grader.warm`). The service does both once: each request is
answered with what ``python -m grader ARGS`` would have printed and its exit status, graded by
the same code in the same way (each student's run forked, confined and limited as always).

>>> service = GraderService()                                            # doctest: +SKIP
>>> status, output = service.grade(["-e", "iris", "--only", "build_model"])  # doctest: +SKIP
>>> service.close()                                                      # doctest: +SKIP

The service process answers one request at a time, on a socket of its own (``python -m
grader.service FD``); it ends when that socket closes (its caller ended) and a new one starts
when the caller's environment changed (another ``KIT_LANG`` or ``KIT_DATA_DIR``, say).
"""

import contextlib
import io
import json
import os
import signal
import socket
import subprocess
import sys
import traceback

from .environment import PROJECT_ROOT
from .supervision import die_with_parent

SERVICE_ENV = "KIT_SERVICE"  # 0: every grading is a new `python -m grader` process


class ServiceError(Exception):
    """The service stopped before it answered (it is started again for the next request)."""


def enabled():
    return os.environ.get(SERVICE_ENV, "1") != "0" and hasattr(socket, "AF_UNIX")


class GraderService:
    """The caller's side: starts the service at the first request, restarts it when needed."""

    def __init__(self, cwd=PROJECT_ROOT):
        self.cwd = str(cwd)
        self.process = self.channel = self.env = None

    def grade(self, argv, timeout=None):
        """``(exit status, printed output)`` of ``python -m grader *argv`` (run in ``cwd``).
        Raises :class:`ServiceError` if the service ended without answering, ``TimeoutError``
        after ``timeout`` seconds (the service is then stopped)."""
        if self.process is None or self.process.poll() is not None or self.env != dict(os.environ):
            self.close()
            self._start()
        request = json.dumps({"argv": [str(arg) for arg in argv], "cwd": self.cwd}) + "\n"
        self.channel.settimeout(timeout)
        try:
            self.channel.sendall(request.encode())
            answer = self.reader.readline()
        except TimeoutError:
            self.close(kill=True)
            raise
        except OSError:
            answer = b""
        if not answer:
            code = self.process.poll()
            self.close(kill=True)
            raise ServiceError(f"the grading service ended without answering (exit status "
                               f"{code})")
        data = json.loads(answer)
        return data["status"], data["output"]

    def _start(self):
        self.env = dict(os.environ)
        self.channel, theirs = socket.socketpair()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "grader.service", str(theirs.fileno())], cwd=self.cwd,
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            pass_fds=(theirs.fileno(),), start_new_session=True)
        theirs.close()
        self.reader = self.channel.makefile("rb")

    def close(self, kill=False):
        """End the service (it ends by itself when its caller does)."""
        if self.process is None:
            return
        self.reader.close()
        self.channel.close()  # it ends when its socket does
        if kill:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.process = self.channel = None


def answer(request):
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


def serve(fd):
    """Answer the requests on socket ``fd`` until it closes."""
    die_with_parent()
    channel = socket.socket(fileno=fd)
    with channel.makefile("rb") as requests, channel.makefile("wb") as answers:
        for line in requests:
            status, output = answer(json.loads(line))
            answers.write(json.dumps({"status": status, "output": output}).encode() + b"\n")
            answers.flush()


if __name__ == "__main__":
    serve(int(sys.argv[1]))
