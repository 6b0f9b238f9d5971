"""``python -m grader draft-spec ID``: the spec's checks drafted from the master's own run.

The master runs as the reference solution does for every grading (:func:`reference_run`, kept
in the cache), and each step's check follows from what it left:

* a model it built (no model given to it): ``architecture``, with the layers, their key settings
  and the input shape in ``[architecture]``;
* a model it was given, now compiled: ``compile``, with the loss, optimizer, learning rate and
  metrics in ``[compile]``;
* a call of ``fit``: ``training``, with its epochs and batch size (and a validation set, where
  it used one), and the test inputs it must not train on;
* anything else: ``same_as_reference`` (the reference's value, with the kit's tolerances).

Steps whose check the lead chose otherwise (``predictions``, ``evaluation``...) are left as
they are. The threshold in ``[accuracy]`` is measured over seeds 0-4 (:data:`SEEDS`) with the
kit's margin (:func:`threshold_from`), and the spec says so in a comment. The spec file keeps
the lead's titles, hints, points and comments (tomlkit edits it in place).
"""

import math
import statistics
from dataclasses import replace

from messages import _

from ..environment import PROJECT_ROOT
from ..keras_files import KEY_SETTINGS, SavedModel
from ..portable import HistoryRecord, ModelFile
from ..reference import reference_run
from ..runner import RunOptions
from ..spec import ArgRef, load_spec

SEEDS = (0, 1, 2, 3, 4)
DRAFTED = ("same_as_reference", "architecture", "compile", "training")
ACCURACY_MARGIN = 0.02  # below the worst seed, then down to a whole percent
ERROR_MARGIN = 0.05     # above the worst seed (a fraction of it), then up to one decimal
MEASURED = "Measured by draft-spec"  # how the threshold's comment starts


def threshold_from(scores, error=False):
    """The kit's margin on the reference's scores over seeds: an accuracy 2 points below the
    worst seed, rounded down to a whole percent; an error 5% above the worst, rounded up.

    >>> threshold_from([0.912, 0.905, 0.921])
    0.88
    >>> threshold_from([41.2, 40.3], error=True)
    43.3
    """
    if error:
        return math.ceil(max(scores) * (1 + ERROR_MARGIN) * 10) / 10
    return math.floor(round((min(scores) - ACCURACY_MARGIN) * 100, 6)) / 100


def draft_spec(exercise, options=None, seeds=SEEDS, root=PROJECT_ROOT, progress=print):
    """Rewrite ``grader/specs/<exercise>.toml`` from its master's runs; returns the new text."""
    import tomlkit

    specs_dir = root / "grader" / "specs"
    spec = load_spec(exercise, specs_dir)
    master = root / "solutions" / spec.module
    options = options or RunOptions()
    path = specs_dir / f"{exercise}.toml"
    document = tomlkit.parse(path.read_text(encoding="utf-8"))
    progress(_("running {file} at seed {seed} ...").format(file=master.relative_to(root),
                                                          seed=seeds[0]))
    run = reference_run(spec, master, replace(options, seed=seeds[0]))
    for table, step in zip(document["steps"], spec.steps):
        if step.check not in DRAFTED:
            progress("  " + _("{step}: {check} (left as written)").format(step=step.name,
                                                                       check=step.check))
            continue
        check = _draft_step(document, table, step, spec, run)
        progress(f"  {step.name}: {check}")
    if spec.accuracy.get("model"):
        error = spec.accuracy.get("metric") == "mae"
        scores = []
        for seed in seeds:
            progress(_("running {file} at seed {seed} ...").format(
                file=master.relative_to(root), seed=seed))
            scores.append(_score(spec, reference_run(spec, master, replace(options, seed=seed)),
                                 error))
        _write_threshold(document["accuracy"], scores, seeds, error)
        progress("  " + (_("test error over seeds {seeds}: {scores}; threshold {threshold}")
                         if error else _("test accuracy over seeds {seeds}: {scores}; threshold "
                                         "{threshold}")).format(
            seeds=f"{seeds[0]}-{seeds[-1]}", scores=", ".join(f"{s:.4f}" for s in scores),
            threshold=document["accuracy"]["threshold"]))
    text = tomlkit.dumps(document)
    path.write_text(text, encoding="utf-8")
    load_spec(exercise, specs_dir)  # what it wrote loads
    return text


