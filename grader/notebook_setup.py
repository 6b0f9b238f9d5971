"""Setting up a notebook's Python for the kit: install what it lacks, keep what it has.

A Jupyter kernel started in the kit's folder already has everything (``make grade`` made
``.venv``). A fresh Colab runtime has TensorFlow, Keras, NumPy, pandas and the rest, in versions
of its own, but not everything the grader uses (jupytext, for one). Replacing Colab's TensorFlow
or NumPy with the kit's pins would break the runtime, so only the missing packages are installed,
with every package the runtime already has held at its version (a pip constraints file)::

    from grader.notebook_setup import install_missing
    install_missing()          # prints what it installed, or nothing when nothing was missing

The notebooks' set-up cell (:data:`SETUP_CELL`, written into every exercise notebook by
``make notebooks``) finds the kit, or clones it from the repository named in ``pyproject.toml``
(``[tool.kit] repository``) when the notebook was opened without it, as in Colab.
"""

import importlib
import subprocess
import sys
import tempfile
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from messages import _

KIT_ROOT = Path(__file__).resolve().parent.parent

# Never needed in a student's notebook: the kit's own tests (JAX: grading on Keras's other
# backend), watch mode (a terminal's), and what only a study lead's bulk grading uses (its
# chart's font, Dask and its TLS, copy flags, the report's templates and its browser test;
# leads grade cohorts in a terminal).
NOT_IN_NOTEBOOKS = {"pytest", "pytest-xdist", "hypothesis", "nbclient", "watchdog", "jax",
                    "koreanize-matplotlib", "dask", "distributed", "cryptography", "copydetect",
                    "jinja2", "selenium", "tomlkit"}

# Installed at the kit's pin even where the runtime has another version: small pure-Python
# packages whose older versions lack what the kit uses (wcwidth before 0.3 has no wrap()), and
# that nothing in a runtime needs old.
KIT_PINS_WIN = {"wcwidth"}

# The folder a notebook opened without the kit (Colab) clones it into, beside the notebook.
CLONE_FOLDER = "keras-study-kit"

SETUP_CELL = '''\
# Set-up (run this cell first): find the kit, or fetch it (Colab), and load check().
# 설정 셀: 먼저 실행하세요. 키트를 찾고(Colab 에서는 내려받아 설치하고) check() 를 불러옵니다.
import pathlib, subprocess, sys
kit_repository = "{repository}"
here = pathlib.Path.cwd().resolve()
kit = next((folder for folder in [here, *here.parents, here / "{clone_folder}"]
            if (folder / "grader" / "notebook.py").is_file()), None)
if kit is None:  # opened without the kit (a fresh Colab runtime): clone it beside the notebook
    kit = here / "{clone_folder}"
    subprocess.run(["git", "clone", "--quiet", "--depth", "1", kit_repository, str(kit)],
                   check=True)
if str(kit) not in sys.path:
    sys.path.insert(0, str(kit))
from grader.notebook_setup import install_missing
install_missing()  # only what this Python lacks (Colab: jupytext, ...); its TensorFlow stays
from grader.notebook import check'''


def kit_settings(root=KIT_ROOT):
    """The ``[tool.kit]`` table of the kit's ``pyproject.toml``: ``repository`` (the kit's
    GitHub address, which the notebooks clone and the README's Colab links open) and
    ``branch``."""
    with open(Path(root) / "pyproject.toml", "rb") as file:
        return tomllib.load(file)["tool"]["kit"]


def setup_cell(root=KIT_ROOT, exercise=None):
    """The code of every exercise notebook's first code cell; with ``exercise``, it also tells
    ``check()`` which exercise the notebook is (else ``check()`` guesses it from the code)."""
    cell = SETUP_CELL.format(repository=kit_settings(root)["repository"],
                             clone_folder=CLONE_FOLDER)
    if exercise:
        cell += (f"\nfrom grader.notebook import set_exercise\n"
                 f"set_exercise({exercise!r})  # this notebook's exercise")
    return cell


def colab_url(notebook, root=KIT_ROOT):
    """The address that opens ``notebook`` (a path inside the kit, e.g.
    ``exercises/iris.ipynb``) in Colab, from the kit's GitHub repository.

    >>> colab_url("exercises/iris.ipynb")  # doctest: +SKIP
    'https://colab.research.google.com/github/OWNER/REPO/blob/main/exercises/iris.ipynb'
    """
    settings = kit_settings(root)
    github = settings["repository"].removesuffix(".git").removeprefix("https://github.com/")
    return f"https://colab.research.google.com/github/{github}/blob/{settings['branch']}/{notebook}"


def installed_version(name):
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def install_plan(requirements, installed=installed_version):
    """``(to_install, to_keep)`` for the requirement lines ``requirements``: the pinned
    requirements this Python lacks, and ``name==version`` for each one it has (held there while
    installing). Test-only packages are left out, and TensorFlow too where Keras is installed
    without it (Keras then runs on a backend of its own, e.g. JAX)."""
    wanted = [Requirement(line) for line in (raw.split("#")[0].strip() for raw in requirements)
              if line]
    to_install, to_keep = [], []
    for requirement in wanted:
        name = canonicalize_name(requirement.name)
        version = installed(requirement.name)
        if name in KIT_PINS_WIN and version is not None and version not in requirement.specifier:
            to_install.append(str(requirement))
        elif version is not None:
            to_keep.append(f"{requirement.name}=={version}")
        elif name in NOT_IN_NOTEBOOKS or (name == "tensorflow" and installed("keras") is not None):
            continue
        else:
            to_install.append(str(requirement))
    return to_install, to_keep


def install_missing(root=KIT_ROOT, run=subprocess.run, installed=installed_version):
    """Install the kit's requirements this Python lacks, holding every one it has at its
    version; returns the requirements it installed (``run`` runs pip; ``installed`` gives a
    distribution's version, or None). If pip cannot install the kit's pinned
    versions beside the runtime's, it tries the newest versions that fit, then says what failed."""
    lines = (Path(root) / "requirements.txt").read_text(encoding="utf-8").splitlines()
    to_install, to_keep = install_plan(lines, installed)
    if not to_install:
        return []
    print(_("Installing what this Python lacks: {packages} (keeping its own versions of {count} "
            "packages) ...").format(packages=", ".join(to_install), count=len(to_keep)))
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as constraints:
        constraints.write("\n".join(to_keep) + "\n")
    try:
        for attempt in (to_install, [str(Requirement(r).name) for r in to_install]):
            completed = run([sys.executable, "-m", "pip", "install", "--quiet", *attempt,
                             "--constraint", constraints.name], capture_output=True, text=True)
            if completed.returncode == 0:
                break
        else:
            raise RuntimeError(
                _("pip could not install {packages} beside this runtime's packages:").format(
                    packages=", ".join(to_install)) + "\n"
                + (completed.stderr or completed.stdout)[-2000:] + "\n"
                + _("Try: Runtime > Disconnect and delete runtime, then run the set-up cell "
                    "again."))
    finally:
        Path(constraints.name).unlink(missing_ok=True)
    importlib.invalidate_caches()  # so this kernel imports what was just installed
    print(_("Installed.") if attempt is to_install else
          _("Installed, in newer versions than the kit's pins (the runtime's packages needed "
            "them)."))
    return attempt
