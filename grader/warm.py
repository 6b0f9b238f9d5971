"""Warm starts: each student's run forked from a process that has Keras imported already
(:mod:`.student_side.zygote`), instead of a new Python that imports it again (7 s on a slow
machine).

One warm process per grader process, started at the first run (or earlier, by :func:`prepare`),
or a fork of the grader process made once it imported Keras (:func:`fork_here`), and kept while
its environment stays the same; a run needing another environment (another backend or thread
count) gets a new one. The child is confined, limited and reaped exactly as a cold start's
(:mod:`.student_side.reaper`, :mod:`.student_side.worker`). Where a warm start is not possible
(no Linux pidfd, the warm process failed to import, ``KIT_WARM=0``), runs start cold, as before.

>>> process = start_run(job_path, cwd, env, isolate=True, rlimits={})      # doctest: +SKIP
>>> process.poll()                    # None while it runs, like subprocess.Popen
"""

import json
import os
import select
import signal
import socket
import subprocess
import sys
import threading

WARM_ENV = "KIT_WARM"  # 0: every run starts cold
READY_SECONDS = 600.0  # for the warm process's imports on a slow, loaded machine
MAX_READY = 1 << 16  # its "ready" message, with what its imports set in its environment
# set for each run (the language too, by the forked child); the rest must match the warm one's
# (as it was started, or with what its own imports set: see WarmProcess.serves)
PER_RUN_ENV = {"TMPDIR", "MPLCONFIGDIR", "KIT_LANG"}


class WarmRun:
    """A run forked by the warm process: what :mod:`grader.supervision` needs of a ``Popen``."""

    def __init__(self, pid, pidfd, stdout, status_read):
        self.pid, self._pidfd, self.stdout = pid, pidfd, stdout
        self.status_read = status_read  # the reaper's word on how the worker ended
        self.returncode = None  # the reaper's own: told on the status pipe instead
        self._ended = False

    def poll(self):
        if not self._ended and select.select([self._pidfd], [], [], 0)[0]:
            self._ended = True
            os.close(self._pidfd)
        return 0 if self._ended else None

    def wait(self, timeout=None):
        if not self._ended:
            if not select.select([self._pidfd], [], [], timeout)[0]:
                raise subprocess.TimeoutExpired("warm run", timeout)
            self.poll()
        return 0

    def send_signal(self, signum):
        if not self._ended:
            try:  # by its pidfd: never another process that took its pid
                signal.pidfd_send_signal(self._pidfd, signum)
            except ProcessLookupError:
                pass


class WarmProcess:
    """The warm process and the socket to it (``process``: a ``Popen``, or a
    :class:`ForkedProcess` where it is a fork of this process, see :func:`fork_here`)."""

    def __init__(self, env, process, channel):
        self.env, self.process, self.channel = env, process, channel
        self.ready = None  # True / False once it said so
        self.imports_set = {}  # what its imports added to its environment (TensorFlow's do)
        self.lock = threading.Lock()

    @classmethod
    def start(cls, env):
        """A new Python that imports what the students' runs need: ``python -m
        grader.student_side.zygote``."""
        # (packets keep each message whole, however long its environment)
        channel, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        process = subprocess.Popen(
            [sys.executable, "-m", "grader.student_side.zygote", str(theirs.fileno())],
            env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, pass_fds=(theirs.fileno(),))
        theirs.close()
        return cls(env, process, channel)

    def wait_ready(self):
        if self.ready is not None:
            return self.ready
        with self.lock:  # runs start from several threads; one of them reads the answer
            if self.ready is None:
                self.channel.settimeout(READY_SECONDS)
                try:
                    said = self.channel.recv(MAX_READY)
                    if said.startswith(b"ready "):
                        self.imports_set = _key(json.loads(said[len(b"ready "):]))
                        self.ready = True
                except (OSError, ValueError):
                    pass
                finally:
                    self.channel.settimeout(None)
                self.ready = bool(self.ready)
            return self.ready

    def serves(self, env):
        """Whether a run with environment ``env`` (:func:`_key`) may fork from it: its own, as it
        was started or as its imports left it (a grader that has imported Keras too has it so).

        >>> warm = WarmProcess({"A": "1"}, process=None, channel=None)
        >>> warm.ready, warm.imports_set = True, {"TF2_BEHAVIOR": "1"}
        >>> warm.serves({"A": "1"}), warm.serves({"A": "1", "TF2_BEHAVIOR": "1"})
        (True, True)
        >>> warm.serves({"A": "2", "TF2_BEHAVIOR": "1"}), warm.serves({"A": "1", "B": "1"})
        (False, False)
        """
        if env == self.env:
            return True
        if not self.env.items() <= env.items():  # another environment: no need to wait
            return False
        return self.wait_ready() and env == {**self.env, **self.imports_set}

    def fork(self, request, output_fd, status_fd):
        with self.lock:
            socket.send_fds(self.channel, [json.dumps(request).encode()], [output_fd, status_fd])
            message, fds, _flags, _address = socket.recv_fds(self.channel, 4096, 1)
        if not message or not fds:
            raise OSError("the warm process did not answer")
        return json.loads(message)["pid"], fds[0]

    def alive(self):
        return self.process.poll() is None

    def close(self):
        self.channel.close()  # it ends when its socket does
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


