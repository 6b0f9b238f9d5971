"""Helpers for the end-to-end tests: run the real grader command on a folder, make variants."""

import json
import subprocess
import sys

from tests.conftest import ROOT


def grade(exercise, folder, tmp_path, *extra):
    """Grade ``folder``'s file for ``exercise``: (exit status, checks by name, printed output)."""
    report = tmp_path / "report.json"
    completed = subprocess.run(
        [sys.executable, "-m", "grader", "-e", exercise, "--dir", str(folder), "--json",
         str(report), *extra], cwd=ROOT, capture_output=True, text=True, timeout=1800)
    output = completed.stdout + completed.stderr
    assert "Traceback" not in output, output
    result = json.loads(report.read_text())["exercises"][0]
    return completed.returncode, {check["name"]: check for check in result["checks"]}, output


def variant(tmp_path, module, *replacements):
    """The solution ``module`` with each ``(old, new)`` made; ``old`` must occur exactly once."""
    text = (ROOT / "solutions" / module).read_text()
    for old, new in replacements:
        assert text.count(old) == 1, f"the solution no longer contains {old!r} exactly once"
        text = text.replace(old, new)
    folder = tmp_path / "submission"
    folder.mkdir()
    (folder / module).write_text(text)
    return folder


def not_passed(checks):
    return {name: check["status"] for name, check in checks.items() if check["status"] != "passed"}
