"""Finding and reading a student's exercise file the way a fair reader would.

Students hand in files named ``Iris.py`` or ``iris (1).py`` (a browser's second download), saved by
Korean Windows editors as CP949, or as a symbolic link. :func:`find_exercise_file` finds the file
meant as ``iris.py`` and says which one it graded; :func:`read_source` decodes it whatever its
encoding, with a note when it is not UTF-8. Both :mod:`grader.cli` and bulk grading use them, and
the worker imports the student's file through :func:`read_source`.

Example:
>>> found = find_exercise_file("kim", "iris.py")          # doctest: +SKIP
>>> found.path.name, found.note                           # doctest: +SKIP
('Iris.py', 'graded Iris.py as iris.py: rename it to iris.py')
"""

import ast
import codecs
import re
import tokenize
from dataclasses import dataclass
from pathlib import Path

from messages import _, ngettext

# Names that a copy or a download gives a file: "iris (1)", "iris - Copy", "iris_copy2", "iris 복사본".
COPY_SUFFIX = re.compile(r"(\s*\(\d+\)|[\s_-]*(copy|복사본|사본)(\s*\(?\d+\)?)?)+$", re.IGNORECASE)
SAVED_TOGETHER = 2.0  # seconds: files this close in time were not edited one after the other
# Korean Windows editors' encoding first (most of our students), then what charset detection says.
LIKELY_ENCODINGS = ("cp949",)


class SourceError(Exception):
    """The file's bytes are not text in any encoding we can tell."""


@dataclass
class Found:
    """The file to grade for one exercise: ``path`` (None: nothing to grade), a ``note`` when it
    is not exactly the expected name, a ``problem`` when something is there but cannot be graded."""

    path: Path | None = None
    note: str = ""
    problem: str = ""


def normal_name(name):
    """``'Iris (1).py'`` -> ``'iris.py'``: the name a near-miss was meant to have.

    >>> [normal_name(n) for n in ["Iris.py", "iris (1).py", "iris - Copy.py", "fashion-mnist.py",
    ...                           "iris.py.txt", "IRIS.PY"]]
    ['iris.py', 'iris.py', 'iris.py', 'fashion_mnist.py', 'iris.py', 'iris.py']
    """
    name = name.strip().lower()
    if name.endswith(".py.txt"):  # Notepad's "Save as" with a hidden extension
        name = name[: -len(".txt")]
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        return name
    stem = COPY_SUFFIX.sub("", stem).strip()
    return re.sub(r"[\s-]+", "_", stem) + "." + suffix


def forms(module):
    """The file names an exercise may be handed in as: ``iris.py`` or ``iris.ipynb``."""
    return [module, module.removesuffix(".py") + ".ipynb"]


def find_exercise_file(folder, module):
    """The file in ``folder`` to grade as ``module`` (e.g. ``iris.py``): the exact name, as a
    script or a notebook (``iris.ipynb``), else the one near-miss name (``Iris.py``,
    ``iris (1).ipynb``), with a note; the one saved last when there are several. A symbolic link
    is never followed: it could point anywhere, even at the solution."""
    folder = Path(folder)
    if not folder.is_dir():
        return Found()
    names = forms(module)
    candidates = sorted((path for path in folder.iterdir() if normal_name(path.name) in names),
                        key=lambda path: path.name)
    files = [path for path in candidates if not path.is_symlink() and path.is_file()]
    exact = [path for path in files if path.name in names]
    chosen_from = exact or files
    if not chosen_from:
        links = [path for path in candidates if path.is_symlink()]
        return Found(problem=symlink_problem(links[0].name, module)) if links else Found()
    # A form still the untouched stub is no rival to one with work in it (a student who fills
    # in iris.py beside the kit's iris.ipynb); of the rest, the one saved last; saved together
    # (the kit's exercise and its generated notebook, fresh from a clone), the script.
    if exact and len(chosen_from) > 1:
        worked_on = [path for path in chosen_from if not untouched_stub(path)]
        scripts = [path for path in chosen_from if path.suffix == ".py"]
        chosen_from = worked_on or scripts or chosen_from  # all untouched: the script
    newest = max(path.stat().st_mtime for path in chosen_from)
    recent = [path for path in chosen_from if newest - path.stat().st_mtime < SAVED_TOGETHER]
    chosen = max(recent, key=lambda path: (path.suffix == ".py", path.stat().st_mtime))
    notes = []
    if chosen.name not in names:
        wanted = names[1] if chosen.suffix.lower() == ".ipynb" else module
        notes.append(_("graded {file} as {wanted}: rename it to {wanted}").format(
            file=chosen.name, wanted=wanted))
    others = [path.name for path in chosen_from if path not in recent]
    if others:
        notes.append(_("also found {others}; graded {file}, the one saved last").format(
            others=", ".join(others), file=chosen.name))
    return Found(chosen, note="; ".join(notes))


