"""The plan read from every format gives exactly the expected records."""

import pytest

from ingest import read_plan
from model.plan import plan_to_dict, plan_from_json

from .conftest import DATA, SAMPLES, records


@pytest.mark.parametrize("name", ["plan-ky.txt", "plan-ky.docx", "plan-ky.pdf"])
def test_sample_plan_gives_expected_records(name, expected_ky):
    plan = read_plan(SAMPLES / name)
    assert records(plan_to_dict(plan)) == records(expected_ky)
    assert plan.language == "ky"
    assert plan.source.format == name.rsplit(".", 1)[1]
    assert len(plan.sections) == 12
    assert len(list(plan.tasks())) == 21
    assert len(list(plan.measures())) == 27


@pytest.mark.parametrize("name", ["plan-ru.txt", "plan-ru.docx", "plan-ru.pdf"])
def test_russian_plan_gives_expected_records(name, expected_ru):
    plan = read_plan(DATA / name)
    assert records(plan_to_dict(plan)) == records(expected_ru)
    assert plan.language == "ru"


@pytest.mark.parametrize("name", ["plan-ky-v2.docx", "plan-ky-v2.pdf"])
def test_second_version_gives_its_records(name):
    expected = plan_from_json((SAMPLES / "plan-ky-v2.expected.json").read_text(encoding="utf-8"))
    assert records(plan_to_dict(read_plan(SAMPLES / name))) == records(plan_to_dict(expected))


def test_same_plan_from_any_format_has_one_fingerprint():
    prints = {read_plan(SAMPLES / n).fingerprint() for n in ("plan-ky.txt", "plan-ky.docx", "plan-ky.pdf")}
    assert len(prints) == 1


def test_plan_json_reads_back_as_the_same_plan(tmp_path):
    plan = read_plan(SAMPLES / "plan-ky.docx")
    path = tmp_path / "plan.json"
    from model.plan import plan_to_json
    path.write_text(plan_to_json(plan), encoding="utf-8")
    assert read_plan(path) == plan


def test_reading_never_changes_the_input(tmp_path):
    for name in ("plan-ky.txt", "plan-ky.docx", "plan-ky.pdf"):
        before = (SAMPLES / name).read_bytes()
        read_plan(SAMPLES / name)
        assert (SAMPLES / name).read_bytes() == before
