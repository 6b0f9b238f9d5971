"""Helpers for the tests that run notebooks in a real Jupyter kernel (nbclient + ipykernel)."""

import nbformat

from grader.authoring.validate import run_notebook


def execute(book, folder, timeout=600):
    """Run every cell of ``book`` in a fresh kernel started in ``folder``; returns ``book``
    (as ``make validate`` runs a notebook: the kernel on Unix sockets, since a CI run once lost a
    notebook test to a TCP port another test's server took first)."""
    return run_notebook(book, folder, timeout)


def run_cells(folder, *sources):
    """Run ``sources`` as the code cells of a new notebook; returns the cells, run."""
    book = nbformat.v4.new_notebook()
    book.cells = [nbformat.v4.new_code_cell(source) for source in sources]
    return execute(book, folder).cells


def output_text(cell, kind="text/plain"):
    """What a cell showed: its printed text, and ``kind`` of what it displayed or returned."""
    return "".join(output.get("text", "") if output.output_type == "stream"
                   else output.get("data", {}).get(kind, "") for output in cell.outputs)
