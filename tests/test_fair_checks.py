"""Right answers in other styles get the points; the grader's own defences (model size, library
patches, scratch folders, detached processes) work on their own. Real Keras models, no data."""

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import keras
import numpy as np
import psutil
import pytest
import tensorflow as tf

from grader import scratch
from grader.student_side import model_files
from grader.checks import STEP_CHECKS, StepContext
from grader.checks.compile import compile_problems
from grader.keras_files import SavedModel, normal_activation
from grader.student_side.observe import LibraryWatch, sample_inputs
from grader.portable import FigureRecord
from grader.rows import row_keys, same_up_to_scale
from grader.spec import load_spec
from tests.conftest import ROOT

IRIS, SIGN = load_spec("iris"), load_spec("sign_language_mnist")
L = keras.layers


def saved(tmp_path, model, name="m"):
    path = tmp_path / f"{name}.keras"
    model_files.save(model, path)
    return SavedModel(path)


def iris_model(*layers):
    return keras.Sequential([keras.Input(shape=(4,)), *layers])


def architecture(tmp_path, model, spec=IRIS):
    step = spec.step("build_model")
    return STEP_CHECKS["architecture"](StepContext(spec, step, model=saved(tmp_path, model)))


@pytest.mark.parametrize("layers", [
    [L.Dense(30, activation=tf.nn.relu), L.Dense(16, activation=tf.nn.relu),
     L.Dense(3, activation=tf.nn.softmax)],
    [L.Dense(30, activation=keras.activations.relu), L.Dense(16, activation=L.ReLU()),
     L.Dense(3, activation=keras.activations.softmax)],
    [L.Dense(30), L.ReLU(), L.Dense(16), L.Activation("relu"), L.Dense(3), L.Softmax()],
], ids=["tensorflow functions", "keras functions and a layer", "activation layers"])
def test_every_way_keras_accepts_an_activation_is_read(tmp_path, layers):
    finding = architecture(tmp_path, iris_model(*layers))
    assert finding.passed, finding.message


def test_a_model_with_a_tensorflow_activation_is_saved_so_keras_can_load_it(tmp_path):
    model = iris_model(L.Dense(3, activation=tf.nn.softmax))
    path = tmp_path / "m.keras"
    model_files.save(model, path)
    loaded = keras.saving.load_model(path, safe_mode=True)
    x = np.ones((2, 4), "float32")
    np.testing.assert_allclose(loaded.predict(x, verbose=0), model.predict(x, verbose=0), rtol=1e-6)


def test_logits_output_passes_the_architecture_with_a_note(tmp_path):
    finding = architecture(tmp_path, iris_model(L.Dense(30, activation="relu"),
                                                L.Dense(16, activation="relu"), L.Dense(3)))
    assert finding.passed and "outputs logits" in finding.notes[0]


def compile_config(loss):
    model = iris_model(L.Dense(3))
    model.compile(optimizer="adam", loss=loss, metrics=["accuracy"])
    return model.get_compile_config()


def test_logits_need_from_logits_and_get_a_note_with_it():
    notes = []
    right = compile_problems(compile_config(keras.losses.CategoricalCrossentropy(from_logits=True)),
                             IRIS.compile, "linear", notes=notes)
    assert right == [] and "from_logits=True" in notes[0]
    (wrong,) = compile_problems(compile_config("categorical_crossentropy"), IRIS.compile, "linear")
    assert wrong.startswith("loss: your model's last layer has no activation, so it outputs logits")
    assert "keras.losses.CategoricalCrossentropy(from_logits=True)" in wrong


def test_normal_activation_names():
    assert normal_activation("ReLU") == "relu" and normal_activation(None) == "linear"
    assert normal_activation({"class_name": "function", "config": "sigmoid"}) == "sigmoid"


def test_a_model_too_large_to_save_keeps_its_architecture_and_is_failed_by_size(tmp_path):
    model = iris_model(L.Dense(6000), L.Dense(5000), L.Dense(3, activation="softmax"))
    saved_model = saved(tmp_path, model)
    assert saved_model.too_large == model.count_params() > model_files.MAX_SAVED_PARAMETERS
    assert (tmp_path / "m.keras").stat().st_size < 1_000_000
    finding = architecture(tmp_path, model)
    assert not finding.passed
    assert finding.message.startswith(f"the model has {model.count_params():,} parameters")
    assert "far more than the 697 of the model this step asks for" in finding.message


def test_an_unbuilt_model_is_built_on_the_exercise_input_shape():
    model = keras.Sequential([L.Dense(30, activation="relu"), L.Dense(3, activation="softmax")])
    note = model_files.build_if_needed(model, [4])
    assert model.built and "built it for input shape (4,)" in note
    assert model_files.build_if_needed(model, [4]) == ""


def test_26_outputs_one_per_letter_are_accepted(tmp_path):
    model = keras.Sequential([keras.Input(shape=(28, 28, 1)), L.RandomRotation(0.05),
                              L.Conv2D(4, 3), L.MaxPooling2D(), L.Flatten(),
                              L.Dense(26, activation="softmax")])
    assert architecture(tmp_path, model, SIGN).passed
    step = SIGN.step("count_outputs")
    finding = STEP_CHECKS["choice"](StepContext(SIGN, step, value=26))
    assert finding.passed and "outputs 9 (J) and 25 (Z) are never the answer" in finding.notes[0]


