"""The plan records and their JSON form."""

import json
from dataclasses import replace
from datetime import date

import pytest

from ingest import read_plan
from model.plan import (Deadline, PlanFormatError, PlanWarning, Source, plan_from_dict,
                        plan_from_json, plan_to_dict)

from .conftest import SAMPLES


def test_sample_json_reads_and_writes_back_unchanged(expected_ky):
    data = plan_to_dict(plan_from_dict(expected_ky))
    assert {k: v for k, v in data.items() if k in expected_ky} == expected_ky


def test_queries(expected_ky):
    plan = plan_from_dict(expected_ky)
    assert plan.measure("3.1.2").deadline.text == "2025–2027-жылдар"
    assert plan.task_of("3.1.2").id == "3.1"
    assert plan.section_of("12.2.1").number == 12
    assert plan.unit_name("КБ") == "КР ӨКМдин Кадр башкармалыгы"
    assert "Эксперттер" not in plan.units() and plan.units()[0] == "УКЖКААБ"


def test_fingerprint_follows_the_records_not_the_file(expected_ky):
    plan = plan_from_dict(expected_ky)
    assert plan.fingerprint() == plan_from_dict(expected_ky).fingerprint()
    # the same records read from another file, in another format, with other reading warnings
    docx, txt = read_plan(SAMPLES / "plan-ky.docx"), read_plan(SAMPLES / "plan-ky.txt")
    assert docx.source.format == "docx" and txt.source.format == "txt"
    assert docx.source.sha256 != txt.source.sha256
    assert docx.fingerprint() == txt.fingerprint() == plan.fingerprint()
    elsewhere = replace(plan, source=Source(file="копия/plan.pdf", format="pdf", sha256="0" * 64),
                        warnings=(PlanWarning("page 3", "a word joined"),))
    assert elsewhere.fingerprint() == plan.fingerprint()
    renamed = replace(plan, title=plan.title + " ")
    assert renamed.fingerprint() != plan.fingerprint()
    first = plan.sections[0].tasks[0].measures[0]
    reworded = replace(first, text=first.text.replace("ө", "о", 1))   # one Kyrgyz letter
    old_task = plan.sections[0].tasks[0]
    task = replace(old_task, measures=(reworded, *old_task.measures[1:]))
    section = replace(plan.sections[0], tasks=(task, *plan.sections[0].tasks[1:]))
    assert reworded.text != first.text
    assert replace(plan, sections=(section, *plan.sections[1:])).fingerprint() != plan.fingerprint()


@pytest.mark.parametrize("text, message", [
    ("{", "not valid JSON"),
    ('{"schema_version": 2}', "schema_version 1"),
    ('{"schema_version": 1, "title": "x"}', "missing"),
])
def test_bad_plan_json(text, message):
    with pytest.raises(PlanFormatError, match=message):
        plan_from_json(text)


def test_deadline_years():
    h1 = Deadline("2025-жылдын I жарым жылдыгы", date(2025, 1, 1), date(2025, 6, 30))
    assert h1.meets_year(2025) and not h1.meets_year(2026)
    assert h1.has_ended_by(2025)
    span = Deadline("2025–2027-жылдар", date(2025, 1, 1), date(2027, 12, 31))
    assert span.meets_year(2026) and not span.has_ended_by(2026) and span.has_ended_by(2027)
    yearly = Deadline("2025–2027-жылдар (жыл сайын)", date(2025, 1, 1), date(2027, 12, 31), annual=True)
    assert yearly.has_ended_by(2025) and not yearly.meets_year(2028)
    ongoing = Deadline("Туруктуу", ongoing=True)
    assert ongoing.meets_year(2026) and not ongoing.has_ended_by(2027)
    by_date = Deadline("до 1 июля 2026 года", None, date(2026, 7, 1))
    assert by_date.meets_year(2025) and by_date.meets_year(2026) and not by_date.meets_year(2027)


def test_json_text_keeps_cyrillic():
    text = (SAMPLES / "plan-ky.expected.json").read_text(encoding="utf-8")
    plan = plan_from_json(text)
    from model.plan import plan_to_json
    assert "Өзгөчө" in plan_to_json(plan)
    assert json.loads(plan_to_json(plan))["sections"][11]["title"].startswith("Стратегияны")
