"""``python -m grader new ID``: a master (``solutions/ID.py``) and a spec
(``grader/specs/ID.toml``) to start a new exercise from: a step that loads the data (one of the
kit's datasets, or a CSV table the lead names), a model, its compile settings, its training,
and the test accuracy (the test error, for a number to predict).

The lead then writes the instructions, changes the model, and runs ``draft-spec`` (the checks
from the master's run), ``make exercises`` (the stub and notebook) and ``make validate``.
"""

import hashlib
import json  # a JSON string is a TOML basic string
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from messages import _

from ..environment import PROJECT_ROOT

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")


class ScaffoldError(ValueError):
    """The exercise cannot be scaffolded; the message says why and what to do."""


@dataclass(frozen=True)
class Source:
    """Where an exercise's data comes from, and how ``load_data`` turns it into
    ``(x_train, y_train), (x_test, y_test)``."""

    imports: str
    body: str          # load_data's code, indented
    input_shape: tuple
    classes: int       # 0: a number to predict (regression)
    english: str       # what the data is, in the instructions
    korean: str
    test_set: str


IMAGES = """    (x_train, y_train), (x_test, y_test) = {loader}()
    # Pixels from 0-255 to 0-1: small inputs keep the first training steps stable.
    return (x_train / 255.0, y_train), (x_test / 255.0, y_test)"""

SOURCES = {
    "fashion_mnist": Source(
        "from datasets import load_fashion_mnist", IMAGES.format(loader="load_fashion_mnist"),
        (28, 28), 10, "the Fashion-MNIST images: 28x28 pixels, 10 kinds of clothes",
        "Fashion-MNIST 이미지(28x28 픽셀, 옷 10종류)", "the 10,000 Fashion-MNIST test images"),
    "sign_language_mnist": Source(
        "from datasets import load_sign_language_mnist",
        """    train, test = load_sign_language_mnist()
    split = [(frame.drop(columns="label").to_numpy("float32").reshape(-1, 28, 28) / 255.0,
              frame["label"].to_numpy()) for frame in (train, test)]
    return split[0], split[1]""",
        (28, 28), 25, "the Sign-Language-MNIST images: 28x28 pixels, a hand showing a letter",
        "Sign-Language-MNIST 이미지(28x28 픽셀, 알파벳 한 글자를 나타내는 손 모양)",
        "the 7,172 Sign-Language-MNIST test images"),
    "iris": Source(
        "from sklearn.model_selection import train_test_split\n"
        "from sklearn.preprocessing import LabelEncoder\n\nfrom datasets import load_iris",
        """    iris = load_iris()
    x = iris.drop(columns="species").to_numpy("float32")
    y = LabelEncoder().fit_transform(iris["species"])
    x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.25, random_state=0,
                                                        stratify=y)
    return (x_train, y_train), (x_test, y_test)""",
        (4,), 3, "150 iris flowers: four measurements each, three species",
        "붓꽃 150송이(송이마다 잰 값 네 개, 품종 세 가지)",
        "the 38 test flowers (train_test_split with random_state=0)"),
    "diabetes": Source(
        "from sklearn.model_selection import train_test_split\n\n"
        "from datasets import load_diabetes",
        """    diabetes = load_diabetes()
    x = diabetes.drop(columns="progression").to_numpy("float32")
    y = diabetes["progression"].to_numpy("float32")
    x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.2, random_state=0)
    # Each column on the same scale, measured on the training rows only.
    mean, std = x_train.mean(axis=0), x_train.std(axis=0)
    return ((x_train - mean) / std, y_train), ((x_test - mean) / std, y_test)""",
        (10,), 0, "442 diabetes patients: ten measurements each, and how the disease progressed",
        "당뇨병 환자 442명(환자마다 잰 값 열 개와 1년 뒤 병의 진행 정도)",
        "the 89 test patients (train_test_split with random_state=0)"),
}


def csv_source(path, target):
    """A :class:`Source` for a CSV table: the numeric columns other than ``target`` are the
    inputs; ``target`` is a class (text, or whole numbers with at most 20 values) or a number."""
    import pandas as pd

    try:
        frame = pd.read_csv(path)
    except (OSError, ValueError) as error:
        raise ScaffoldError(_("{file}: cannot be read as a CSV table ({error})").format(
            file=path, error=error)) from None
    if target not in frame.columns:
        raise ScaffoldError(_("{file} has no column {column!r} (its columns: {columns}); name "
                              "one with --target").format(
            file=path, column=target, columns=", ".join(map(str, frame.columns))))
    inputs = [column for column in frame.select_dtypes("number").columns if column != target]
    if not inputs:
        raise ScaffoldError(_("{file}: no column of numbers besides {column!r} to learn "
                              "from").format(file=path, column=target))
    values = frame[target]
    classification = not pd.api.types.is_float_dtype(values) and values.nunique() <= 20
    digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    encode = ("LabelEncoder().fit_transform(table[TARGET])" if classification
              else 'table[TARGET].to_numpy("float32")')
    body = f"""    table = load_csv({Path(path).name!r},  # checked by its sha256
                     {digest!r}).dropna()
    x = table[{inputs!r}].to_numpy("float32")
    y = {encode}
    x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.2, random_state=0)
    mean, std = x_train.mean(axis=0), x_train.std(axis=0) + 1e-7
    return ((x_train - mean) / std, y_train), ((x_test - mean) / std, y_test)"""
    imports = ("from sklearn.model_selection import train_test_split\n"
               + ("from sklearn.preprocessing import LabelEncoder\n" if classification else "")
               + "\nfrom datasets import load_csv")
    rows = len(frame.dropna())
    return Source(imports, body.replace("TARGET", repr(target)), (len(inputs),),
                  values.nunique() if classification else 0,
                  f"the table {Path(path).name}: {rows} rows, to predict {target}",
                  f"표 {Path(path).name}({rows}행, 예측할 열은 {target})",
                  f"the {rows - int(rows * 0.8)} test rows of {Path(path).name}")


