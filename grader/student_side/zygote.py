"""A warm process to start students' runs from: Keras and the worker's modules are imported once,
and each run is a fork of this process, so it starts in a moment instead of importing them again.

``python -m grader.student_side.zygote FD`` is started by :mod:`grader.warm` with one end of a
socket pair as FD. It imports what a worker imports before the student's file (no TensorFlow
operation runs, no backend is initialised: a fork of it is safe), says ``ready`` (with what its
imports set in its environment), then for each request (a JSON job with the run's output and
status pipes passed along) forks a child that becomes exactly what ``python -m
grader.student_side.reaper [--isolate] STATUS_FD -- python -m grader.student_side.worker JOB`` is
in a cold start: its own session, the run's folder, environment and resource limits, the reaper
(which enters the namespaces and forks the worker), then the worker, confined before the
student's file runs. Nothing a run changes comes back here: each run is a fresh fork of this
process.

A grader process started in the students' environment (:mod:`grader.service`) imports the same
modules itself and forks the warm process instead (:func:`serve_forked`): one import for both.

It answers each request with the child's pid and a pidfd of it (the grader polls and waits on
that). It reaps its children; when one dies by a signal before its reaper could say how the
worker ended, it says so on the run's status pipe. It ends when the grader closes the socket
(the grader ended, even by kill -9): its children's reapers then clean up their runs.

Example (from :mod:`grader.warm`):
>>> parent, child = socket.socketpair()                                      # doctest: +SKIP
>>> subprocess.Popen([sys.executable, "-m", "grader.student_side.zygote", str(child.fileno())],
...                  pass_fds=(child.fileno(),))
"""

import gc
import json
import os
import resource
import select
import signal
import socket
import sys
import traceback
import types

from .reaper import ended_children

MAX_MESSAGE = 1 << 20


def preload():
    """What every worker imports before the student's file (see :func:`.worker.main`)."""
    import datasets  # noqa: F401
    import keras  # noqa: F401

    from . import worker  # noqa: F401


def imported():
    """:func:`preload`, and what it set in this process's environment (TensorFlow's import sets a
    few variables): told to the grader, whose environment has them too once it imported Keras."""
    before = dict(os.environ)
    preload()
    return {name: value for name, value in os.environ.items() if before.get(name) != value}


def serve(channel, imports_set):
    # What the imports made lives as long as this process: Python's collections in the runs
    # forked from here then neither scan it (half a million objects, 0.2 s a time) nor write to
    # its memory (which would copy every page of it into each run)
    gc.freeze()
    wake_read, wake_write = os.pipe()  # SIGCHLD wakes the loop, to reap at once
    os.set_blocking(wake_write, False)
    signal.set_wakeup_fd(wake_write)
    signal.signal(signal.SIGCHLD, lambda *args: None)
    status_pipes = {}  # child pid -> the write end of its run's status pipe
    channel.sendall(b"ready " + json.dumps(imports_set).encode())
    while True:
        ready, _, _ = select.select([channel, wake_read], [], [])
        if wake_read in ready:
            os.read(wake_read, 4096)
        _reap(status_pipes)
        if channel not in ready:
            continue
        try:
            message, fds, _flags, _address = socket.recv_fds(channel, MAX_MESSAGE, 2)
        except OSError:
            return
        if not message:  # the grader is gone
            return
        request = json.loads(message)
        output_fd, status_fd = fds
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            try:
                signal.set_wakeup_fd(-1)
                os.close(wake_read)
                os.close(wake_write)
                _child(channel, request, output_fd, status_fd)
            finally:
                os._exit(127)
        os.close(output_fd)
        status_pipes[pid] = status_fd
        pidfd = os.pidfd_open(pid)
        try:
            socket.send_fds(channel, [json.dumps({"pid": pid}).encode()], [pidfd])
        finally:
            os.close(pidfd)


def _reap(status_pipes):
    for pid, code in ended_children():
        status_fd = status_pipes.pop(pid, None)
        if status_fd is None:
            continue
        if os.WIFSIGNALED(code):  # the reaper itself was killed: it could not say it
            try:
                os.write(status_fd, json.dumps({"returncode": -os.WTERMSIG(code)}).encode())
            except OSError:
                pass
        os.close(status_fd)


def _child(channel, request, output_fd, status_fd):
    """Become the run's reaper, as :mod:`grader.supervision` starts it in a cold start."""
    channel.detach()  # closed below with every other descriptor but the run's own: the
    # student's code never holds the way back to this process, nor another run's pipes
    for signum in (signal.SIGCHLD, signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, signal.SIG_DFL)
    os.setsid()
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.dup2(output_fd, 1)
    os.dup2(output_fd, 2)
    os.close(null)
    os.closerange(3, status_fd)  # the socket, and other runs' pipes: theirs to close
    os.closerange(status_fd + 1, 1 << 16)
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    if "messages" in sys.modules:  # this run's language (KIT_LANG is set for each run)
        messages = sys.modules["messages"]
        messages.set_language(messages.choose_language(), children=False)
    import tempfile
    tempfile.tempdir = None  # found again from TMPDIR: the run's own folder
    for name, value in request["rlimits"].items():
        resource.setrlimit(getattr(resource, name), (value, value))
    sys.argv = ["-m", request["job"]]
    sys.path[0] = request["cwd"]
    from . import reaper

    reaper.run(lambda: _work(request["job"]), status_fd, request["isolate"])
    os._exit(0)


def _work(job):
    """The worker, in the reaper's forked child (as a cold start's ``python -m
    grader.student_side.worker JOB`` would)."""
    from . import worker

    code = 0
    try:
        worker.main(job)
    except BaseException:  # as an uncaught exception would end the cold worker
        traceback.print_exc()
        code = 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(code)  # skip the student's atexit hooks and wait for none of its threads


def serve_forked(channel, imports_set):
    """Be the warm process as a fork of a grader process that imported what :func:`preload`
    imports (:func:`grader.warm.fork_here`): it keeps only its socket to that process, with
    Python's own signal handlers, and its runs see the same ``__main__`` as a started one's."""
    try:
        signal.signal(signal.SIGINT, signal.default_int_handler)  # as a new Python has them
        for signum in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, signal.SIG_DFL)
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(null, fd)
        kept = channel.fileno()
        os.closerange(3, kept)  # the grader's own socket and files: not the runs' business
        os.closerange(kept + 1, 1 << 16)
        sys.modules["__main__"] = _as_main(sys.modules[__name__])
        serve(channel, imports_set)
    finally:
        os._exit(0)


def _as_main(module):
    """``module`` as ``python -m`` would have run it: a module named ``__main__`` with its code and
    ``__spec__``."""
    main = types.ModuleType("__main__")
    main.__dict__.update({name: value for name, value in vars(module).items()
                          if name != "__name__"})
    return main


def main(argv):
    channel = socket.socket(fileno=int(argv[0]))
    try:
        imports_set = imported()
    except BaseException:
        traceback.print_exc()
        channel.sendall(b"failed\n")
        return
    serve(channel, imports_set)


if __name__ == "__main__":
    main(sys.argv[1:])
