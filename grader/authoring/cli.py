"""``python -m grader exercises|new|draft-spec|validate``: the study lead's tools for writing an
exercise (see :mod:`grader.authoring`). Exit status: 0 done (or fit to hand out), 1 not fit or
out of date, 2 could not run."""

import argparse
import sys
from pathlib import Path

from messages import _

from ..environment import PROJECT_ROOT
from ..errors import GraderError
from ..options import add_language_option, choose_language_from
from ..runner import RunOptions
from ..spec import SpecError
from .master import MasterError
from .scaffold import SOURCES, ScaffoldError


def parse_args(argv):
    choose_language_from(argv)  # the help, and every message after, in the language asked for
    parser = argparse.ArgumentParser(prog="python -m grader", description=_(
        "The study lead's tools for writing an exercise."))
    commands = parser.add_subparsers(dest="command", required=True)
    exercises = commands.add_parser("exercises", help=_(
        "write each exercise's stub and notebook from its master (solutions/ID.py)"))
    exercises.add_argument("ids", nargs="*", metavar="ID", help=_("only these exercises"))
    exercises.add_argument("--check", action="store_true", help=_(
        "write nothing; exit 1 if a file differs from what its master makes"))
    new = commands.add_parser("new", help=_("start an exercise: a master and a spec"))
    new.add_argument("id", metavar="ID")
    new.add_argument("--data", choices=sorted(SOURCES), help=_("one of the kit's datasets"))
    new.add_argument("--csv", type=Path, help=_("a CSV table of your own (with --target)"))
    new.add_argument("--target", help=_("the CSV column the model predicts"))
    new.add_argument("--title", help=_("the exercise's title"))
    draft = commands.add_parser("draft-spec", help=_(
        "draft the spec's checks from the master's runs"))
    validate = commands.add_parser("validate", help=_("whether an exercise is fit to hand out"))
    for command in (draft, validate):
        command.add_argument("id", metavar="ID")
        command.add_argument("--data-dir", help=_("read datasets from this folder"))
    validate.add_argument("--no-notebook", action="store_true",
                          help=_("leave out running the notebook in a Jupyter kernel"))
    for command in (parser, exercises, new, draft, validate):
        command._optionals.title = _("options")
        command._positionals.title = _("positional arguments")
    for command in (exercises, new, draft, validate):
        add_language_option(command)
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        return _run(args)
    except (MasterError, ScaffoldError, SpecError, GraderError) as error:
        print(_("error: {error}").format(error=error), file=sys.stderr)
        return 2


def _run(args):
    if args.command == "exercises":
        from .generate import generate_exercises

        changes = generate_exercises(args.ids or None, write=not args.check)
        for change in changes:
            where = change.path.relative_to(PROJECT_ROOT)
            print((_("out of date: {file}") if args.check else _("wrote {file}")).format(
                file=where))
        if args.check and changes:
            print(_("run `make exercises` to write them from the masters"), file=sys.stderr)
            return 1
        return 0
    if args.command == "new":
        from .scaffold import scaffold

        for path in scaffold(args.id, args.data, args.csv, args.target, args.title):
            print(_("wrote {file}").format(file=path.relative_to(PROJECT_ROOT)))
        print(_("next: write the instructions and the model in solutions/{id}.py, then").format(
            id=args.id))
        print(f"  .venv/bin/python -m grader draft-spec {args.id}\n  make exercises\n"
              f"  make validate EX={args.id}")
        return 0
    options = RunOptions(data_dir=args.data_dir)
    if args.command == "draft-spec":
        from .draft import draft_spec

        draft_spec(args.id, options)
        print(_("wrote grader/specs/{id}.toml: read it, and edit the points, hints and titles "
                "(then make messages, and translate them)").format(id=args.id))
        return 0
    from .validate import validate

    findings = validate(args.id, options, notebook=not args.no_notebook)
    problems = [finding for finding in findings if not finding.ok and not finding.warning]
    print("\n" + (_("{id}: not fit to hand out ({count} problem(s) above)") if problems
                  else _("{id}: fit to hand out")).format(id=args.id, count=len(problems)))
    return 1 if problems else 0
