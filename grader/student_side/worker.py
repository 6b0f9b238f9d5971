"""The student's side of grading: run one exercise file's steps in this (throw-away) process.

Started by :mod:`grader.supervision` as ``python -m grader.student_side.worker JOB.json`` (or
forked by :mod:`.zygote`). For each step from ``job["start"]`` to ``job["stop"]`` of ``spec.run_order``
(model checks first), it writes ``progress`` (which step is running), then the step's record,
``steps/<name>.result.json`` (a :class:`grader.records.StepRecord`: status, timing, error, what
``fit`` was called with), ``steps/<name>.json/.npz`` (the value) and ``models/<name>.keras`` (the
Keras model the step left behind). Each record is written as soon as the step ends, so a later
hang or crash loses nothing.
Nothing here decides a grade: the grader reads these files in its own process.

Step arguments come from the reference run (``job["inputs"]``), so every step is graded on its own;
only ``step.model`` arguments prefer the student's own model, so that the final model is the
student's own build, compile and training.
"""

import dis
import errno
import json
import linecache
import os
import re
import sys
import time
import traceback
import types
from pathlib import Path

from messages import _

from . import model_files
from .. import portable
from ..accelerators import describe
from ..records import read_record, write_record
from .observe import FitWatch, LibraryWatch, ReachWatch
from ..rows import carries_over
from ..sources import SourceError, read_source
from ..spec import Literal, load_spec

NOT_DONE = "not_done"
LIBRARIES = None  # the LibraryWatch taken before the student's file ran
REACH = None      # the ReachWatch noting what the student's code tried to reach
FITS = FitWatch()  # how fit is called (on every model, once Keras is there)
SET_SEED = None


def main(job_path):
    job = json.loads(Path(job_path).read_text())
    out = Path(job["out"])
    (out / "steps").mkdir(parents=True, exist_ok=True)
    (out / "models").mkdir(exist_ok=True)
    spec = load_spec(job["exercise"], job["specs_dir"])
    inputs = Path(job["inputs"]) if job.get("inputs") else None
    progress(out, "startup", -1)
    if job.get("sandbox"):
        confine_student(job["sandbox"], out)
    import datasets  # noqa: F401  (and pandas with it: its functions are watched too)

    global FITS, LIBRARIES, REACH, SET_SEED
    if "keras" in spec.forbidden_modules:  # a NumPy-only exercise: no Keras to wait for
        SET_SEED = seed_python_and_numpy
    else:  # imported before the student's file, so its time is not theirs
        import keras
        SET_SEED = keras.utils.set_random_seed  # kept: the student's file may replace keras's own
        FITS = FitWatch(keras)
    LIBRARIES, REACH = LibraryWatch(), ReachWatch()
    progress(out, "import", -1, STUDENT)
    started = time.perf_counter()
    try:
        module = import_student(job["module"])
    except BaseException as error:  # SyntaxError, ImportError, SystemExit at import: all reported
        write_record(out, "import", {**failure(error, job["module"], job.get("memory_limit")),
                                     "reached": REACH.take()})
        return
    write_record(out, "import", {"status": "ok", "elapsed": time.perf_counter() - started,
                                 "reached": REACH.take(),
                                 "platform": describe() if "keras" in sys.modules
                                 else f"numpy {sys.modules['numpy'].__version__}, CPU"})
    for index, step in enumerate(spec.run_order):
        if job["start"] <= index < job["stop"] and step.name in (job.get("only") or [step.name]):
            progress(out, step.name, index, GRADER)
            write_record(out, step.name, run_step(module, spec, step, out, inputs, job, index))
    progress(out, "done", len(spec.steps))


def seed_python_and_numpy(seed):
    """What ``keras.utils.set_random_seed`` seeds, short of the backend's own generator."""
    import random

    import numpy as np

    random.seed(seed)
    np.random.seed(seed)


def confine_student(paths, out):
    """Before any TensorFlow thread exists: from here on this process reads only what it needs,
    writes only ``out``, has no network and signals nothing outside its run. What is in force
    is noted in the run's records either way."""
    import datasets  # noqa: F401  (the student's file imports it; loaded while the kit is readable)
    from .sandbox import NAMESPACES_ENV, confine, in_force

    landlock = confine(read=paths["read"], write=paths["write"])
    namespaces = [name for name in os.environ.pop(NAMESPACES_ENV, "").split(",") if name]
    if landlock:
        os.environ["KIT_CONFINED"] = "1"
    (out / "sandbox.json").write_text(json.dumps(
        {"confined": bool(landlock), "protections": in_force(landlock, namespaces).to_dict()}))


