"""``make exercises``: each exercise's file for students (``exercises/<id>.py``) and its
notebook, made from the exercise's master (``solutions/<id>.py``, see :mod:`.master`).

>>> [change.path.name for change in generate_exercises(write=False)]  # the kit as committed
[]
"""

from dataclasses import dataclass
from pathlib import Path

from ..environment import PROJECT_ROOT
from ..spec import available_exercises, load_spec
from .master import stub_from_master


@dataclass(frozen=True)
class Change:
    """A generated file that differs from the one on disk (written, unless only checking)."""

    path: Path
    text: str


def exercise_files(exercise, root=PROJECT_ROOT):
    """``{path: text}``: the stub and the notebook that ``exercise``'s master generates."""
    import jupytext

    from ..notebook import exercise_notebook

    module = load_spec(exercise, root / "grader" / "specs").module
    master = root / "solutions" / module
    stub = stub_from_master(master.read_text(encoding="utf-8"), master.relative_to(root))
    path = root / "exercises" / module
    notebook = jupytext.writes(exercise_notebook(path, stub), fmt="ipynb") + "\n"
    return {path: stub, path.with_suffix(".ipynb"): notebook}


def generate_exercises(exercises=None, root=PROJECT_ROOT, write=True):
    """The :class:`Change` of every generated file that differs from what is on disk, written
    when ``write``; ``exercises`` (ids) limits it, and the README's Colab links are kept in step
    with the exercises."""
    from ..notebook import with_colab_links

    changes = []
    for exercise in exercises or available_exercises(root / "grader" / "specs"):
        for path, text in exercise_files(exercise, root).items():
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                changes.append(Change(path, text))
    readme = root / "README.md"
    if readme.is_file():
        text = readme.read_text(encoding="utf-8")
        linked = with_colab_links(text)
        if linked != text:
            changes.append(Change(readme, linked))
    if write:
        for change in changes:
            change.path.write_text(change.text, encoding="utf-8")
    return changes
