"""Bulk grading for study leads: a folder of submissions in, a gradebook out.

    python -m grader bulk SUBMISSIONS_DIR --out RESULTS_DIR [--workers N] [--gradescope]

Modules: :mod:`.submissions` finds and copies each student's files, :mod:`.jobs` grades one file
in a confined process, :mod:`.store` keeps results in SQLite as they come (so a re-run resumes),
:mod:`.outputs` writes the gradebook, feedback and summary, :mod:`.analysis` groups the cohort's
mistakes by their codes, :mod:`.page` writes the report (``index.html``, a page per student),
:mod:`.cli` ties them together.
"""