STUDENT, GRADER = "student", "grader"  # whose code runs: each has its own time limit


def progress(out, name, index, phase=GRADER):
    """Say which step runs now, and whose code: the student's function (timed against the
    step's limit) or the grader's work around it (loading inputs, saving results)."""
    (out / "progress").write_text(json.dumps({"step": name, "index": index, "phase": phase,
                                              "started": time.time()}))


def import_student(path):
    """Run the student's file as a module, decoded by :func:`grader.sources.read_source` (so a
    file saved as CP949 runs as it would in the student's editor, and a notebook runs as the code
    of its cells)."""
    text, _note = read_source(path)
    module = types.ModuleType("student_exercise")
    module.__file__ = str(path)
    sys.modules["student_exercise"] = module
    # Traceback lines come from linecache: give it the decoded text (mtime None: never re-read).
    linecache.cache[str(path)] = (len(text), None, text.splitlines(keepends=True), str(path))
    exec(compile(text, str(path), "exec"), module.__dict__)
    return module


def run_step(module, spec, step, out, inputs, job, index):
    function = getattr(module, step.function_name, None)
    if not callable(function):
        return {"status": "error",
                "error": _("your file has no function named {function}()").format(
                    function=step.function_name),
                "hint": _("Keep the function `def {function}(...)` from the exercise "
                          "file.").format(function=step.function_name)}
    try:
        args, borrowed = resolve_args(step.args, out, inputs)
    except Exception as error:  # the reference inputs must load; if not, the grader is at fault
        return {"status": "grader_error",
                "error": _("could not prepare the inputs: {error}").format(error=repr(error))}
    FITS.start(out / "steps", step.name)
    REACH.start(out / "steps" / f"{step.name}.reached.jsonl")
    graded = [arg for arg in args if portable.is_keras_model(arg)]
    for arg in graded:
        FITS.graded(arg)
        if step.trains:  # kept so that others are never handed this step's trained model
            save_model(arg, out, f"{step.name}.before")
    (SET_SEED or seed_python_and_numpy)(job["seed"])
    progress(out, step.name, index, STUDENT)
    started = time.perf_counter()
    try:
        value = function(*args)
    except BaseException as error:
        elapsed = time.perf_counter() - started
        progress(out, step.name, index, GRADER)
        record = failure(error, job["module"], job.get("memory_limit"))
        record.update(elapsed=elapsed, fit_calls=FITS.calls, reached=REACH.take())
        return record
    elapsed = time.perf_counter() - started
    progress(out, step.name, index, GRADER)
    record = {"status": "ok", "elapsed": elapsed, "borrowed": borrowed,
              "fit_calls": FITS.calls, "notes": [], "reached": REACH.take(),
              "weights_replaced": step.trains and any(map(FITS.weights_replaced, graded))}
    try:
        record["calls"], forbidden = own_calls(function, module, spec.forbidden_modules)
    except Exception:  # a function object the walk cannot read: nothing to say about it
        record["calls"], forbidden = [], []
    if spec.forbidden_modules:
        record["forbidden"] = forbidden
    model = value if portable.is_keras_model(value) else next(
        (arg for arg in args if portable.is_keras_model(arg)), None)
    try:
        if model is not None and step.check == "architecture":
            note = model_files.build_if_needed(model, spec.architecture.get("input_shape"))
            record["notes"] += [note] if note else []
        saved = []  # a model returned inside the value (e.g. a dict of models) gets its own file
        portable.save(out / "steps" / step.name, value, save_model=lambda m: saved.append(m) or (
            save_model(m, out, step.name if m is model else f"{step.name}.{len(saved)}", record)))
        if model is not None:
            record["model"] = save_model(model, out, step.name, record)
    except Exception as error:
        record.update(status="error", error=_("the grader could not save what this step "
                                              "returned: {error}").format(
            error=f"{type(error).__name__}: {error}") + library_note())
    return record