def model_code(source):
    """``build_model``'s code: a first model the lead changes."""
    shape = ", ".join(str(size) for size in source.input_shape) + (
        "," if len(source.input_shape) == 1 else "")
    layers = [f"keras.Input(shape=({shape}))"]
    if len(source.input_shape) > 1:
        layers.append("keras.layers.Flatten()")
    layers.append('keras.layers.Dense(64, activation="relu")')
    layers.append(f'keras.layers.Dense({source.classes}, activation="softmax")' if source.classes
                  else "keras.layers.Dense(1)")
    return "    return keras.Sequential([\n" + "".join(
        f"        {layer},\n" for layer in layers) + "    ])"


def compile_code(source):
    if source.classes:
        return ('    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy",\n'
                '                  metrics=["accuracy"])\n    return model')
    return '    model.compile(optimizer="adam", loss="mse", metrics=["mae"])\n    return model'


MASTER = '''### BEGIN SOLUTION
# The master of exercises/{id}.py and its notebook: the reference solution, with the
# instructions students read. `make exercises` writes the exercise from it, each solution block
# replaced by `raise NotImplementedError` (or left out, at the top level).
### END SOLUTION

# %% [markdown]
# # {title}
#
# Fill in each function below, one step at a time, replacing ``raise NotImplementedError``. After
# each step, run ``make grade EX={id}``: every step is graded on its own. Keep the function names
# and arguments as they are.
#
# The data: {english}.
#
# **{title}**
#
# 아래 함수들을 한 단계씩 채우세요. 함수마다 ``raise NotImplementedError``를 여러분의 코드로 바꾸면
# 됩니다. 한 단계를 끝낼 때마다 ``make grade EX={id}``를 실행하세요. 단계마다 따로 채점합니다.
# 함수 이름과 인자는 바꾸지 마세요.
#
# 데이터: {korean}.


# %%
import keras  # noqa: F401  (you will need these)
import numpy as np  # noqa: F401
{imports}


# %% [markdown]
# ## 1. Load the data · 데이터 불러오기


# %%
def load_data():
    """Step 1. Load the data, split into a training and a test set.

    Returns:
        ``(x_train, y_train), (x_test, y_test)``: numpy arrays.

    1단계. 데이터를 불러와 학습 세트와 테스트 세트로 나누세요.

    반환값: numpy 배열 ``(x_train, y_train), (x_test, y_test)``.
    """
    ### BEGIN SOLUTION
{load}
    ### END SOLUTION


# %% tags=["active-ipynb"]
# check("load_data")


# %% [markdown]
# ## 2. Build the model · 모델 만들기


# %%
def build_model():
    """Step 2. Build the network.

    Returns:
        The model (not compiled yet).

    2단계. 신경망을 만드세요.

    반환값: 모델(아직 컴파일하지 않은 상태).
    """
    ### BEGIN SOLUTION
{model}
    ### END SOLUTION


# %% tags=["active-ipynb"]
# check("build_model")


# %% [markdown]
# ## 3. Compile the model · 모델 컴파일하기


# %%
def compile_model(model):
    """Step 3. Choose how the model learns: the optimizer, the loss and the metrics.

    Args:
        model: a model built as in step 2.

    Returns:
        The same model, compiled.

    3단계. 모델이 학습하는 방법(옵티마이저, 손실 함수, 평가 지표)을 정하세요.

    인자 model: 2단계처럼 만든 모델.

    반환값: 컴파일한 같은 모델.
    """
    ### BEGIN SOLUTION
{compile}
    ### END SOLUTION


# %% tags=["active-ipynb"]
# check("compile_model")


# %% [markdown]
# ## 4. Train the model · 모델 학습시키기


# %%
def train_model(model, x_train, y_train):
    """Step 4. Train the model on the training set only.

    Args:
        model: a compiled model.
        x_train, y_train: the training set of step 1.

    Returns:
        The History object that ``fit`` returns.

    4단계. 학습 세트만 써서 모델을 학습시키세요.

    인자 model: 컴파일한 모델.
    인자 x_train, y_train: 1단계의 학습 세트.

    반환값: ``fit``이 반환하는 History 객체.
    """
    return model.fit(x_train, y_train, epochs=5, batch_size=32, verbose=0)  # SOLUTION


# %% tags=["active-ipynb"]
# check("train_model")


# %% [markdown]
# ## All together: every step, then the {measure} of your trained model · 모두 함께: 모든 단계, 그다음 학습한 모델의 {measure_ko}


# %% tags=["active-ipynb"]
# check()
'''