def untouched_stub(path):
    """Whether the file at ``path`` defines functions and every one is still the stub (its body
    only ``raise NotImplementedError``): an exercise as the kit hands it out."""
    try:
        tree = ast.parse(read_source(path)[0])
    except (SourceError, SyntaxError, OSError, ValueError):
        return False
    return only_stubs(tree)


def only_stubs(tree):
    """Whether the module ``tree`` (an ``ast.Module``) defines functions and every one is
    still the stub (see :func:`is_stub`)."""
    functions = [node for node in tree.body if isinstance(node, ast.FunctionDef)]
    return bool(functions) and all(is_stub(function) for function in functions)


def is_stub(function):
    """Whether ``function`` (an ``ast.FunctionDef``) is a stub: a docstring at most, then only
    ``raise NotImplementedError``."""
    if function is None:
        return False
    body = function.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]  # the docstring
    return (len(body) == 1 and isinstance(body[0], ast.Raise)
            and "NotImplementedError" in ast.unparse(body[0]))


def shadowed_imports(text):
    """``[(name, import line, def line)]``: names a top-level ``import`` binds that a later
    top-level ``def`` (or ``class``) of the same name takes over, e.g. ``from keras import
    optimizers`` then ``def optimizers(...)``: after the def, ``optimizers.SGD`` fails.

    >>> shadowed_imports("from keras import optimizers\\ndef optimizers(x):\\n    pass\\n")
    [('optimizers', 1, 2)]
    """
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return []
    imported, found = {}, []
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                name = alias.asname or alias.name.split(".")[0]
                if name != "*":
                    imported[name] = node.lineno
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            if node.name in imported:
                found.append((node.name, imported.pop(node.name), node.lineno))
    return found


def shadowing_note(name, import_line, def_line):
    """What a student reads about :func:`shadowed_imports`' finding."""
    return _("line {def_line} defines {name}(), which takes over the name `{name}` that line "
             "{import_line} imported: from there on, `{name}` in your file is your function, so "
             "`{name}.something` fails. Import it under another name (`... import {name} as "
             "{name}_module`) or keep the def's name and write the import's full path").format(
        name=name, import_line=import_line, def_line=def_line)


def symlink_problem(name, module):
    return _("{file} is a symbolic link, not a file: hand in the file itself (copy the real "
             "{module} into the submission)").format(file=name, module=module)


