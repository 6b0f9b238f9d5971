"""Where the kit is, where it keeps what it computes, and what it runs on.

Example:
>>> (PROJECT_ROOT / "grader" / "environment.py").is_file()
True
>>> library_versions()[0].startswith("tensorflow=")
True
"""

import os
from importlib import metadata
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CACHE_ENV = "KIT_GRADER_CACHE"
# What results depend on: the backends, and the data libraries (iris comes from scikit-learn).
LIBRARIES = ("tensorflow", "jax", "torch", "keras", "numpy", "pandas", "scikit-learn")


def library_versions():
    """``name=version`` of each library a run's results depend on (part of every cache key);
    ``name=none`` for one not installed (a machine with Keras on JAX has no TensorFlow)."""
    versions = []
    for name in LIBRARIES:
        try:
            versions.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name}=none")
    return versions


def default_cache_dir():
    """Where reference runs are kept: ``$KIT_GRADER_CACHE``, else ``.grader/`` in the kit."""
    return Path(os.environ.get(CACHE_ENV) or PROJECT_ROOT / ".grader")

