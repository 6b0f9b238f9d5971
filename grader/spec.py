"""Exercise specs: what each exercise expects, kept as TOML data in ``grader/specs/``.

A spec names the exercise's steps (the functions a student fills in), how each one is checked and
for how many points, plus the expected architecture, compile settings and test accuracy. The
checking engine (``grader/checks``) reads these objects and nothing else.

Example:
>>> spec = load_spec("iris")
>>> [step.name for step in spec.steps][:2]
['load_data', 'split_features_target']
"""

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from messages import _

SPECS_DIR = Path(__file__).parent / "specs"
ARG_PATTERN = re.compile(r"^(?P<step>[a-z_][a-z0-9_]*)(?P<indices>(?:\[:?\d+\])*)(?P<model>\.model)?$")


class SpecError(Exception):
    """A spec file is missing or malformed (a bug in the kit, not in a student's work)."""


@dataclass(frozen=True)
class ArgRef:
    """A step argument: another step's result (``step``), an item of it (``step[1]``, or
    ``step[1][0]`` for an item of an item, ``step[1][:8]`` for the first 8), or the Keras model
    that step left behind (``step.model``)."""

    step: str
    indices: tuple = ()
    model: bool = False

    @classmethod
    def parse(cls, text):
        match = ARG_PATTERN.match(text) if isinstance(text, str) else None
        if not match or (match["indices"] and match["model"]):
            raise SpecError(f"bad step argument {text!r}: use 'step', 'step[0]' or 'step.model'")
        indices = tuple(slice(None, int(i[1:])) if i.startswith(":") else int(i)
                        for i in re.findall(r":?\d+", match["indices"]))
        return cls(match["step"], indices, bool(match["model"]))

    def pick(self, value):
        """The item of ``value`` this reference points at."""
        for index in self.indices:
            value = value[index]
        return value

    def __str__(self):
        items = "".join(f"[:{i.stop}]" if isinstance(i, slice) else f"[{i}]" for i in self.indices)
        return self.step + items + (".model" if self.model else "")


@dataclass(frozen=True)
class Literal:
    """A fixed argument written in the spec: ``{ value = "learning_curves.png" }``, a numpy
    array: ``{ value = [0, 2, 1], array = true }``, or numbers the grader makes from a seed (the
    same on every machine), see :data:`GENERATORS`: ``{ random = [3, 5], seed = 1 }``; or a JSON
    file beside the specs: ``{ file = "regression_curves.json" }``."""

    value: object
    array: bool = False
    generator: str = ""
    seed: int = 0

    def resolved(self):
        """The value as the step receives it."""
        if self.generator:
            return GENERATORS[self.generator](self.value, self.seed)
        if self.array:
            import numpy as np
            return np.asarray(self.value)
        return self.value


def _random(shape, seed):
    """Standard normal numbers of ``shape``."""
    import numpy as np
    return np.random.default_rng(seed).standard_normal(shape)


def _one_hot(shape, seed):
    """One-hot columns: ``[classes, examples]``, each class at least once when it can be."""
    import numpy as np
    classes, examples = shape
    rng = np.random.default_rng(seed)
    codes = rng.permutation(np.arange(examples) % classes)
    return np.eye(classes)[codes].T


def _network(layer_dims, seed):
    """The parameters of a network with these layer sizes: ``W<l>`` of shape (units, units of
    the layer before) scaled by sqrt(1 / fan-in), ``b<l>`` of shape (units, 1), small."""
    import numpy as np
    rng = np.random.default_rng(seed)
    parameters = {}
    for layer in range(1, len(layer_dims)):
        fan_in, units = layer_dims[layer - 1], layer_dims[layer]
        parameters[f"W{layer}"] = rng.standard_normal((units, fan_in)) / np.sqrt(fan_in)
        parameters[f"b{layer}"] = rng.standard_normal((units, 1)) * 0.1
    return parameters


def _file(name, _seed):
    """The JSON data file ``name`` beside the specs (e.g. learning curves made from real runs)."""
    import json
    return json.loads((SPECS_DIR / name).read_text(encoding="utf-8"))


GENERATORS = {"random": _random, "one_hot": _one_hot, "network": _network, "file": _file}


def parse_arg(raw):
    if isinstance(raw, dict) and "value" in raw and set(raw) <= {"value", "array"}:
        return Literal(raw["value"], bool(raw.get("array", False)))
    if isinstance(raw, dict) and set(raw) == {"file"}:
        return Literal(raw["file"], generator="file")
    if isinstance(raw, dict) and "seed" in raw and len(raw) == 2 and set(raw) - {"seed"} <= set(
            GENERATORS):
        (generator, value), = ((key, item) for key, item in raw.items() if key != "seed")
        return Literal(value, generator=generator, seed=int(raw["seed"]))
    return ArgRef.parse(raw)


@dataclass(frozen=True)
class Step:
    name: str
    title: str
    check: str
    points: int = 1
    args: tuple = ()
    hint: str = ""
    expect: dict = field(default_factory=dict)
    trains: bool = False
    time_limit: float = 60.0
    function: str = ""  # the student's function to call, when not the step's own name

    @property
    def function_name(self):
        return self.function or self.name


