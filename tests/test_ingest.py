"""The plan read from every format gives exactly the expected records."""

import functools
import json
import itertools

import pytest

from ingest import read_plan
from ingest.office import find_soffice
from model.diff import diff_plans
from model.plan import plan_to_dict, plan_from_json

from .conftest import DATA, SAMPLES, records


KY_FILES = [SAMPLES / f"plan-ky.{ext}" for ext in ("txt", "docx", "pdf")] + \
    [DATA / f"plan-ky.{ext}" for ext in ("doc", "odt", "rtf", "html")]
RU_FILES = [DATA / f"plan-ru.{ext}" for ext in ("txt", "docx", "pdf", "doc", "odt", "rtf", "html")]
needs_soffice = pytest.mark.skipif(find_soffice() is None, reason="LibreOffice is not installed")


@functools.cache
def read_once(path):
    """Return the plan in `path`, read once per test run (a .doc takes LibreOffice seconds)."""
    return read_plan(path)


def _marks(path):
    return [needs_soffice] if path.suffix in (".doc", ".odt", ".rtf") else []


@pytest.mark.parametrize("path", [pytest.param(p, id=p.name, marks=_marks(p)) for p in KY_FILES])
def test_sample_plan_gives_expected_records(path, expected_ky):
    name = path.name
    plan = read_once(path)
    assert records(plan_to_dict(plan)) == records(expected_ky)
    assert plan.language == "ky"
    assert plan.source.format == name.rsplit(".", 1)[1]
    assert len(plan.sections) == 12
    assert len(list(plan.tasks())) == 21
    assert len(list(plan.measures())) == 27


@pytest.mark.parametrize("path", [pytest.param(p, id=p.name, marks=_marks(p)) for p in RU_FILES])
def test_russian_plan_gives_expected_records(path, expected_ru):
    plan = read_once(path)
    assert plan.source.format == path.suffix[1:]
    assert records(plan_to_dict(plan)) == records(expected_ru)
    assert plan.language == "ru"


@pytest.mark.parametrize("name", ["plan-ky-v2.docx", "plan-ky-v2.pdf"])
def test_second_version_gives_its_records(name):
    expected = plan_from_json((SAMPLES / "plan-ky-v2.expected.json").read_text(encoding="utf-8"))
    assert records(plan_to_dict(read_plan(SAMPLES / name))) == records(plan_to_dict(expected))


@needs_soffice
@pytest.mark.parametrize("files", [KY_FILES, RU_FILES], ids=["ky", "ru"])
def test_every_pair_of_forms_diffs_as_the_same_plan(files):
    plans = {p.suffix: read_once(p) for p in files}
    assert len(plans) == 7
    for a, b in itertools.permutations(plans, 2):  # both ways
        assert diff_plans(plans[a], plans[b]) == (), f"{a} against {b}"


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


@pytest.mark.parametrize("name", ["house-ru.docx", "house-ru.pdf", "house-ky.docx", "house-ky.pdf"])
def test_other_houses_plans_give_their_records(name):
    """A stamp above the title, other header words, further columns, "Раздел 1." / "II." /
    "1-бөлүм." / "Бөлүм II." sections, two measures in one paragraph, a glossary of plain lines."""
    expected = json.loads((DATA / f"{name.split('.')[0]}.expected.json").read_text(encoding="utf-8"))
    got = plan_to_dict(read_plan(DATA / name))
    assert records(got) == records(expected)
    assert got["approved_by"].startswith(("Приложение к приказу", "Тиркеме Кыргыз"))
    first = got["sections"][0]["tasks"][0]["measures"]
    assert len(first) == 2  # typed in one paragraph, split by a manual line break
    assert "extra" in first[0] and "Примечание" not in first[0]["extra"]  # empty: left out
