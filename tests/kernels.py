"""Helpers for the tests that run notebooks in a real Jupyter kernel (nbclient + ipykernel)."""

import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from traitlets.config import Config


def execute(book, folder, timeout=600):
    """Run every cell of ``book`` in a fresh kernel started in ``folder``; returns ``book``.

    The kernel talks over Unix sockets (IPC), not TCP ports: a port the client picked could be
    taken, before the kernel binds it, by another test's server (a CI run lost a notebook test
    to "Address already in use")."""
    with tempfile.TemporaryDirectory(prefix="kernel-") as sockets:
        config = Config()
        config.KernelManager.transport = "ipc"
        config.KernelManager.ip = str(Path(sockets) / "kernel")
        NotebookClient(book, timeout=timeout, kernel_name="python3", config=config,
                       resources={"metadata": {"path": str(folder)}}).execute()
    return book


def run_cells(folder, *sources):
    """Run ``sources`` as the code cells of a new notebook; returns the cells, run."""
    book = nbformat.v4.new_notebook()
    book.cells = [nbformat.v4.new_code_cell(source) for source in sources]
    return execute(book, folder).cells


def output_text(cell, kind="text/plain"):
    """What a cell showed: its printed text, and ``kind`` of what it displayed or returned."""
    return "".join(output.get("text", "") if output.output_type == "stream"
                   else output.get("data", {}).get(kind, "") for output in cell.outputs)
