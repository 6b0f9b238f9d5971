"""Make the three learning curves the regression exercise asks students to read, from real
training runs on the diabetes data, and write them to ``grader/specs/regression_curves.json``.

Each run is one of the study notes' three bad curves (undertrained, jagged, overfitting); the
grader's own reader (:func:`grader.checks.curves.read_curves`) must diagnose each as intended, or
this script stops (tests/test_grade_regression.py checks the committed file the same way). Run with ``make curves`` after changing a run; the file is committed, so
grading never trains these.
"""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OUT = ROOT / "grader" / "specs" / "regression_curves.json"
# label -> (what it shows, hidden units, optimizer, learning rate, epochs, batch size)
RUNS = {
    "A": ("jagged", [32, 16], "adam", 0.3, 40, 8),
    "B": ("overfitting", [256, 256], "adam", 0.01, 100, 16),
    "C": ("undertrained", [32, 16], "adam", 0.001, 25, 32),
}
DIAGNOSIS_WORDS = {"undertrained": "undertrained", "jagged": "jagged", "overfitting": "overfit"}


def training_run(X, y, hidden, optimizer, learning_rate, epochs, batch_size, seed=0):
    import keras

    keras.utils.set_random_seed(seed)
    model = keras.Sequential([keras.Input(shape=(X.shape[1],))]
                             + [keras.layers.Dense(units, activation="relu") for units in hidden]
                             + [keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.get({"class_name": optimizer, "config": {
        "learning_rate": learning_rate}}), loss="mse")
    history = model.fit(X, y, epochs=epochs, batch_size=batch_size, validation_split=0.2,
                        verbose=0)
    return {key: [round(float(value), 2) for value in values]
            for key, values in history.history.items()}


def main():
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import StandardScaler

    from datasets import load_diabetes
    from grader.checks.curves import read_curves

    diabetes = load_diabetes()
    X, y = diabetes.drop(columns="progression"), diabetes["progression"].to_numpy()
    X_train, _X_test, y_train, _y_test = train_test_split(X, y, test_size=0.2, random_state=42)
    X_train = StandardScaler().fit_transform(X_train)
    curves = {}
    for label, (shows, *settings) in RUNS.items():
        curves[label] = training_run(X_train, y_train, *settings)
        notes = " ".join(read_curves(curves[label]))
        print(f"{label} ({shows}): {notes or 'no diagnosis'}")
        # a jagged validation curve may also read as "rose after its lowest point"; the other
        # two must read as what they show and nothing else
        if DIAGNOSIS_WORDS[shows] not in notes or (
                shows != "jagged" and len(read_curves(curves[label])) != 1):
            sys.exit(f"run {label} does not read as {shows}: change its settings")
    OUT.write_text(json.dumps(curves, indent=1) + "\n")
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
