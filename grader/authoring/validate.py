"""``make validate EX=ID``: whether an exercise is fit to hand out (as nbgrader's ``validate``).

* the master passes every check at seeds 0-4;
* the stub made from it (``make exercises``) gets TODO on every step;
* for each step, the master with that step's solution replaced by ``return None`` fails that step
  and no other (the test accuracy aside, where that step's model is the one it measures);
* every text students read in the spec has a Korean translation (a warning names each one
  that has none);
* the notebook runs on the stub in a real Jupyter kernel, each ``check`` saying TODO.

Each finding is a :class:`Finding`; the exercise is fit when none is a problem.
"""

import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from messages import _

from ..environment import PROJECT_ROOT
from ..grading import grade_exercise
from ..results import Status
from ..runner import RunOptions
from ..spec import load_spec, prose_texts
from .draft import SEEDS
from .generate import exercise_files
from .master import stub_from_master, without_step


@dataclass(frozen=True)
class Finding:
    ok: bool
    text: str
    warning: bool = False  # said, but not a reason to hold the exercise back


def validate(exercise, options=None, seeds=SEEDS, root=PROJECT_ROOT, notebook=True,
             progress=print):
    """The :class:`Finding` list for ``exercise``, each reported to ``progress`` as it comes."""
    specs_dir = root / "grader" / "specs"
    spec = load_spec(exercise, specs_dir)
    master = root / "solutions" / spec.module
    options = options or RunOptions()
    findings = []

    def say(ok, text, warning=False):
        findings.append(Finding(ok, text, warning))
        progress(f"{'ok  ' if ok else 'WARN' if warning else 'FAIL'}  {text}")  # as the report

    with tempfile.TemporaryDirectory(prefix=f"validate-{exercise}-") as scratch:
        scratch = Path(scratch)
        for seed in seeds:
            result = grade_exercise(spec, master, master, replace(options, seed=seed))
            missed = [check.name for check in result.verdicts if check.status != Status.PASSED]
            say(not missed, _("the master passes every check at seed {seed}").format(seed=seed)
                if not missed else _("the master misses {checks} at seed {seed}").format(
                    checks=", ".join(missed), seed=seed))
        text = master.read_text(encoding="utf-8")
        stub = _file(scratch / "stub", spec.module, stub_from_master(text, master))
        result = grade_exercise(spec, stub, master, options)
        done = [check.name for check in result.verdicts if check.status != Status.NOT_DONE]
        say(not done, _("the stub gets TODO on every step") if not done else
            _("the stub does not get TODO on {checks}").format(checks=", ".join(done)))
        for step in spec.steps:
            variant = _file(scratch / f"without-{step.name}", spec.module,
                            without_step(text, step.function_name, master))
            result = grade_exercise(spec, variant, master, options)
            verdicts = {check.name: check.status for check in result.verdicts}
            exempt = {"accuracy"} if step.name in _accuracy_chain(spec) else set()
            others = [name for name, status in verdicts.items()
                      if name not in {step.name, *exempt} and status != Status.PASSED]
            caught = verdicts.get(step.name) == Status.FAILED
            if caught and not others:
                say(True, _("{function}() returning None fails that step only").format(
                    function=step.function_name))
            else:
                say(False, _("{function}() returning None: that step is {status}, and these "
                             "other checks did not pass: {checks}").format(
                    function=step.function_name, status=_status_word(verdicts.get(step.name)),
                    checks=", ".join(others) or _("none")))
        untranslated = _untranslated(spec)
        say(not untranslated, _("every text students read in the spec has a Korean "
                                "translation") if not untranslated else _(
            "no Korean translation yet (make messages, then translate them in "
            "messages/locale/ko/LC_MESSAGES/kit.po): {texts}").format(
            texts="; ".join(repr(text) for text in untranslated)), warning=True)
        if notebook:
            said = _notebook_on_stub(exercise, root, scratch)
            say(not said, _("the notebook runs on the stub, each check saying TODO") if not said
                else _("the notebook on the stub: {problem}").format(problem=said))
    return findings


def _file(folder, module, text):
    folder.mkdir(parents=True)
    (folder / module).write_text(text, encoding="utf-8")
    return folder / module


def _accuracy_chain(spec):
    """The steps the test accuracy's model comes from."""
    name = spec.accuracy.get("model")
    return set(spec.model_chain(name)) if name else set()


def _untranslated(spec):
    """The spec's texts students read that the Korean catalog has no translation of."""
    import tomllib

    from babel.messages.pofile import read_po

    from messages import catalog_path

    with open(catalog_path("ko"), "rb") as file:
        catalog = read_po(file)
    data = tomllib.loads(spec.path.read_text(encoding="utf-8"))
    return [text for text in prose_texts(data)
            if not (catalog.get(text) and catalog.get(text).string)]


def run_notebook(book, folder, timeout=600):
    """Run every cell of ``book`` (an ``nbformat`` notebook, filled in with its outputs) in a
    fresh Jupyter kernel started in ``folder``. The kernel talks over Unix sockets, not TCP
    ports: a port picked free could be taken by another program before the kernel binds it.
    Once the last cell has run, the kernel is ended at once: a graceful shutdown waited 2.4 s
    for nothing (the notebook registers no exit hook; its grader process ends with it)."""
    from nbclient import NotebookClient
    from traitlets.config import Config

    config = Config()
    config.KernelManager.transport = "ipc"
    with tempfile.TemporaryDirectory(prefix="kernel-") as sockets:
        config.KernelManager.ip = str(Path(sockets) / "kernel")
        NotebookClient(book, timeout=timeout, kernel_name="python3", config=config,
                       shutdown_kernel="immediate",
                       resources={"metadata": {"path": str(folder)}}).execute()
    return book


def _notebook_on_stub(exercise, root, scratch):
    """What went wrong when the notebook made from the stub runs in a real kernel ("" if
    nothing): every ``check`` cell must say TODO."""
    import nbformat
    from nbclient.exceptions import CellExecutionError

    notebook_text = next(text for path, text in exercise_files(exercise, root).items()
                         if path.suffix == ".ipynb")
    book = nbformat.reads(notebook_text, as_version=4)
    try:
        run_notebook(book, root / "exercises")
    except CellExecutionError as error:
        return _("a cell failed: {error}").format(
            error=str(error).splitlines()[0] if str(error) else repr(error))
    for cell in book.cells:
        if cell.cell_type == "code" and "check(" in cell.source and "kit-setup" not in (
                cell.metadata.get("tags", [])):
            shown = "".join(output.get("text", "") or "".join(output.get("data", {}).values())
                            for output in cell.outputs)
            if "TODO" not in shown or "FAIL" in shown or "PASS" in shown:
                return _("{cell} said {output}").format(cell=cell.source.strip(),
                                                        output=repr(shown.strip()[:200]))
    return ""


def _status_word(status):
    """The word the report prints for ``status`` (``None``: the step was not graded)."""
    return status.label if status is not None else "-"
