"""An exercise's master: the reference solution (``solutions/<id>.py``), with the instructions
students read and markers around the code they write. :func:`stub_from_master` makes the
student's file (``exercises/<id>.py``) from it.

The markers are nbgrader's and Otter's:

* ``### BEGIN SOLUTION`` ... ``### END SOLUTION`` inside a function: the lines between become
  one ``raise NotImplementedError`` (at the markers' indentation);
* the same at the top level: left out of the stub (constants, helpers or a demo only the
  reference solution needs);
* a line ending in ``# SOLUTION``: a block of one line.

>>> print(stub_from_master('def area(r):\\n    "Step 1."\\n    return 3.14 * r * r  # SOLUTION\\n'))
def area(r):
    "Step 1."
    raise NotImplementedError
<BLANKLINE>
"""

import ast
import re

from messages import _

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
ONE_LINE = re.compile(r"#\s*SOLUTION\s*$")
RAISE = "raise NotImplementedError"


class MasterError(ValueError):
    """A master the stub cannot be made from; the message names the file, the line and the fix."""


def solution_blocks(text, path="<master>"):
    """``[(first line, last line, indentation)]``: each solution block of the master's ``text``,
    its markers included (a one-line solution is a block of one line)."""
    blocks, opened = [], None  # opened: (line number, indentation) of a BEGIN marker
    for number, line in enumerate(text.splitlines(), 1):
        marker, indent = line.strip(), line[:len(line) - len(line.lstrip())]
        if marker == BEGIN:
            if opened:
                raise MasterError(_("{file}, line {line}: {begin} inside the block opened on "
                                    "line {opened}; close that one with {end} first").format(
                    file=path, line=number, begin=BEGIN, opened=opened[0], end=END))
            opened = (number, indent)
        elif marker == END:
            if not opened:
                raise MasterError(_("{file}, line {line}: {end} without a {begin} before "
                                    "it").format(file=path, line=number, begin=BEGIN, end=END))
            if indent != opened[1]:
                raise MasterError(_("{file}, line {line}: indent {end} as its {begin} (line "
                                    "{opened})").format(file=path, line=number, end=END,
                                                        begin=BEGIN, opened=opened[0]))
            blocks.append((opened[0], number, indent))
            opened = None
        elif not opened and ONE_LINE.search(line) and not marker.startswith("#"):
            blocks.append((number, number, indent))
    if opened:
        raise MasterError(_("{file}, line {line}: {begin} is never closed: add {end}").format(
            file=path, line=opened[0], begin=BEGIN, end=END))
    return blocks


def stub_from_master(text, path="<master>"):
    """The student's file made from the master's ``text`` (``path`` names it in errors): each
    solution block inside a function becomes ``raise NotImplementedError`` (once, however many
    blocks follow each other), and one at the top level is left out."""
    result = _tidy(_replaced(text, solution_blocks(text, path), RAISE))
    try:
        ast.parse(result)
    except SyntaxError as error:
        raise MasterError(_("{file}: the stub made from it is not valid Python (its line "
                            "{line}: {error}); check the markers' indentation").format(
            file=path, line=error.lineno, error=error.msg)) from None
    return result


def without_step(text, function, path="<master>"):
    """The master's ``text`` run as the reference solution, but with the solution blocks of
    ``function`` replaced by ``return None``: the student who forgot that one step.

    >>> two = "def f():\\n    return 1  # SOLUTION\\ndef g():\\n    return 2  # SOLUTION\\n"
    >>> print(without_step(two, "f"))
    def f():
        return None
    def g():
        return 2  # SOLUTION
    <BLANKLINE>
    """
    tree = ast.parse(text)
    node = next((node for node in tree.body if isinstance(node, ast.FunctionDef)
                 and node.name == function), None)
    if node is None:
        raise MasterError(_("{file}: no function {function}() at the top level").format(
            file=path, function=function))
    blocks = [block for block in solution_blocks(text, path)
              if node.lineno <= block[0] <= node.end_lineno]
    if not blocks:
        raise MasterError(_("{file}: {function}() has no solution block ({begin} ... "
                            "{end})").format(file=path, function=function, begin=BEGIN, end=END))
    return _replaced(text, blocks, "return None") + "\n"


def _replaced(text, blocks, replacement):
    """``text``'s lines with each block inside a function (indented) replaced by one line of
    ``replacement``, and each block at the top level left out."""
    lines, starts, out = text.splitlines(), {block[0]: block for block in blocks}, []
    number = 1
    while number <= len(lines):
        if number in starts:
            _first, last, indent = starts[number]
            if indent and not (out and out[-1] == indent + replacement):
                out.append(indent + replacement)
            number = last + 1
        else:
            out.append(lines[number - 1])
            number += 1
    return "\n".join(out)


def _tidy(text):
    """At most two blank lines in a row (where a top-level block was left out), none at the
    start, one newline at the end."""
    tidy, blank = [], 0
    for line in text.splitlines():
        blank = blank + 1 if not line.strip() else 0
        if blank <= 2:
            tidy.append(line if line.strip() else "")
    while tidy and not tidy[-1]:
        tidy.pop()
    while tidy and not tidy[0]:
        tidy.pop(0)
    return "\n".join(tidy) + "\n"
