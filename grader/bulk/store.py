"""Where bulk results live as soon as they are known: one SQLite file in the results folder.

Each row is one student's result for one exercise, with the content hash it was graded from
(the student's file, the spec, the reference solution, the grader's own code and the options).
A re-run skips every row whose hash still matches, so an interrupted run (Ctrl-C, kill -9, power
loss) resumes where it stopped, and a changed file is graded again. SQLite commits each row
atomically: a row is either there in full or not at all.

Example:
>>> store = ResultStore("results/results.sqlite")                      # doctest: +SKIP
>>> store.save("kim", "iris", "3f2a...", {"status": "complete", ...})   # doctest: +SKIP
>>> store.get("kim", "iris", "3f2a...")["status"]                       # doctest: +SKIP
'complete'
"""

import json
import sqlite3
import time

SCHEMA = """
CREATE TABLE IF NOT EXISTS results (
    student TEXT NOT NULL,
    exercise TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    status TEXT NOT NULL,
    score REAL NOT NULL,
    max_score REAL NOT NULL,
    result TEXT NOT NULL,       -- the full result as JSON
    graded_at TEXT NOT NULL,
    PRIMARY KEY (student, exercise)
)
"""


class ResultStore:
    """Results by (student, exercise), written by one process (the bulk grader's main thread)."""

    def __init__(self, path):
        self.path = path
        self.connection = sqlite3.connect(path)
        self.connection.execute("PRAGMA journal_mode=WAL")  # a crash never leaves a torn file
        self.connection.execute(SCHEMA)
        self.connection.commit()

    def get(self, student, exercise, content_hash):
        """The stored result, if it was graded from exactly this content; else ``None``."""
        row = self.connection.execute(
            "SELECT result FROM results WHERE student = ? AND exercise = ? AND content_hash = ?",
            (student, exercise, content_hash)).fetchone()
        return json.loads(row[0]) if row else None

    def save(self, student, exercise, content_hash, result):
        with self.connection:  # one transaction: committed when the block ends
            self.connection.execute(
                "INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (student, exercise, content_hash, result["status"], result["score"],
                 result["max_score"], json.dumps(result, ensure_ascii=False),
                 time.strftime("%Y-%m-%dT%H:%M:%S")))

    def close(self):
        self.connection.close()