def test_misclassified_titles_are_read_in_any_case(tmp_path, monkeypatch):
    from grader.checks import figures

    y = np.array([5, 8, 0])
    monkeypatch.setattr("grader.evaluation.output_labels", lambda *args: np.array([8, 5, 0]))
    (tmp_path / "grid.png").write_bytes(figures.PNG_SIGNATURE + b"rest")
    figure = FigureRecord([{"title": "true f, predicted i", "images": 1, "lines": []},
                           {"title": "TRUE I / PRED F", "images": 1, "lines": []}])
    step = SIGN.step("show_misclassified")
    context = StepContext(SIGN, step, value=(figure, np.array([0, 1])), workdir=tmp_path,
                          args=["model", np.zeros((3, 28, 28, 1)), y, "grid.png"])
    assert STEP_CHECKS["misclassified_grid"](context).passed


def test_a_consistent_pipeline_is_recognised_and_a_different_one_is_not():
    images = np.random.default_rng(0).integers(0, 256, (50, 28, 28, 1))
    scaled = (images / 255.0).astype("float32")
    assert same_up_to_scale(images.astype("float32"), scaled) == "scaled"
    assert same_up_to_scale(scaled, scaled) == "same"
    assert same_up_to_scale(scaled[::-1], scaled) is None  # other rows: not the same data
    labels = np.array([0, 8, 10, 24, 10] * 4)  # enough rows to tell (rows.MIN_ROWS)
    assert same_up_to_scale(np.where(labels > 9, labels - 1, labels), labels) == "relabeled"
    assert same_up_to_scale(np.zeros_like(labels), labels) is None  # information thrown away


def test_row_keys_match_across_scales_and_inputs_are_sampled_from_generators():
    images = np.random.default_rng(1).integers(0, 256, (40, 28, 28, 1)).astype("float32")
    assert (row_keys(images) == row_keys(images / 255.0)).all()
    generator = tf.keras.preprocessing.image.ImageDataGenerator().flow(images, np.zeros(40))
    assert (row_keys(sample_inputs(generator)) == row_keys(images)).all()
    dataset = tf.data.Dataset.from_tensor_slices((images / 255.0, np.zeros(40))).batch(8)
    assert set(row_keys(sample_inputs(dataset)).tolist()) == set(row_keys(images).tolist())


def test_replaced_library_functions_are_named(monkeypatch):
    watch = LibraryWatch()
    monkeypatch.setattr(np, "mean", lambda *args, **kwargs: 1.0)
    monkeypatch.setattr(keras.Model, "evaluate", lambda *args, **kwargs: [0.0, 1.0])
    assert {"numpy.mean", "keras.Model.evaluate"} <= set(watch.changed())


def test_scratch_folders_of_dead_graders_are_cleared(tmp_path, monkeypatch):
    monkeypatch.setattr(scratch.tempfile, "gettempdir", lambda: str(tmp_path))
    monkeypatch.setattr(scratch, "_cleared", threading.Event())  # as in a new grader process
    # A process id no process can have (above the kernel's largest): a dead process's own id
    # may be given to a new process at once on a machine that starts many.
    dead = int(Path("/proc/sys/kernel/pid_max").read_text()) + 1
    left = scratch.root() / f"grade-iris-{dead}-abc123"
    left.mkdir(parents=True)
    mine = scratch.new_folder("grade-iris")
    assert not left.exists() and mine.exists() and scratch.clear_abandoned() == []


DETACHING = """
import os, subprocess, sys
for _ in range(3):
    subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)', 'REAPER-TEST'],
                     start_new_session=True, env={})
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.execve(sys.executable, [sys.executable, '-c', 'import time; time.sleep(600)',
                                   'REAPER-TEST'], {})
    os._exit(0)
time.sleep(float(sys.argv[1])) if len(sys.argv) > 1 else None
""".replace("time.sleep(float", "__import__('time').sleep(float")


def left_behind():
    return [p for p in psutil.process_iter(["cmdline"]) if "REAPER-TEST" in (p.info["cmdline"] or [])]


@pytest.mark.parametrize("stop", [False, True], ids=["worker ends", "grader stops the run"])
def test_the_reaper_leaves_no_process_behind(stop):
    read, write = os.pipe()
    reaper = subprocess.Popen([sys.executable, "-m", "grader.student_side.reaper", str(write), "--",
                               sys.executable, "-c", DETACHING, "30" if stop else "0"],
                              cwd=ROOT, pass_fds=(write,))
    os.close(write)
    if stop:
        deadline = time.monotonic() + 30
        while len(left_behind()) < 4 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(left_behind()) == 4
        reaper.terminate()
    reaper.wait(timeout=60)
    status = json.loads(os.read(read, 1000))
    assert status == ({"stopped": True} if stop else {"returncode": 0})
    assert left_behind() == []