@dataclass(frozen=True)
class Spec:
    id: str
    title: str
    module: str
    order: int
    steps: tuple
    architecture: dict
    compile: dict
    accuracy: dict
    path: Path
    label_maps: dict = field(default_factory=dict)  # {"24": [...]}: outputs -> label values
    forbidden_modules: tuple = ()  # libraries the student's steps must not use (NumPy only)

    def step(self, name):
        return next(step for step in self.steps if step.name == name)

    @property
    def early_steps(self):
        """The model-check steps that run before all others: a wrong layer or loss is reported
        within seconds, before loading data or training. A step moves up only with every step
        it takes input from.

        >>> [step.name for step in load_spec("iris").early_steps]
        ['build_model', 'compile_model']
        """
        early = []
        for step in self.steps:
            sources = {arg.step for arg in step.args if isinstance(arg, ArgRef)}
            if (step.check in EARLY_CHECKS and not step.trains
                    and sources <= {other.name for other in early}):
                early.append(step)
        return tuple(early)

    @property
    def run_order(self):
        """The steps in the order they run: :attr:`early_steps`, then the rest in spec order
        (every step reseeds, so the order changes no result)."""
        early = self.early_steps
        return early + tuple(step for step in self.steps if step not in early)

    def model_chain(self, name):
        """The steps a step's model comes from, in order.

        >>> load_spec("iris").model_chain("predict_species")
        ['build_model', 'compile_model', 'train_model', 'predict_species']
        """
        parents = [ref.step for ref in self.step(name).args if isinstance(ref, ArgRef) and ref.model]
        return (self.model_chain(parents[0]) if parents else []) + [name]

    @property
    def test_set(self):
        """What the test accuracy is measured on, in the student's words."""
        return self.accuracy.get("test_set") or _("the test set")

    @property
    def max_points(self):
        return sum(step.points for step in self.steps) + self.accuracy.get("points", 0)


# The spec values students read (titles, hints, why a layer is wrong...): translated through the
# message catalog when a spec is loaded, and extracted into it by `make messages`.
PROSE_KEYS = {"title", "hint", "note", "notes", "why", "no_horizontal_flip", "test_set"}
EARLY_CHECKS = ("architecture", "compile", "regularizers")  # quick, and often wrong
STEP_KEYS = {"name", "title", "check", "points", "args", "hint", "expect", "trains", "time_limit",
             "function"}


def load_spec(exercise, specs_dir=SPECS_DIR):
    """Read and validate ``<specs_dir>/<exercise>.toml``."""
    path = Path(specs_dir) / f"{exercise}.toml"
    if not path.is_file():
        known = ", ".join(available_exercises(specs_dir)) or "none"
        raise SpecError(f"no exercise called {exercise!r} (known: {known})")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise SpecError(f"{path}: {error}") from None
    try:
        return _build(map_prose(data, _), path)
    except (KeyError, TypeError, ValueError) as error:
        raise SpecError(f"{path}: {error!r}") from None


def _build(data, path):
    steps = []
    for raw in data["steps"]:
        unknown = set(raw) - STEP_KEYS
        if unknown:
            raise ValueError(f"step {raw.get('name')!r} has unknown keys {sorted(unknown)}")
        args = tuple(parse_arg(arg) for arg in raw.get("args", ()))
        steps.append(Step(**{**raw, "args": args}))
    names = [step.name for step in steps]
    for step in steps:
        for arg in step.args:
            if isinstance(arg, ArgRef) and arg.step not in names[: names.index(step.name)]:
                raise ValueError(f"step {step.name!r} takes {arg}, which is not an earlier step")
    from .checks import STEP_CHECKS  # late: checks import this module

    for step in steps:
        if step.check not in STEP_CHECKS:
            raise ValueError(f"step {step.name!r}: unknown check {step.check!r}")
    return Spec(
        id=data["id"],
        title=data["title"],
        module=data["module"],
        order=data.get("order", 99),
        steps=tuple(steps),
        architecture=data.get("architecture", {}),
        compile=data.get("compile", {}),
        accuracy=data.get("accuracy", {}),
        path=path,
        label_maps=data.get("label_maps", {}),
        forbidden_modules=tuple(data.get("forbidden_modules", ())),
    )


def map_prose(value, function, prose=False):
    """``value`` (a spec's data) with ``function`` applied to every text under a
    :data:`PROSE_KEYS` key, in order (``map_prose(data, _)``: the spec in the current language).
    """
    if isinstance(value, dict):
        return {key: map_prose(item, function, prose or key in PROSE_KEYS)
                for key, item in value.items()}
    if isinstance(value, list):
        return [map_prose(item, function, prose) for item in value]
    return function(value) if prose and isinstance(value, str) and value else value


def prose_texts(value):
    """Every text under a :data:`PROSE_KEYS` key of a spec's data, in order.

    >>> prose_texts({"id": "x", "title": "T", "steps": [{"name": "a", "hint": "H"}]})
    ['T', 'H']
    """
    texts = []
    map_prose(value, texts.append)
    return texts


def extract_messages(fileobj, keywords, comment_tags, options):
    """Babel's extraction method for spec files (``babel.cfg``: ``[spec: grader/specs/*.toml]``):
    yields ``(line, None, text, [])`` for each text students read."""
    source = fileobj.read().decode("utf-8")
    lines = source.splitlines()
    for text in prose_texts(tomllib.loads(source)):
        line = next((number for number, content in enumerate(lines, 1)
                     if text[:40].replace('"', '\\"') in content), 0)
        yield line, None, text, []


def available_exercises(specs_dir=SPECS_DIR):
    """Exercise ids in course order (each spec's ``order``, then its name)."""
    def position(path):
        order = tomllib.loads(path.read_text(encoding="utf-8")).get("order", 99)
        return order, path.stem
    return [path.stem for path in sorted(Path(specs_dir).glob("*.toml"), key=position)]
