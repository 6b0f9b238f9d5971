"""Copy flags (no grading needed): a copy of the reference solution and two students who differ
only in names and comments are flagged; students who wrote their own solutions are not."""

import re

from grader.bulk.copies import FLAG_AT, find_copies
from grader.spec import load_spec
from tests.conftest import ROOT

IRIS = load_spec("iris")
STUB = (ROOT / "exercises" / "iris.py").read_text()

# Three honest solutions, each written its own way (function -> body).
OWN_WORK = {
    "A": {
        "load_data": "iris = load_iris()\nreturn iris",
        "split_features_target": "features = iris.iloc[:, :4]\nlabels = iris.iloc[:, 4]\n"
                                 "return features, labels",
        "encode_species": "encoder = LabelEncoder()\nnumbers = encoder.fit_transform(species)\n"
                          "return keras.utils.to_categorical(numbers, 3)",
        "split_train_test": "parts = train_test_split(X, Y, test_size=0.25, random_state=417)\n"
                            "return parts",
        "build_model": "model = keras.Sequential()\nmodel.add(keras.Input(shape=(4,)))\n"
                       "model.add(keras.layers.Dense(30, activation='relu'))\n"
                       "model.add(keras.layers.Dense(16, activation='relu'))\n"
                       "model.add(keras.layers.Dense(3, activation='softmax'))\nreturn model",
        "compile_model": "model.compile(loss='categorical_crossentropy', optimizer='adam',\n"
                         "              metrics=['accuracy'])\nreturn model",
        "train_model": "history = model.fit(X_train, y_train, batch_size=1, epochs=100, "
                       "verbose=0)\nreturn history",
        "predict_species": "probabilities = model.predict(X_test, verbose=0)\n"
                           "return probabilities.argmax(axis=1)",
        "summarize_results": "truth = y_test.argmax(axis=1)\n"
                             "accuracy = accuracy_score(truth, predicted)\n"
                             "matrix = confusion_matrix(truth, predicted)\n"
                             "return accuracy, matrix",
    },
    "B": {
        "load_data": "return load_iris()",
        "split_features_target": "x = iris[['sepal_length', 'sepal_width', 'petal_length', "
                                 "'petal_width']]\nreturn x, iris.species",
        "encode_species": "import pandas as pd\n"
                          "return pd.get_dummies(species).to_numpy(dtype='float32')",
        "split_train_test": "return train_test_split(X, Y, random_state=417)",
        "build_model": "layers = [keras.layers.Dense(n, activation=a) for n, a in\n"
                       "          [(30, 'relu'), (16, 'relu'), (3, 'softmax')]]\n"
                       "return keras.Sequential([keras.Input((4,))] + layers)",
        "compile_model": "model.compile('adam', 'categorical_crossentropy', ['accuracy'])\n"
                         "return model",
        "train_model": "return model.fit(X_train, y_train, epochs=100, batch_size=1, verbose=0)",
        "predict_species": "return np.argmax(model.predict(X_test, verbose=0), -1)",
        "summarize_results": "labels = np.argmax(y_test, -1)\n"
                             "return (np.mean(labels == predicted),\n"
                             "        confusion_matrix(labels, predicted))",
    },
    "C": {
        "load_data": "data = load_iris()\nprint(data.head())\nreturn data",
        "split_features_target": "target = iris.pop('species') if False else iris['species']\n"
                                 "return iris.drop('species', axis=1), target",
        "encode_species": "names = sorted(set(species))\n"
                          "index = np.array([names.index(name) for name in species])\n"
                          "return np.eye(len(names))[index]",
        "split_train_test": "X_train, X_test, y_train, y_test = train_test_split(\n"
                            "    X, Y, random_state=417, shuffle=True)\n"
                            "return X_train, X_test, y_train, y_test",
        "build_model": "inputs = keras.Input(shape=(4,))\n"
                       "hidden = keras.layers.Dense(30, activation='relu')(inputs)\n"
                       "hidden = keras.layers.Dense(16, activation='relu')(hidden)\n"
                       "outputs = keras.layers.Dense(3, activation='softmax')(hidden)\n"
                       "return keras.Model(inputs, outputs)",
        "compile_model": "optimizer = keras.optimizers.Adam()\n"
                         "model.compile(optimizer=optimizer, loss='categorical_crossentropy',\n"
                         "              metrics=['accuracy'])\nreturn model",
        "train_model": "return model.fit(np.asarray(X_train), np.asarray(y_train), epochs=100,\n"
                       "                 batch_size=1, verbose=0)",
        "predict_species": "scores = model(np.asarray(X_test, dtype='float32')).numpy()\n"
                           "return scores.argmax(1)",
        "summarize_results": "actual = [list(row).index(1) for row in y_test]\n"
                             "return accuracy_score(actual, predicted), "
                             "confusion_matrix(actual, predicted)",
    },
}


