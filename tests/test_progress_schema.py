"""The progress JSON checked against its schema: one line naming the key, never a traceback."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from esep.cli import cli
from model.progress import ProgressFormatError, progress_from_json, progress_to_dict

from .conftest import SAMPLES
from .test_report import sample_plan, sample_progress


@pytest.fixture(scope="module")
def good() -> dict:
    return progress_to_dict(sample_progress(sample_plan()))


def _broken(good: dict, edit) -> str:
    data = json.loads(json.dumps(good))
    edit(data)
    return json.dumps(data, ensure_ascii=False)


@pytest.mark.parametrize("edit, message", [
    (lambda d: d["measures"][0].update(outcome="finished"),
     "measures[0].outcome: 'finished' is not one of: done, in_progress"),
    (lambda d: d["measures"][1]["entries"][0].update(done=42), "measures[1].entries[0].done: text "
     "expected, not a number"),
    (lambda d: d["measures"][0].update(id="1.1.1\x00"), "measures[0].id: the text holds control "
     "characters ('1.1.1\\x00')"),
    (lambda d: d.update(year="2025"), "year: a number expected, not '2025'"),
    (lambda d: d["plan"].pop("title"), "plan.title: missing"),
    (lambda d: d.update(units={}), "units: a list [...] expected, not an object"),
])
def test_a_value_breaking_the_schema_is_named_by_its_key(good, edit, message):
    with pytest.raises(ProgressFormatError) as exc:
        progress_from_json(_broken(good, edit))
    assert str(exc.value).startswith(message), str(exc.value)


def test_deep_nesting_is_refused_in_one_line():
    with pytest.raises(ProgressFormatError) as exc:
        progress_from_json('{"schema_version": 1, "year": ' + "[" * 100_000 + "]" * 100_000 + "}")
    assert "nested thousands deep" in str(exc.value)


def test_the_report_names_the_progress_file_and_key(tmp_path, good):
    progress = tmp_path / "progress.json"
    progress.write_text(_broken(good, lambda d: d["measures"][0].update(outcome="x" * 5000)),
                        encoding="utf-8")
    out = tmp_path / "report.docx"
    result = CliRunner().invoke(cli, ["report", str(SAMPLES / "plan-ky.expected.json"),
                                      "--progress", str(progress), "--year", "2025",
                                      "-o", str(out)])
    assert result.exit_code == 1 and not out.exists()
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output
    assert lines[0].startswith(f"Error: {progress}: measures[0].outcome: 'xxx")
    assert len(lines[0]) < 300  # the 5,000 letters are quoted short


def test_a_deeply_nested_toml_config_is_one_line(tmp_path, good):
    config = tmp_path / "settings.toml"
    config.write_text("[report]\nsigner_name = " + "[" * 100_000 + "]" * 100_000 + "\n")
    progress = tmp_path / "progress.json"
    progress.write_text(json.dumps(good, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "report.docx"
    result = CliRunner().invoke(cli, ["report", str(SAMPLES / "plan-ky.expected.json"),
                                      "--progress", str(progress), "--year", "2025",
                                      "--config", str(config), "-o", str(out)])
    assert result.exit_code == 1 and not out.exists() and "Traceback" not in result.output
    assert result.stderr.strip().splitlines() == [
        f"Error: {config}: not a settings file: its arrays or tables are nested thousands deep"]
