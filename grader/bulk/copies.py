"""Copy flags for the study lead: submissions that are copies of the reference solution, and
pairs of students whose files are near-identical once names and comments are ignored.

The comparison is copydetect's (MOSS's winnowing over the code with every name, string and
comment replaced by a placeholder), with the untouched exercise stub as boilerplate, so the
starter code the whole cohort shares does not count. A flag is for a person to look at: it never
changes a score. Each exercise gets an HTML report with the matching regions side by side.

Example:
>>> flags = find_copies(spec, {"kim": Path("kim/iris.py"), "lee": Path("lee/iris.py")},
...                     Path("solutions/iris.py"), Path("exercises/iris.py"),
...                     Path("results/copies"))                          # doctest: +SKIP
>>> flags.pairs                                                         # doctest: +SKIP
[Pair(first='kim', second='lee', score=0.97)]
"""

import logging
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from ..sources import SourceError, read_source, untouched_stub

# Of each file's code (beyond the stub), the share that must match the other file's for a flag.
# Measured on iris (tests/test_bulk_copies.py): the reference copied and a classmate's file with
# its names changed and comments added both score 1.00; three solutions written independently
# score 0.06-0.16 against each other and 0.08-0.23 against the reference.
FLAG_AT = 0.8
NOISE_TOKENS = 25      # copydetect's k: matches shorter than this many characters never count
REFERENCE = "reference solution"


@dataclass
class Pair:
    first: str
    second: str
    score: float   # the smaller of the two shares: how much of each file the match covers


@dataclass
class Flags:
    exercise: str
    reference_copies: list = field(default_factory=list)   # [(student, score)]
    pairs: list = field(default_factory=list)              # [Pair]
    report: Path | None = None                             # the HTML report, when any flag


def find_copies(spec, files, solution, stub, folder):
    """:class:`Flags` of ``spec``'s exercise among ``files`` (``{student: file}``); the code
    compared and the report are written under ``folder``."""
    from copydetect import CopyDetector

    work = Path(folder) / spec.id
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    students = {}
    for student, path in sorted(files.items()):
        code = _code(path)
        if code is not None and not untouched_stub(path):
            students[student] = _write(work / "students" / f"{student}.py", code)
    flags = Flags(spec.id)
    reference = _write(work / f"{REFERENCE}.py", _code(solution) or "") if solution else None
    if not students:
        return flags
    logging.getLogger("root").setLevel(logging.ERROR)  # copydetect warns of empty files
    detector = CopyDetector(extensions=["py"], noise_t=NOISE_TOKENS, guarantee_t=NOISE_TOKENS,
                            display_t=FLAG_AT, silent=True, autoopen=False,
                            out_file=str(work / "report.html"))
    for path in students.values():
        detector.add_file(str(path), "testref")
    if reference:
        detector.add_file(str(reference), "ref")
    if stub and _code(stub) is not None:
        detector.add_file(str(_write(work / "stub.py", _code(stub))), "boilerplate")
    detector.run()
    names = {str(path): student for student, path in students.items()}
    seen = set()
    for share_test, share_ref, test, ref, *_rest in detector.get_copied_code_list():
        score = round(float(min(share_test, share_ref)), 2)
        if score < FLAG_AT:
            continue
        first, second = names.get(test), names.get(ref)
        if first and second:
            pair = tuple(sorted((first, second)))
            if pair not in seen:
                seen.add(pair)
                flags.pairs.append(Pair(*pair, score))
        elif first or second:
            flags.reference_copies.append((first or second, score))
    flags.pairs.sort(key=lambda pair: (-pair.score, pair.first))
    flags.reference_copies.sort(key=lambda item: (-item[1], item[0]))
    if flags.pairs or flags.reference_copies:
        detector.generate_html_report()
        flags.report = work / "report.html"
    return flags


def _code(path):
    try:
        return read_source(path)[0]
    except (SourceError, OSError, ValueError):
        return None


def _write(path, code):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(code, encoding="utf-8")
    return path
