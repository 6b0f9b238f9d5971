"""The seed-to-seed spread of the training_tips reference's experiments, which sets the
tolerances in ``grader/specs/training_tips.toml``.

Runs every experiment of ``solutions/training_tips.py`` at seeds 0-4 and writes
``bench/training_tips-spread.json``: each curve's last value per seed, and the tolerance the spec
uses, ``max(0.05, 2 * max |log(value / median)|)`` (about 4 minutes on 2 cores).

    KIT_DATA_DIR=../shared/datasets .venv/bin/python bench/training_tips_spread.py
"""

import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
EXPERIMENTS = ("learning_rates", "optimizers", "batch_sizes", "regularization", "normalization")


def main(seeds=range(5)):
    import keras

    from solutions import training_tips as reference

    X_train, X_val, y_train, y_val = reference.prepare_data()
    scaled_train, scaled_val = reference.scale_pixels(X_train, X_val)
    finals = {name: [] for name in EXPERIMENTS}
    for seed in seeds:
        for name in EXPERIMENTS:
            keras.utils.set_random_seed(seed)
            inputs = ((X_train, y_train, X_val, y_val) if name == "normalization"
                      else (scaled_train, y_train, scaled_val, y_val))
            curves = getattr(reference, name)(*inputs)[0]
            finals[name].append({label: curve[-1] for label, curve in curves.items()})
            print(seed, name, {label: round(value, 3) for label, value in finals[name][-1].items()},
                  flush=True)
    out = {}
    for name, runs in finals.items():
        tolerance = {}
        for label in runs[0]:
            logs = np.log([run[label] for run in runs])
            tolerance[label] = round(max(0.05, 2 * float(np.max(np.abs(logs - np.median(logs))))), 2)
        out[name] = {"finals_seeds_0_4": {label: [round(run[label], 4) for run in runs]
                                          for label in runs[0]},
                     "tolerance": tolerance}
    (ROOT / "bench" / "training_tips-spread.json").write_text(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
