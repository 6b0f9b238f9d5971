"""Every process a student's code starts stays in its grading run and ends with it.

``python -m grader.student_side.reaper [--isolate] STATUS_FD -- COMMAND...`` runs COMMAND (the
worker) as a Linux *child subreaper* (``prctl(PR_SET_CHILD_SUBREAPER)``): a process the student's
code starts, even one that detaches with ``setsid``, double-forks or empties its environment, is
re-parented to this process when its own parent ends, never to init. When the worker ends, or the
grader asks this process to stop (SIGTERM, or the grader dying), every process left below it is killed and reaped, until none
is left; then the worker's exit status is written to the STATUS_FD pipe, which the student's code
cannot reach. With ``--isolate`` it first enters new namespaces (:func:`.sandbox.
enter_namespaces`): the worker is then process 1 of its own PID namespace, with no network.

Example (from :mod:`grader.supervision`):
>>> read, write = os.pipe()                                                 # doctest: +SKIP
>>> subprocess.Popen([sys.executable, "-m", "grader.student_side.reaper", str(write), "--",
...                   sys.executable, "-m", "grader.student_side.worker", "job.json"],
...                  pass_fds=(write,))
"""

import ctypes
import json
import os
import signal
import sys
import time

PR_SET_PDEATHSIG = 1
PR_SET_CHILD_SUBREAPER = 36
KILL_ROUNDS_SECONDS = 20.0


class Stop(Exception):
    """The grader asked this run to stop."""


def prctl(option, value):
    """``prctl(2)``; False where it is not available (not Linux)."""
    try:
        return ctypes.CDLL(None, use_errno=True).prctl(option, value, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def become_subreaper():
    """Make orphaned descendants of this process its children (Linux 3.4+)."""
    return prctl(PR_SET_CHILD_SUBREAPER, 1)


def _stop(signum, frame):
    raise Stop


def descendants():
    """Every process below this one (running or not yet reaped)."""
    import psutil

    try:
        return psutil.Process().children(recursive=True)
    except psutil.Error:
        return []


def kill_descendants():
    """SIGKILL everything below this process and reap it, again until nothing is left (a process
    may fork while its siblings are being killed; its orphans come back here)."""
    import psutil

    deadline = time.monotonic() + KILL_ROUNDS_SECONDS
    while time.monotonic() < deadline:
        left = descendants()
        for process in left:
            try:
                process.kill()
            except psutil.Error:
                pass
        _reap()
        if not left:
            return
        time.sleep(0.01)


def ended_children():
    """Collect every child that has ended: ``(pid, wait status)`` for each, without waiting."""
    while True:
        try:
            pid, code = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        yield pid, code


def _reap():
    """Collect every child that has ended (zombies would otherwise pile up here)."""
    for _ended in ended_children():
        pass


def run(command, status_fd, isolate=False):
    """Run ``command`` (an argument list to execute, or a function that never returns) as the
    worker below this reaper; write how it ended to ``status_fd``."""
    become_subreaper()
    prctl(PR_SET_PDEATHSIG, signal.SIGTERM)  # the grader died: clean up all the same
    if isolate:  # the worker starts as process 1 of its own PID namespace, without network
        from .sandbox import NAMESPACES_ENV, enter_namespaces

        os.environ[NAMESPACES_ENV] = ",".join(enter_namespaces())
    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, _stop)
    status = {"stopped": True}
    try:
        if os.getppid() == 1:  # the grader is already gone
            raise Stop
        pid = os.fork()
        if pid == 0:  # the worker: it dies with this process, whatever happens to it
            try:
                prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
                for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
                    signal.signal(signum, signal.SIG_DFL)
                os.closerange(3, 1 << 16)
                if callable(command):  # a warm start (.zygote): the worker runs here
                    command()
                os.execv(command[0], command)
            finally:
                os._exit(127)
        while True:  # reap orphans as they come, until the worker itself ends
            child, code = os.waitpid(-1, 0)
            if child == pid:
                status = {"returncode": -os.WTERMSIG(code) if os.WIFSIGNALED(code)
                          else os.WEXITSTATUS(code)}
                break
    except Stop:
        pass
    finally:
        for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(signum, signal.SIG_IGN)
        kill_descendants()
        try:
            os.write(status_fd, json.dumps(status).encode())
        except OSError:
            pass


def main(argv):
    isolate = argv[:1] == ["--isolate"]
    status_fd, separator, *command = argv[isolate:]
    assert separator == "--" and command, \
        "usage: python -m grader.student_side.reaper [--isolate] STATUS_FD -- COMMAND..."
    run(command, int(status_fd), isolate)


if __name__ == "__main__":
    main(sys.argv[1:])
