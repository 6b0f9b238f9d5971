"""Shared fixtures. Tests that need the real datasets run only when KIT_DATA_DIR is set (CI sets it)."""

import hashlib
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The tests read English messages unless one asks for another language, whatever the locale.
os.environ["KIT_LANG"] = "en"


def _share_the_cores():
    """Each test process's gradings keep to its share of the cores, as bulk's slots do
    (``thread_limits``): two processes whose TensorFlow both use every core only slow each other
    down."""
    from grader.bulk.jobs import thread_limits

    processes = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    if processes > 1:
        os.environ.update(thread_limits(max(1, (os.cpu_count() or 1) // processes)))


_share_the_cores()
REAL_DATA = os.environ.get("KIT_DATA_DIR")

needs_real_data = pytest.mark.skipif(
    not REAL_DATA or not Path(REAL_DATA).is_dir(),
    reason="set KIT_DATA_DIR to the datasets folder (e.g. ../shared/datasets) to run")


@pytest.fixture
def isolated_data(tmp_path, monkeypatch):
    """An empty data dir and Keras cache, so no test reads or writes the user's real ones."""
    data = tmp_path / "data"
    data.mkdir()
    monkeypatch.setenv("KIT_DATA_DIR", str(data))
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras_home"))
    return data


def pytest_collection_modifyitems(items):
    """The tests marked ``long`` first (in their order), so that with two test processes the
    last minutes are not one long test running alone (``--maxschedchunk 1`` in pyproject.toml
    makes pytest-xdist hand them out one by one, not all to the first process). Among them the
    reference solutions' own gradings come first: another test of the same exercise started
    beside them would only wait for the reference run they are making. The long tests that read
    the bulk cohort's grading (made once, by the first test that asks for it) come last among
    the long ones, when it is ready, and the short ones that read it right after them, not at
    the very end: one takes a quarter of a minute, which would keep one test process busy while
    the other has nothing left to do."""
    readers = [item for item in items if "cohort_run" in getattr(item, "fixturenames", ())]
    # (the cluster test asks for it only at its end: it runs beside the one making it)
    waiting = {id(item) for item in readers[1:]}

    def order(item):
        long = item.get_closest_marker("long") is not None
        return not long, "reference_solution" not in item.name, (id(item) in waiting) == long

    items.sort(key=order)


def sha256(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()
