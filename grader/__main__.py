"""``python -m grader ...`` grades one student's files (:mod:`grader.cli`);
``python -m grader bulk SUBMISSIONS_DIR --out RESULTS_DIR`` grades a cohort (:mod:`grader.bulk.cli`);
``python -m grader exercises|new|draft-spec|validate`` are the tools for writing an exercise
(:mod:`grader.authoring.cli`).

Exit status: 0 when every check passed, 1 when something failed, 2 when the grader could not run.
"""

import sys


def main(argv=None):
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


if __name__ == "__main__":
    sys.exit(main())
