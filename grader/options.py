"""Options that ``python -m grader`` and ``python -m grader bulk`` share, in one place both import.

Example:
>>> import argparse
>>> parser = argparse.ArgumentParser()
>>> add_limit_options(parser)
>>> parser.parse_args(["--time-limit", "60"]).time_limit
60.0
"""

import argparse
import sys
from pathlib import Path

import wcwidth

import messages
from messages import _

from .environment import PROJECT_ROOT
from .spec import SPECS_DIR


class HelpFormatter(argparse.HelpFormatter):
    """argparse's help, wrapped by display width (a Hangul syllable takes two columns)."""

    def _split_lines(self, text, width):
        return wcwidth.wrap(" ".join(text.split()), width)

    def _fill_text(self, text, width, indent):
        return "\n".join(wcwidth.wrap(" ".join(text.split()), width, initial_indent=indent,
                                       subsequent_indent=indent))

    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, prefix=prefix or _("usage: "))


def new_parser(prog, description, argv):
    """An ``ArgumentParser`` whose help is in the language ``argv`` asks for (``--lang``, else
    the environment): that language is chosen first, for this process and those it starts."""
    choose_language_from(argv)
    parser = argparse.ArgumentParser(prog=prog, description=description(),
                                     formatter_class=HelpFormatter, add_help=False)
    parser._optionals.title = _("options")
    parser._positionals.title = _("positional arguments")
    parser.add_argument("-h", "--help", action="help", help=_("show this help and exit"))
    add_language_option(parser)
    return parser


def add_run_options(parser):
    """The seed every step starts from, and how much slower than usual this machine is."""
    parser.add_argument("--seed", type=int, default=0,
                        help=_("random seed for every step (default 0)"))
    parser.add_argument("--time-limit-scale", type=float, default=1.0, metavar="F",
                        help=_("multiply every step's time limit by F (e.g. 2 on a slow machine)"))


def add_limit_options(parser):
    """The kit and the limits on a student's file."""
    parser.add_argument("--kit", type=Path, metavar="DIR",
                        help=_("a kit with its own specs/ and solutions/ folders (default: this "
                               "one)"))
    parser.add_argument("--time-limit", type=float, metavar="SECONDS",
                        help=_("stop an exercise file after this long in all (its steps have "
                               "their own limits too)"))
    parser.add_argument("--memory-limit", type=int, metavar="MIB",
                        help=_("stop an exercise file's process when it uses more memory than "
                               "this"))


def add_sandbox_options(parser):
    """Sealing the students' processes (on by default) and refusing to grade unsealed."""
    parser.add_argument("--no-sandbox", action="store_true",
                        help=_("do not seal the exercise files' processes (files, processes, "
                               "signals, network): not recommended"))
    parser.add_argument("--require-sealed", action="store_true",
                        help=_("refuse to grade unless this machine seals the students' "
                               "processes completely (files, processes, signals, network)"))


def sealing(args, out):
    """Print what protects the students' runs here; returns whether grading may go on (not
    when ``--require-sealed`` asks for what this machine lacks)."""
    from .student_side.sandbox import protections

    if args.no_sandbox:
        print(_("Not sealed: --no-sandbox (the students' code can read and write what you can, "
                "signal your processes and use the network)"), file=out, flush=True)
        if args.require_sealed:
            print(_("error: --require-sealed and --no-sandbox ask for opposite things"),
                  file=sys.stderr)
        return not args.require_sealed
    found = protections()
    print(found.summary(), file=out, flush=True)
    if args.require_sealed and not found.sealed:
        print(_("error: --require-sealed: this machine cannot seal the students' processes "
                "({missing})").format(missing="; ".join(found.missing())), file=sys.stderr)
        return False
    return True


def add_language_option(parser):
    """``--lang``: the language of every message (see :mod:`messages`)."""
    parser.add_argument("--lang", choices=messages.LANGUAGES,
                        help=_("the language of the report: ko or en (default: $KIT_LANG, else "
                               "the locale, e.g. LANG=ko_KR.UTF-8, else English)"))


def choose_language_from(argv):
    """Set the language from ``--lang`` in ``argv`` (else the environment), before the parser
    that prints the help in it is built."""
    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--lang")
    requested = early.parse_known_args(argv)[0].lang
    messages.set_language(messages.choose_language(requested))


def kit_folders(kit):
    """(specs folder, solutions folder) of ``--kit`` (default: this project's)."""
    if kit is None:
        return SPECS_DIR, PROJECT_ROOT / "solutions"
    return Path(kit) / "specs", Path(kit) / "solutions"