def read_source(path):
    """``(text, note)``: the file's Python source, decoded as Python would (a UTF-8 BOM or an
    ``# -*- coding -*-`` line is honoured), else in the encoding it was evidently saved in, with a
    note saying so and how to save it as UTF-8. A notebook's source is its code cells
    (:func:`notebook_source`)."""
    if Path(path).suffix.lower() == ".ipynb":
        return notebook_source(path)
    data = Path(path).read_bytes()
    try:
        declared, _lines = tokenize.detect_encoding(iter(data.splitlines(keepends=True)).__next__)
    except SyntaxError:  # an unknown coding declaration: Python itself reports it
        declared = "utf-8"
    try:
        return data.decode(declared if declared != "utf-8" else "utf-8-sig"), ""
    except UnicodeDecodeError:
        if declared not in ("utf-8", "utf-8-sig"):
            raise SourceError(_("{file} says it is {encoding}, but it is not: save it as UTF-8 "
                                "and remove the coding line").format(
                file=Path(path).name, encoding=declared)) from None
    encoding = _guess_encoding(data)
    if encoding is None:
        raise SourceError(_("{file} is not text in any encoding the grader knows: save it again "
                            "as UTF-8 (a Python file, not a document)").format(
            file=Path(path).name))
    return data.decode(encoding), encoding_note(Path(path).name, encoding)


def _guess_encoding(data):
    for encoding in LIKELY_ENCODINGS:
        try:
            data.decode(encoding)
            return encoding
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    return best.encoding if best is not None else None


def encoding_note(name, encoding):
    """What a student reads when the file was not UTF-8."""
    label = (_("CP949/EUC-KR (a Korean Windows encoding)")
             if codecs.lookup(encoding).name == "cp949" else encoding)
    return _("{file} was saved as {encoding}, not UTF-8; it was graded all the same. Save it as "
             "UTF-8 so that Python, Colab and other tools read it too (VS Code: click the "
             "encoding in the status bar, 'Save with Encoding', UTF-8; Notepad: Save As, "
             "Encoding: UTF-8)").format(file=name, encoding=label)


def notebook_source(path):
    """``(text, note)``: a notebook's code cells as one Python file, the way jupytext writes it
    (IPython lines such as ``!pip install`` and ``%matplotlib inline`` become comments; saved
    outputs are ignored). Of the top-level code, only what defines things runs (imports,
    functions, classes, constants): the grader calls the functions itself, so a cell that trains
    a model or plots is not run again. Line numbers are those of the whole file."""
    import jupytext

    name = Path(path).name
    try:
        notebook = jupytext.read(path, fmt="ipynb")
    except Exception as error:  # not JSON, not a notebook
        raise SourceError(_("{file} is not a readable notebook ({error}); save it again from "
                            "Jupyter or Colab").format(
            file=name, error=f"{type(error).__name__}: {error}")) from None
    notebook.cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    text = jupytext.writes(notebook, fmt="py:percent")
    text, dropped = definitions_only(text)
    note = _("graded the code cells of {file}").format(file=name)
    if dropped:
        note += "; " + ngettext(
            "{count} top-level statement that only uses your functions (e.g. training, plotting, "
            "printing) was not run: the grader calls your functions itself",
            "{count} top-level statements that only use your functions (e.g. training, "
            "plotting, printing) were not run: the grader calls your functions itself",
            dropped).format(count=dropped)
    return text, note


def definitions_only(text):
    """``(text, dropped)``: ``text`` with every top-level statement blanked out except imports,
    function and class definitions, and assignments of constants (an UPPER_CASE name, or a value
    that calls nothing), so line numbers stay. Text that does not parse is returned whole: the
    grader then reports the syntax error."""
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return text, 0
    lines = text.splitlines(keepends=True)
    dropped = 0
    for node in tree.body:
        if _defines(node):
            continue
        dropped += 1
        for number in range(node.lineno - 1, node.end_lineno):
            lines[number] = "\n"
    return "".join(lines), dropped


def _defines(node):
    if isinstance(node, (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef,
                         ast.ClassDef)):
        return True
    if isinstance(node, (ast.Assign, ast.AnnAssign)):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        constant = all(isinstance(t, ast.Name) and t.id.isupper() for t in targets)
        calls = node.value is not None and any(isinstance(n, ast.Call) for n in ast.walk(node.value))
        return constant or not calls
    if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
        return True
    return False