def own_calls(function, module, forbidden=()):
    """``(functions, libraries)``: the student file's own functions that ``function`` uses,
    directly or through others (their names), and the libraries of ``forbidden`` it uses that
    way: names it reads that are those modules, or functions and classes from them."""
    found, called, seen, waiting = set(), set(), set(), [function]
    while waiting:
        current_function = waiting.pop()
        if current_function is not function:
            called.add(getattr(current_function, "__name__", ""))
        code = getattr(current_function, "__code__", None)
        codes = [code] if code is not None else []
        while codes:  # the function's own code, and the code of functions nested in it
            current = codes.pop()
            if current in seen:
                continue
            seen.add(current)
            codes += [const for const in current.co_consts if isinstance(const, types.CodeType)]
            found.update(top for top in (instruction.argval.split(".")[0]
                                         for instruction in dis.get_instructions(current)
                                         if instruction.opname == "IMPORT_NAME")
                         if top in forbidden)  # imported inside the function
            for name in current.co_names:
                value = module.__dict__.get(name)
                origin = (value.__name__ if isinstance(value, types.ModuleType)
                          else getattr(value, "__module__", None) or "")
                top = origin.split(".")[0]
                if top in forbidden:
                    found.add(top)
                else:
                    waiting += own_functions(value, module.__name__)
    return sorted(called - {""}), sorted(found)


def own_functions(value, module_name, depth=3):
    """The student file's functions in ``value``: the value itself, or held in a table (dicts,
    lists and tuples, a few levels deep)."""
    if callable(value):
        return [value] if getattr(value, "__module__", None) == module_name else []
    if depth == 0 or not isinstance(value, (dict, list, tuple)):
        return []
    items = value.values() if isinstance(value, dict) else value
    return [function for item in items for function in own_functions(item, module_name, depth - 1)]


def library_note():
    """Why an error may not be what it seems: the student's file replaced library functions."""
    changed = LIBRARIES.changed() if LIBRARIES is not None else []
    if not changed:
        return ""
    return "\n" + _("(this happened after your file replaced library functions: {functions}. "
                    "Leave numpy, keras and the other libraries as they are: the error may come "
                    "from that)").format(
        functions=", ".join(changed[:4]) + (" ..." if len(changed) > 4 else ""))


def save_model(model, out, name, record=None):
    """Save ``model`` as ``models/<name>.keras`` (once); a model too large to save is noted in
    ``record`` (only its architecture is written)."""
    path = out / "models" / f"{name}.keras"
    if not path.exists():
        saved = model_files.save(model, path)
        if record is not None and saved.get("too_large"):
            record["model_too_large"] = saved["too_large"]
    return path.name


def resolve_args(refs, out, inputs):
    """The values for a step's arguments, and which reference models they borrowed. A data
    argument is the student's own earlier result where :func:`grader.rows.carries_over` says so
    (the same data in the student's own scale: a pipeline consistent with itself stays so; the
    grader decides the same again in its own process)."""
    values, borrowed = [], []
    for ref in refs:
        if isinstance(ref, Literal):
            values.append(ref.resolved())
        elif ref.model:
            model, source_borrowed = resolve_model(ref, out, inputs)
            values.append(model)
            borrowed.extend(source_borrowed)
        elif inputs is None:
            values.append(materialize(ref.pick(portable.load(out / "steps" / ref.step))))
        else:
            value = ref.pick(portable.load(inputs / "steps" / ref.step))
            own = own_value(ref, out, value)
            values.append(materialize(value if own is None else own))
    return values, sorted(set(borrowed))


def own_value(ref, out, reference_value):
    """The student's own result for ``ref`` when it is the reference's data in another scale or
    coding (not when it is the same: then nothing changes)."""
    if not read_record(out, ref.step).ok:
        return None
    try:
        own = ref.pick(portable.load(out / "steps" / ref.step))
    except Exception:  # missing, or not indexable as the spec says: the reference's, then
        return None
    return own if carries_over(own, reference_value) else None


def resolve_model(ref, out, inputs):
    """The model after ``ref.step``: the student's own if it made one, else the reference's."""
    import keras

    own = out / "models" / f"{ref.step}.keras"
    own_record = read_record(out, ref.step)
    model = None
    if own.exists() and own_record.ok and not own_record.model_too_large:
        try:
            model = keras.saving.load_model(own, safe_mode=False)
        except Exception:  # e.g. a custom layer class: carry on with the reference model
            pass
    lent = inputs / "models" / f"{ref.step}.keras" if inputs is not None else None
    # A step that should have compiled the model and did not (its own check says so): the next
    # step gets the reference's compiled model, so that it is graded on its own.
    if model is not None and (getattr(model, "compiled", True) or lent is None
                              or not _compiled(lent)):
        return model, own_record.borrowed
    if lent is None:  # nothing to lend: the reference run itself, or model checks alone
        return None, []
    return keras.saving.load_model(lent), [ref.step]


