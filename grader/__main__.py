"""``python -m grader ...`` grades one student's files (:mod:`grader.cli`);
``python -m grader bulk SUBMISSIONS_DIR --out RESULTS_DIR`` grades a cohort (:mod:`grader.bulk.cli`);
``python -m grader exercises|new|draft-spec|validate`` are the tools for writing an exercise
(:mod:`grader.authoring.cli`).

Exit status: 0 when every check passed, 1 when something failed, 2 when the grader could not run.
"""

import sys


def main(argv=None):
    if argv is None:  # a command of its own (the grader service calls this with its argv)
        _restart_to_fork(sys.argv[1:])
    argv = sys.argv[1:] if argv is None else argv
    from .accelerators import share_gpu_here
    from .supervision import become_subreaper

    share_gpu_here()  # before any backend is imported, here or in the processes started from here
    become_subreaper()  # a student's process that escapes its run's reaper comes back here
    if argv[:1] == ["bulk"]:
        from .bulk.cli import main as bulk_main
        return bulk_main(argv[1:])
    from .authoring import COMMANDS
    if argv[:1] and argv[0] in COMMANDS:
        from .authoring.cli import main as authoring_main
        return authoring_main(argv)
    from .cli import main as grade_main
    return grade_main(argv)


def _restart_to_fork(argv):
    """A grading starts again in its students' runs' environment (a fixed hash seed, their
    paths): then its warm process, which they are forked from, can be a fork of it
    (:func:`grader.warm.restart_in`), and Keras is imported once, not twice. Bulk's lead and the
    authoring tools grade through other processes: they are left as they are."""
    from .authoring import COMMANDS

    if argv[:1] == ["bulk"] or (argv[:1] and argv[0] in COMMANDS):
        return
    import argparse

    from .runner import RunOptions
    from .supervision import child_env
    from .warm import restart_in

    data_dir = argparse.ArgumentParser(add_help=False)  # the one option that sets their
    data_dir.add_argument("--data-dir")                 # environment (a wrong guess: no fork)
    options = RunOptions(data_dir=data_dir.parse_known_args(argv)[0].data_dir)
    restart_in(lambda env: child_env(options, base=env))


if __name__ == "__main__":
    sys.exit(main())