def filled(bodies):
    """The stub with each function's ``raise NotImplementedError`` replaced by its body."""
    text = STUB
    for function, body in bodies.items():
        start = text.index(f"def {function}(")
        end = text.index("    raise NotImplementedError\n", start)
        indented = "".join(f"    {line}\n" for line in body.splitlines())
        text = text[:end] + indented + text[end + len("    raise NotImplementedError\n"):]
    return text


def disguised(text):
    """The same code with every name of the student's own changed and comments added: what a
    student who copies a classmate's file and hides it does."""
    for old, new in [("model", "net"), ("history", "log"), ("features", "inputs"),
                     ("labels", "outputs"), ("encoder", "enc"), ("numbers", "codes"),
                     ("probabilities", "probs"), ("truth", "real"), ("matrix", "cm"),
                     ("accuracy", "acc")]:
        text = re.sub(rf"\b{old}\b(?!\()", new, text)
    return text.replace("    return ", "    # my own answer\n    return ")


def flags_of(tmp_path, students):
    files = {}
    for name, text in students.items():
        (tmp_path / name).mkdir()
        files[name] = tmp_path / name / "iris.py"
        files[name].write_text(text)
    return find_copies(IRIS, files, ROOT / "solutions" / "iris.py", ROOT / "exercises" / "iris.py",
                       tmp_path / "copies")


def test_copies_are_flagged_and_own_work_is_not(tmp_path):
    kim = filled(OWN_WORK["A"])
    flags = flags_of(tmp_path, {
        "ana": filled(OWN_WORK["B"]), "ben": filled(OWN_WORK["C"]), "kim": kim,
        "lee": disguised(kim), "copier": (ROOT / "solutions" / "iris.py").read_text(),
        "nobody_yet": STUB})
    assert disguised(kim) != kim and "net.fit(" in disguised(kim)
    assert [(pair.first, pair.second) for pair in flags.pairs] == [("kim", "lee")]
    assert flags.pairs[0].score >= FLAG_AT
    assert [student for student, _score in flags.reference_copies] == ["copier"]
    report = flags.report.read_text()
    assert "kim.py" in report and "lee.py" in report


def test_honest_solutions_are_far_below_the_flag(tmp_path):
    """The margin the threshold keeps: own work scores well under it, pairwise and against the
    reference (measured here, not assumed)."""
    import numpy as np
    from copydetect import CodeFingerprint, compare_files

    paths = {}
    for name, bodies in OWN_WORK.items():
        paths[name] = tmp_path / f"{name}.py"
        paths[name].write_text(filled(bodies))
    paths["reference"] = ROOT / "solutions" / "iris.py"
    stub = np.unique(list(CodeFingerprint(str(ROOT / "exercises" / "iris.py"), 25, 1).hashes))
    prints = {name: CodeFingerprint(str(path), 25, 1, boilerplate=stub)
              for name, path in paths.items()}
    names = sorted(prints)
    for i, first in enumerate(names):
        for second in names[i + 1:]:
            _overlap, (share_first, share_second), _slices = compare_files(prints[first],
                                                                           prints[second])
            assert min(share_first, share_second) < FLAG_AT / 2, (first, second)