_WARM = None
_LOCK = threading.Lock()


def enabled():
    return (os.environ.get(WARM_ENV, "1") != "0" and sys.platform.startswith("linux")
            and hasattr(os, "pidfd_open") and hasattr(socket, "send_fds"))


def _key(env):
    return {name: value for name, value in env.items() if name not in PER_RUN_ENV}


def prepare(env):
    """Start the warm process for ``env`` now (it imports while the grader does other work)."""
    if enabled():
        _warm_for(env)


def _warm_for(env):
    global _WARM
    with _LOCK:
        if _WARM is not None and (not _WARM.alive() or not _WARM.serves(_key(env))
                                  or _WARM.ready is False):
            _WARM.close()
            _WARM = None
        if _WARM is None:
            _WARM = WarmProcess.start(_key(env))
        return _WARM


class ForkedProcess:
    """What :class:`WarmProcess` needs of a ``Popen``, for a child forked by this process."""

    def __init__(self, pid):
        self.pid, self.returncode = pid, None
        self._pidfd = os.pidfd_open(pid)  # signals reach it, never a later holder of its pid

    def poll(self):
        if self.returncode is None:
            try:
                done, status = os.waitpid(self.pid, os.WNOHANG)
            except ChildProcessError:  # reaped already
                done, status = self.pid, 0
            if done:
                self.returncode = os.waitstatus_to_exitcode(status)
                os.close(self._pidfd)
        return self.returncode

    def wait(self, timeout=None):
        if self.poll() is None and not select.select([self._pidfd], [], [], timeout)[0]:
            raise subprocess.TimeoutExpired("warm process", timeout)
        return self.poll()

    def kill(self):
        if self.poll() is None:
            try:
                signal.pidfd_send_signal(self._pidfd, signal.SIGKILL)
            except ProcessLookupError:
                pass


def fork_here(env):
    """Make the warm process a fork of this one, which imports what the students' runs need
    first: one Keras import for both (:mod:`grader.service` does this at its start). Only where
    this process's environment is the one the runs need (``env``, :func:`_key`): the interpreter
    took its settings from it at start (``PYTHONHASHSEED``, the paths). Returns whether it did.

    Only at this process's start, before it grades anything, starts a thread or runs a
    TensorFlow operation: the students' runs are forks of the warm process and could read
    whatever its memory held (here, only the modules imported so far)."""
    global _WARM
    if (not enabled() or _WARM is not None or _key(dict(os.environ)) != _key(env)
            or threading.active_count() > 1):
        return False
    from .evaluation import quiet_stderr
    from .student_side import zygote

    try:
        with quiet_stderr():  # TensorFlow's import notes, as the grader's own import has them
            imports_set = zygote.imported()
    except Exception:  # (a warm process started apart then fails the same way, and says so)
        return False
    channel, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        zygote.serve_forked(theirs, imports_set)  # never returns
    theirs.close()
    with _LOCK:
        _WARM = WarmProcess(_key(env), ForkedProcess(pid), channel)
    return True


def restart_in(make_env):
    """Start this command again, at once, in the students' runs' environment ``make_env(this
    process's environment)``, so that its warm process can be a fork of it (:func:`fork_here`:
    one Keras import for both, not one each). Only first thing in a process started as a command
    of its own (``python -m grader``): the same command line, interpreter options included. A
    no-op where warm starts are off, where this process has that environment already, or where
    ``make_env`` would change it again (a second restart would follow)."""
    env = make_env(dict(os.environ))
    if not enabled() or _key(dict(os.environ)) == _key(env) or _key(make_env(env)) != _key(env):
        return
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(sys.executable, sys.orig_argv, env)


def pid():
    """The warm process's pid (a child of the grader that is not a student's), or None."""
    return _WARM.process.pid if _WARM is not None and _WARM.alive() else None


def start_run(job_path, cwd, env, isolate, rlimits):
    """Fork the run of ``job_path`` from the warm process: a :class:`WarmRun`, or None where a
    warm start is not possible (the caller then starts it cold)."""
    if not enabled():
        return None
    warm = _warm_for(env)
    if not warm.wait_ready():
        return None
    output_read, output_write = os.pipe()
    status_read, status_write = os.pipe()
    request = {"job": str(job_path), "cwd": str(cwd), "env": env, "isolate": isolate,
               "rlimits": rlimits}
    try:
        child, pidfd = warm.fork(request, output_write, status_write)
    except OSError:
        for fd in (output_read, status_read):
            os.close(fd)
        return None
    finally:
        os.close(output_write)
        os.close(status_write)
    return WarmRun(child, pidfd, os.fdopen(output_read, "rb"), status_read)


def shutdown():
    """End the warm process (it also ends by itself when this process does)."""
    global _WARM
    with _LOCK:
        if _WARM is not None:
            _WARM.close()
            _WARM = None