def _draft_step(document, table, step, spec, run):
    import tomlkit

    value, record = run.value(step.name), run.record(step.name)
    given_model = any(isinstance(arg, ArgRef) and arg.model for arg in step.args)
    model_path = run.model_path(step.name)
    model = SavedModel(model_path) if model_path else None
    if record.fit_calls or isinstance(value, HistoryRecord):
        check, expect = "training", _training_expect(record.fit_calls, spec)
        table["trains"] = True
        table["time_limit"] = max(int(table.get("time_limit", 0)), 600)
    elif model and isinstance(value, ModelFile) and not given_model:
        check, expect = "architecture", {}
        document["architecture"] = _architecture(model)
    elif model and given_model and model.compile_config:
        check, expect = "compile", {}
        document["compile"] = _compile(model)
    else:
        check, expect = "same_as_reference", {}
    table["check"] = check
    if expect:
        table["expect"] = tomlkit.inline_table()
        table["expect"].update(expect)
    elif "expect" in table and check != step.check:
        del table["expect"]
    return check + (f" {expect}" if expect else "")


def _architecture(model):
    import tomlkit

    architecture = tomlkit.table()
    if model.input_shape:
        architecture["input_shape"] = list(model.input_shape)
    layers = tomlkit.array()
    for layer in model.layers:
        entry = tomlkit.inline_table()
        entry["type"] = layer.type
        for key in KEY_SETTINGS.get(layer.type, ()):
            setting = layer.setting(key)
            if setting is not None:
                entry[key] = list(setting) if isinstance(setting, tuple) else setting
        layers.append(entry)
    architecture["layers"] = layers.multiline(True)
    return architecture


def _compile(model):
    import tomlkit

    from ..checks.compile import from_logits, loss_name, metric_names, optimizer_settings

    config = model.compile_config
    optimizer, rate = optimizer_settings(config.get("optimizer"))
    settings = tomlkit.table()
    settings["loss"] = [loss_name(config.get("loss"))]
    settings["from_logits"] = from_logits(config.get("loss"))
    if optimizer:
        settings["optimizer"] = optimizer
    if rate is not None:
        settings["learning_rate"] = float(f"{rate:.6g}")
    settings["metrics"] = [name for name in metric_names(config.get("metrics"))]
    return settings


def _training_expect(calls, spec):
    call = calls[0] if calls else {}
    expect = {"epochs": int(call.get("epochs") or 1),
              "batch_size": int(call.get("batch_size") or 32)}  # fit's defaults
    if call.get("validation_split") or call.get("validation_data"):
        expect["validation"] = True
    if spec.accuracy.get("x"):
        expect["not_from"] = spec.accuracy["x"]
    return expect


def _score(spec, run, error):
    """The test accuracy (or mean absolute error) of the reference's trained model, measured as
    the grader measures a student's (:mod:`grader.checks.accuracy`)."""
    from ..checks.accuracy import correct_count, mean_absolute_error

    x, y = (ArgRef.parse(spec.accuracy[name]) for name in "xy")
    x, y = x.pick(run.value(x.step)), y.pick(run.value(y.step))
    model = run.model_path(spec.accuracy["model"])
    if error:
        return mean_absolute_error(model, x, y)
    return correct_count(model, x, y, spec.label_maps) / len(y)


def _write_threshold(accuracy, scores, seeds, error):
    import tomlkit

    threshold = threshold_from(scores, error)
    words = "test MAE" if error else "test accuracy"
    margin = ("5% above the worst seed, rounded up" if error else
              "2 points below the worst seed, rounded down to a whole percent")
    if "threshold" in accuracy:
        del accuracy["threshold"]
    ending = _forget_measurement(accuracy)
    accuracy.add(tomlkit.comment(f"{MEASURED} (the master's runs at seeds "
                                 f"{seeds[0]}-{seeds[-1]}): {words} min {min(scores):.4f},"))
    accuracy.add(tomlkit.comment(f"median {statistics.median(scores):.4f}, max "
                                 f"{max(scores):.4f}. Margin: {margin}."))
    accuracy["threshold"] = threshold
    accuracy.value.body.extend(ending)


def _forget_measurement(accuracy):
    """Take out the two comment lines an earlier draft-spec wrote (and what removed keys
    leave), so that drafting again replaces them; returns the blank lines that ended the table,
    to be put back after the new threshold."""
    from tomlkit.items import Comment, Null, Whitespace

    body, kept, dropping = accuracy.value.body, [], 0
    for key, item in body:
        if key is None and isinstance(item, Comment) and (
                dropping == 1 or item.as_string().lstrip("# ").startswith(MEASURED)):
            dropping += 1
        elif not (key is None and isinstance(item, Null)):
            dropping = 0
            kept.append((key, item))
    ending = []
    while kept and kept[-1][0] is None and isinstance(kept[-1][1], Whitespace):
        ending.insert(0, kept.pop())
    body[:] = kept
    return ending
