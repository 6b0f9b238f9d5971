"""Watch mode: grade, then grade again each time an exercise file is saved (``make watch``,
``python -m grader --watch``).

After a save, the steps whose code changed are graded first, alone (each given the reference's
inputs, as ``--only`` does): forked from the warm process (:mod:`grader.warm`), a model or value
step's verdict comes about a second after the save, and a changed training step starts training
at once. Then the whole file is graded again for its score, and only what changed since the last
grading is printed. Saving again while a grading runs stops it and grades the new version.

>>> changed_steps(load_spec("iris"), old_text, new_text)                  # doctest: +SKIP
['build_model']
"""

import ast
import queue
import signal
import threading
from dataclasses import replace
from pathlib import Path

from datasets import DatasetError
from messages import _

from . import report, warm
from .cache import grading_fingerprint, result_key
from .grading import Progress, grade_exercise
from .errors import Cancelled, GraderError
from .sources import SourceError, find_exercise_file, read_source

SETTLE_SECONDS = 0.05  # one save is several file events (write, close, rename): take them as one
SAVE_EVENTS = {"created", "modified", "moved", "closed"}  # not "opened": the grader reads files


def changed_steps(spec, before, after):
    """The names of ``spec``'s steps (in run order) whose code differs between the sources
    ``before`` and ``after``: a step changed when its function changed, or a function of the file
    it calls (directly or through others); every step when other top-level code changed (an
    import, a constant) or a source does not parse. Comments and blank lines change nothing."""
    everything = [step.name for step in spec.run_order]
    try:
        old, new = _definitions(before), _definitions(after)
    except (SyntaxError, ValueError):
        return everything
    if old[1] != new[1]:
        return everything
    functions = old[0].keys() | new[0].keys()
    changed = {name for name in functions if old[0].get(name) != new[0].get(name)}
    uses = {name: {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
            for name, tree in new[2].items()}

    def reaches(function):
        seen, todo = set(), [function]
        while todo:
            name = todo.pop()
            if name not in seen:
                seen.add(name)
                todo += uses.get(name, set()) & functions
        return seen

    return [step.name for step in spec.run_order if reaches(step.function_name) & changed]


def _definitions(text):
    """(each top-level function's code by name, the rest of the top level, the function trees)."""
    tree = ast.parse(text)
    functions = {node.name: node for node in tree.body
                 if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))}
    rest = [ast.dump(node) for node in tree.body if node not in functions.values()]
    return {name: ast.dump(node) for name, node in functions.items()}, rest, functions


class Watched:
    """One exercise under watch: its spec, and the file and source it was last graded on."""

    def __init__(self, spec, folder, solution_file, result=None):
        self.spec, self.folder, self.solution_file = spec, Path(folder), solution_file
        self.path, self.source = self.current()
        self.result = result  # its last whole grading

    def current(self):
        """(the file graded as this exercise, its source), or (None, None)."""
        path = find_exercise_file(self.folder, self.spec.module).path
        try:
            return path, read_source(path)[0] if path else None
        except (OSError, SourceError):
            return path, None


class _ChangesOnly(Progress):
    """Prints, of a grading, what differs from what is already on screen."""

    def __init__(self, live, shown):
        self.live, self.shown = live, shown

    def reference_started(self):
        self.live.reference_started()

    def step_running(self, step, limit):
        self.live.step_running(step, limit)

    def problem(self, text):
        self.live.problem(text)

    def verdict(self, verdict):
        before = self.shown.get(verdict.name)
        if verdict.left_out:
            return
        if before is None or replace(before, elapsed=None) != replace(verdict, elapsed=None):
            self.live.verdict(verdict)
            self.shown[verdict.name] = verdict


