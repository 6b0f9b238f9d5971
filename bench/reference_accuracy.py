"""Measure each reference solution's test accuracy and training time over several seeds.

The figures come from the grader itself (``python -m grader --solutions --seed S``), so they are
what a student's model is compared with. Spec thresholds are set from the worst seed, less a margin
stated in the spec.

    python bench/reference_accuracy.py --exercise iris --seeds 1 2 3 4 5 --out bench/iris.json
"""

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def measure(exercise, seed, data_dir=None):
    """Accuracy and training seconds of one graded run of the reference solution."""
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "result.json"
        command = [sys.executable, "-m", "grader", "--solutions", "-e", exercise,
                   "--seed", str(seed), "--json", str(report)]
        if data_dir:
            command += ["--data-dir", data_dir]
        subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, check=False)
        result = json.loads(report.read_text())["exercises"][0]
    checks = {check["name"]: check for check in result["checks"]}
    found = checks["accuracy"]["found"]  # "test accuracy 0.9737 (37 of 38 correct)"
    steps = {check["name"]: check["elapsed"] for check in result["checks"]
             if check.get("elapsed") is not None}
    return {"seed": seed, "accuracy": float(found.split()[2]),
            "train_seconds": steps.get("train_model"), "step_seconds": steps,
            "passed": result["passed"]}


def summarize(runs):
    accuracies = [run["accuracy"] for run in runs]
    times = [run["train_seconds"] for run in runs if run["train_seconds"] is not None]
    return {"seeds": len(runs), "accuracy_min": min(accuracies),
            "accuracy_median": statistics.median(accuracies), "accuracy_max": max(accuracies),
            "train_seconds_min": min(times) if times else None,
            "train_seconds_median": statistics.median(times) if times else None}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exercise", required=True)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3, 4, 5])
    parser.add_argument("--data-dir")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    runs = []
    for seed in args.seeds:
        runs.append(measure(args.exercise, seed, args.data_dir))
        print(json.dumps(runs[-1]), flush=True)
    summary = {"exercise": args.exercise, **summarize(runs), "runs": runs}
    print(json.dumps({key: value for key, value in summary.items() if key != "runs"}))
    if args.out:
        args.out.write_text(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