SPEC = '''# What the {id} exercise expects. Data only: the checks in grader/checks/ read it.
# Written by `python -m grader new`; `python -m grader draft-spec {id}` writes each
# step's check from the master's own run (solutions/{module}), and the threshold
# from its runs at seeds 0-4.
# Arguments: "step", "step[1][0]" (an item), "step.model" (the model that step left behind).
id = "{id}"
order = {order}
title = {title}
module = "{module}"

[[steps]]
name = "load_data"
title = "Load the data"
check = "same_as_reference"
hint = "Return (x_train, y_train), (x_test, y_test) as the instructions say."

[[steps]]
name = "build_model"
title = "Build the model"
check = "architecture"
points = 2
hint = "Build the layers the instructions list, in that order."

[[steps]]
name = "compile_model"
title = "Compile the model"
check = "compile"
points = 2
args = ["build_model.model"]
hint = "model.compile(optimizer=..., loss=..., metrics=[...]) with the settings the instructions give."

[[steps]]
name = "train_model"
title = "Train the model"
check = "training"
points = 2
args = ["compile_model.model", "load_data[0][0]", "load_data[0][1]"]
trains = true
time_limit = 600
hint = "return model.fit(x_train, y_train, ...) with the epochs and batch size the instructions give."

[accuracy]
model = "train_model"
x = "load_data[1][0]"
y = "load_data[1][1]"
{metric}test_set = {test_set}
points = 3
hint = "Check the earlier steps first; if they all pass, train for as long as the instructions say."
'''


def scaffold(exercise, data=None, csv=None, target=None, title=None, root=PROJECT_ROOT):
    """Write ``solutions/<exercise>.py`` and ``grader/specs/<exercise>.toml``; returns their
    paths. ``data`` names one of :data:`SOURCES`; or ``csv`` (a file) and ``target`` (a column)."""
    if not ID_PATTERN.match(exercise or ""):
        raise ScaffoldError(_("{name!r} cannot name an exercise: use lower-case letters, "
                              "digits and _, starting with a letter (e.g. fashion_cnn)").format(
            name=exercise))
    specs = root / "grader" / "specs"
    master, spec = root / "solutions" / f"{exercise}.py", specs / f"{exercise}.toml"
    for path in (master, spec, root / "exercises" / f"{exercise}.py"):
        if path.exists():
            raise ScaffoldError(_("{file} already exists: choose another name, or remove it "
                                  "first").format(file=path))
    if csv:
        if not target:
            raise ScaffoldError(_("--csv needs --target COLUMN: the column the model "
                                  "predicts"))
        source = csv_source(csv, target)
        _keep_table(Path(csv))
    elif data in SOURCES:
        source = SOURCES[data]
    else:
        raise ScaffoldError(_("name the data: --data {sources}, or --csv FILE --target "
                              "COLUMN").format(sources=" | ".join(SOURCES)))
    title = title or f"{exercise.replace('_', ' ').capitalize()}"
    measure = (("test accuracy", "테스트 정확도") if source.classes
               else ("test error", "테스트 오차"))
    master.write_text(MASTER.format(
        id=exercise, title=title, english=source.english, korean=source.korean,
        imports=source.imports, load=source.body, model=model_code(source),
        compile=compile_code(source), measure=measure[0], measure_ko=measure[1]),
        encoding="utf-8")
    order = 1 + max((_order(path) for path in specs.glob("*.toml")), default=0)
    spec.write_text(SPEC.format(id=exercise, module=f"{exercise}.py", title=json.dumps(title),
                                order=order, test_set=json.dumps(source.test_set),
                                metric="" if source.classes else 'metric = "mae"\n'),
                    encoding="utf-8")
    return [master, spec]


def _order(path):
    import tomllib
    return tomllib.loads(path.read_text(encoding="utf-8")).get("order", 0)


def _keep_table(path):
    """The CSV where ``load_csv`` finds it: the data directory's ``tables`` folder (else the
    Keras cache's)."""
    from datasets._files import cache_dir, data_dir
    from datasets.tables import DATASET

    folder = (data_dir() / DATASET) if data_dir() else cache_dir(DATASET)
    folder.mkdir(parents=True, exist_ok=True)
    if not (folder / path.name).exists():
        shutil.copyfile(path, folder / path.name)
