"""Step records cross from the student's process, which may rewrite them: whatever a record file
holds, the grader reads a record (a crashed step's when it is not one) and judges it, never
failing itself. Unit tests, no grading run."""

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from grader.judging import import_problem, judge_step
from grader.records import (StepRecord, read_progress, read_record, read_records,
                            write_record)
from grader.results import Status
from grader.runner import Run
from grader.spec import load_spec

IRIS = load_spec("iris")

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=4),
    max_leaves=12)
FIELDS = st.sampled_from(["status", "error", "hint", "traceback", "elapsed", "platform",
                          "model", "model_too_large", "borrowed", "fit_calls",
                          "weights_replaced", "calls", "forbidden", "notes", "reached"])
RECORDS = JSON | st.dictionaries(FIELDS, JSON, max_size=8)


def test_a_record_round_trips_and_keeps_what_the_grader_reads(tmp_path):
    (tmp_path / "steps").mkdir()
    record = StepRecord("ok", elapsed=1.5, model="build_model.keras", borrowed=["build_model"],
                        fit_calls=[{"epochs": 100}], notes=["built"])
    write_record(tmp_path, "train_model", record)
    assert read_records(tmp_path) == {"train_model": record}
    assert read_record(tmp_path, "train_model").ok
    assert read_record(tmp_path, "predict").status == ""  # not recorded (yet)


@settings(max_examples=300, deadline=None)
@given(RECORDS)
def test_any_json_in_a_record_file_is_read_as_a_record(data):
    record = StepRecord.from_json(data)
    assert isinstance(record.status, str) and isinstance(record.notes, list)
    if record.status == "crashed" and not (isinstance(data, dict) and data.get("status")
                                           == "crashed"):
        assert "half-written" in record.error


def test_a_tampered_record_is_judged_as_a_crashed_step_not_a_grader_error(tmp_path):
    (tmp_path / "steps").mkdir()
    write_record(tmp_path, "import", {"status": "ok"})
    write_record(tmp_path, "load_data", {"status": "ok", "elapsed": "fast", "notes": [1, 2]})
    (tmp_path / "steps" / "split_features_target.result.json").write_text("[1, 2")  # half-written
    run = Run(tmp_path, read_records(tmp_path))
    assert import_problem(run.record("import")) == ""
    for name in ("load_data", "split_features_target"):
        verdict = judge_step(IRIS, IRIS.step(name), run, run, "")
        assert verdict.status == Status.CRASHED and verdict.points == 0, verdict


def test_progress_that_is_not_progress_reads_as_none(tmp_path):
    for text in ("[]", '{"step": 3}', '{"step": "x", "index": "0", "started": 1}', "{", "",
                 '{"step": "../../x", "index": 0, "started": 1}',
                 '{"step": "x", "index": 0, "started": 1e999}'):
        (tmp_path / "progress").write_text(text)
        assert read_progress(tmp_path) is None, text
    (tmp_path / "progress").write_text(json.dumps({"step": "x", "index": 0, "started": 1.0}))
    assert read_progress(tmp_path)["step"] == "x"


def test_a_record_that_points_outside_its_run_or_at_no_time_is_refused():
    for data in ({"status": "ok", "model": "../../reference/train_model.keras"},
                 {"status": "ok", "model": "/etc/passwd"}, {"status": "ok", "elapsed": 10**400},
                 {"status": "ok", "elapsed": float("nan")}, {"status": "ok", "elapsed": -1}):
        assert StepRecord.from_json(data).status == "crashed", data


def test_nested_json_past_pythons_recursion_limit_is_unreadable_not_an_error(tmp_path):
    (tmp_path / "steps").mkdir()
    (tmp_path / "steps" / "load_data.result.json").write_text("[" * 100_000)
    (tmp_path / "progress").write_text("[" * 100_000)
    assert read_records(tmp_path)["load_data"].status == "crashed"
    assert read_record(tmp_path, "load_data").status == "crashed"
    assert read_progress(tmp_path) is None
