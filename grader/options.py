"""Options that ``python -m grader`` and ``python -m grader bulk`` share, in one place both import.

Example:
>>> import argparse
>>> parser = argparse.ArgumentParser()
>>> add_limit_options(parser)
>>> parser.parse_args(["--time-limit", "60"]).time_limit
60.0
"""

from pathlib import Path

from .runner import PROJECT_ROOT
from .spec import SPECS_DIR


def add_limit_options(parser):
    """The kit and the limits on a student's file."""
    parser.add_argument("--kit", type=Path, metavar="DIR",
                        help="a kit with its own specs/ and solutions/ folders (default: this one)")
    parser.add_argument("--time-limit", type=float, metavar="SECONDS",
                        help="stop an exercise file after this long in all (its steps have their "
                             "own limits too)")
    parser.add_argument("--memory-limit", type=int, metavar="MIB",
                        help="stop an exercise file's process when it uses more memory than this")


def kit_folders(kit):
    """(specs folder, solutions folder) of ``--kit`` (default: this project's)."""
    if kit is None:
        return SPECS_DIR, PROJECT_ROOT / "solutions"
    return Path(kit) / "specs", Path(kit) / "solutions"