def _compiled(path):
    """Whether the reference's saved model ``path`` was compiled (read from its config, without
    loading it)."""
    import zipfile

    with zipfile.ZipFile(path) as archive:
        return bool(json.loads(archive.read("config.json")).get("compile_config"))


def materialize(value):
    """Saved models and histories back as live Keras objects, as the student's code expects.
    Keras is imported only for them: a NumPy-only exercise's values never load it (4 s, and
    its steps must not find it)."""
    if isinstance(value, portable.ModelFile):
        import keras

        return keras.saving.load_model(value.path)
    if isinstance(value, portable.HistoryRecord):
        import keras

        history = keras.callbacks.History()
        history.history = {key: list(values) for key, values in value.history.items()}
        history.params = dict(value.params)
        history.epoch = list(range(len(next(iter(value.history.values()), []))))
        return history
    return value


def failure(error, student_file, memory_limit=None):
    """A record for an exception: the student's own frames only, and what kind of failure."""
    frames = [frame for frame in traceback.extract_tb(error.__traceback__)
              if os.path.abspath(frame.filename) == os.path.abspath(student_file)]
    if isinstance(error, NotImplementedError) and frames and _raised_in(error, student_file):
        return {"status": NOT_DONE}
    if isinstance(error, MemoryError) and memory_limit:  # the kernel refused past the limit
        return {"status": "memory", "error": _(
                    "stopped: your code asked for more than the limit of {limit:,} MiB of "
                    "memory (MemoryError)").format(limit=memory_limit),
                "traceback": "".join(traceback.format_list(frames))}
    if isinstance(error, SourceError):
        return {"status": "error", "error": str(error)}
    if isinstance(error, SystemExit):
        return {"status": "exit", "error": _("your code called sys.exit({code})").format(
                    code=repr(error.code)),
                "traceback": "".join(traceback.format_list(frames))}
    if isinstance(error, SyntaxError) and error.filename and os.path.abspath(
            error.filename) == os.path.abspath(student_file):
        return {"status": "error", "error": "SyntaxError: " + _("{message} (line {line})").format(
                    message=error.msg, line=error.lineno),
                "traceback": "".join(traceback.format_exception_only(error))}
    message = plain_error("".join(traceback.format_exception_only(error)).strip())
    message += library_note()
    if isinstance(error, OSError) and error.errno == errno.EFBIG:
        message += " " + _("(a file your code wrote grew past the size limit)")
    elif isinstance(error, PermissionError) and os.environ.get("KIT_CONFINED"):
        message += " " + _("(while graded, your code may write only inside its own folder)")
    return {"status": "error", "error": message,
            "traceback": "".join(traceback.format_list(frames))}


LABEL_RANGE = re.compile(r"Received a label value of (-?\d+) which is outside the valid range "
                         r"of \[0, (\d+)\)")


def plain_error(message):
    """A TensorFlow graph error without TensorFlow's own stack of frames (the student's frames
    are shown apart), and common causes said plainly."""
    if "Graph execution error" in message:
        lines = [line for line in message.splitlines() if line.strip()]
        last_frame = max((i for i, line in enumerate(lines) if line.lstrip().startswith("File ")),
                         default=-1)
        kept = [line for line in lines[last_frame + 1:] if not line.lstrip().startswith("[[{{")]
        head = lines[0].split(":")[0].rsplit(".", 1)[-1]  # the error type, without its module
        message = f"{head}: " + " ".join(kept)
        message = re.sub(r"(Label values:(?: \d+){12})[ \d]*", r"\1 ...", message)
    found = LABEL_RANGE.search(message)
    if found:
        label, outputs = int(found.group(1)), int(found.group(2))
        message += "\n" + _("(a label is {label}, but the last layer has {outputs} outputs, for "
                            "labels 0 to {last}: give it more outputs, or remap the "
                            "labels)").format(label=label, outputs=outputs, last=outputs - 1)
    return message


def _raised_in(error, student_file):
    last = traceback.extract_tb(error.__traceback__)[-1]
    return os.path.abspath(last.filename) == os.path.abspath(student_file)


if __name__ == "__main__":
    main(sys.argv[1])
    sys.stdout.flush()
    os._exit(0)  # skip the student's atexit hooks and wait for none of its threads