def regrade(watched, steps, options, color, cache=None):
    """Grade ``watched``'s new source: the changed ``steps`` first (alone, unless that is every
    step), then the whole file; prints as it goes (only what changed) and returns the whole
    grading's result. Raises :class:`Cancelled` when ``options.cancel`` is set meanwhile."""
    spec, path = watched.spec, watched.path
    live = report.LiveReport([step.name for step in spec.steps], color)
    live.first = False  # no word on the order the checks run in: only changes are shown
    first = steps if len(steps) < len(spec.steps) else []
    print("\n" + report.format_aside(_("Saved {file}: grading {functions} first").format(
        file=path.name, functions=", ".join(f"{spec.step(name).function_name}()"
                                            for name in first))
        if first else _("Saved {file}: grading it again").format(file=path.name)), flush=True)
    shown = {verdict.name: verdict for verdict in watched.result.verdicts} if watched.result else {}
    if first:
        alone = grade_exercise(spec, path, watched.solution_file,
                               replace(options, only=tuple(first)), _ChangesOnly(live, {}))
        shown.update({verdict.name: verdict for verdict in alone.verdicts if not verdict.left_out})
    result = grade_exercise(spec, path, watched.solution_file, options,
                            _ChangesOnly(live, shown))
    print(report.format_score(result), flush=True)
    if cache is not None and not result.grader_failed:
        key = result_key(grading_fingerprint(spec, watched.solution_file, options),
                         path.read_bytes())
        cache.put(spec, path, key, result)
    return result


def watch(exercises, options, color, cache=None):
    """Grade each :class:`Watched` exercise again whenever its file is saved, until Ctrl-C
    (then return 0, with no grading or process left running)."""
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer

    saves = queue.Queue()

    class Saved(FileSystemEventHandler):
        def on_any_event(self, event):
            if event.event_type in SAVE_EVENTS and not event.is_directory:
                saves.put(event)

    signal.signal(signal.SIGTERM, _interrupt)  # `kill` ends it as cleanly as Ctrl-C
    # and Ctrl-C itself even where it started ignored (a background job of a script, as the
    # bench starts it): Python then leaves SIGINT ignored, and the watch could not be stopped
    signal.signal(signal.SIGINT, _interrupt)
    observer = Observer()
    for folder in {watched.folder.resolve() for watched in exercises}:
        observer.schedule(Saved(), str(folder))
    observer.start()
    print("\n" + report.format_aside(_("Watching {folder}: each time you save an exercise file "
                                       "it is graded again (Ctrl-C to stop)").format(
        folder=", ".join(sorted({str(watched.folder) for watched in exercises})))), flush=True)
    job = None
    try:
        while True:
            saves.get()
            _settle(saves)
            if job is not None:
                job.stop()
            job = _Job(exercises, options, color, cache)
    except KeyboardInterrupt:
        if job is not None:
            job.stop(quietly=True)
        print("\n" + report.format_aside(_("Stopped watching.")), flush=True)
        return 0
    finally:
        observer.stop()
        observer.join()
        warm.shutdown()


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def _settle(saves):
    """Wait until the file events of one save stop coming, and drop them."""
    while True:
        try:
            saves.get(timeout=SETTLE_SECONDS)
        except queue.Empty:
            return


class _Job(threading.Thread):
    """The grading of every watched exercise whose source changed since its last whole
    grading, in a thread that :meth:`stop` ends."""

    def __init__(self, exercises, options, color, cache):
        super().__init__(daemon=True)
        self.cancel, self.quietly = threading.Event(), False
        self.exercises, self.color, self.cache = exercises, color, cache
        self.options = replace(options, cancel=self.cancel)
        self.start()

    def stop(self, quietly=False):
        self.quietly = quietly
        self.cancel.set()
        self.join()

    def run(self):
        for watched in self.exercises:
            path, source = watched.current()
            if path is None or source is None or (path, source) == (watched.path, watched.source):
                continue
            steps = changed_steps(watched.spec, watched.source or "", source)
            watched.path = path
            if not steps:
                print("\n" + report.format_aside(_("Saved {file}: no step's code changed").format(
                    file=path.name)), flush=True)
                watched.source = source
                continue
            try:
                watched.result = regrade(watched, steps, self.options, self.color, self.cache)
                watched.source = source
            except Cancelled:
                if not self.quietly:
                    print(report.format_aside(_("(saved again: grading the new version)")),
                          flush=True)
                return
            except (GraderError, DatasetError) as error:
                print(_("error: could not grade {exercise}: {error}").format(
                    exercise=watched.spec.id, error=error), flush=True)
