"""Forms made from the first plan version, collected against the second: every row carried over."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from docx import Document
from openpyxl.packaging.custom import CustomPropertyList

from click.testing import CliRunner

from esep.cli import cli
from ingest.forms import collect
from model.carry import carry_progress
from model.errors import EsepError
from model.progress import OUTCOME_LABELS, progress_from_dict, progress_from_json, progress_to_dict
from model.form_layout import FIRST_ROW
from model.forms import form_units, unit_measures
from render.forms import form_workbook
from model.form_layout import COLUMNS, NAME_PREFIX

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
CHANGES = SAMPLES / "plan-ky-v2.changes.json"
YEAR = 2025
COL = {c.key: i for i, c in enumerate(COLUMNS, start=1)}
# the second version's amendments, as samples/plan-ky-v2.changes.json lists them
RENUMBERED = {"6.2.1": "6.3.1", "6.3.1": "6.4.1", "6.4.1": "6.5.1", "6.5.1": "6.6.1"}
REMOVED = "5.2.3"


@pytest.fixture(scope="module")
def inbox(v1, tmp_path_factory) -> Path:
    """Return a folder of every unit's version-1 form, each row answered with its own words."""
    folder = tmp_path_factory.mktemp("inbox")
    for unit in form_units(v1, YEAR):
        wb = form_workbook(v1, unit, YEAR)
        ws = wb.active
        for offset, form_row in enumerate(unit_measures(v1, unit, YEAR)):
            row = FIRST_ROW + offset
            assert ws.cell(row, COL["id"]).value == form_row.measure.id
            ws.cell(row, COL["status"], "аткарылууда")
            ws.cell(row, COL["done"], f"{unit} on {form_row.measure.id} of version 1")
            ws.cell(row, COL["reasons"], "каржылоо кечиктирилди")
        wb.save(folder / f"{unit}.xlsx")
    return folder


def test_version_1_forms_carry_every_row_to_the_right_measure(v1, v2, inbox):
    progress = collect(v2, [inbox], YEAR, previous=[v1])
    entries = [e for m in progress.measures for e in m.entries]
    filled = {(u, r.measure.id) for u in form_units(v1, YEAR) for r in unit_measures(v1, u, YEAR)}
    carried = {(e.unit, e.done.split(" on ")[1].split()[0]): e.measure_id for e in entries}
    expected = {(u, mid): RENUMBERED.get(mid, mid) for u, mid in filled if mid != REMOVED}
    assert len(entries) == len(expected)
    assert carried == expected


def test_rows_carried_to_another_id_or_a_changed_measure_are_noted_and_no_others(v1, v2, inbox):
    progress = collect(v2, [inbox], YEAR, previous=[v1])
    amended = {c["new_id"] for c in json.loads(CHANGES.read_text(encoding="utf-8"))["changes"]
               if c["level"] == "measure" and c["old_id"] and c["new_id"]
               and (c["old_id"] != c["new_id"] or c["fields"])}
    rows = [(u, RENUMBERED.get(r.measure.id, r.measure.id)) for u in form_units(v1, YEAR)
            for r in unit_measures(v1, u, YEAR)]
    noted = sorted((p.file.removesuffix(".xlsx"), p.measure) for p in progress.problems
                   if p.type == "carried")
    assert noted == sorted((u, mid) for u, mid in rows if mid in amended)
    assert len(noted) < len(rows)


def test_each_carried_row_says_what_changed_and_removed_ones_are_reported(v1, v2, inbox):
    progress = collect(v2, [inbox], YEAR, previous=[v1])
    removed = [p for p in progress.problems if p.type == "carry-removed"]
    assert [(p.measure, p.severity) for p in removed] == [
        (REMOVED, "warning")] * len(v1.measure(REMOVED).executors.codes)
    moved = next(p for p in progress.problems if p.type == "carried" and p.measure == "6.3.1")
    assert "measure 6.3.1 (was 6.2.1)" in moved.message and moved.cell.startswith("A")
    deadline = next(p for p in progress.problems if p.type == "carried" and p.measure == "4.1.1")
    assert deadline.message.endswith("its deadline changed")
    assert all(p.severity == "warning" for p in progress.problems if p.type == "carried")


def test_a_measure_new_to_a_unit_is_reported_as_new_not_as_a_deleted_row(v1, v2, inbox):
    progress = collect(v2, [inbox], YEAR, previous=[v1])
    new = {(p.file, p.measure, p.severity) for p in progress.problems if p.type == "new-measure"}
    assert new == {("ЭАКБ.xlsx", "7.1.1", "warning")}  # ЭАКБ is the executor added to 7.1.1
    assert not [p for p in progress.problems if p.type == "row-deleted"]


def test_a_copied_form_of_unknown_version_tells_a_measure_new_to_the_unit_as_new(v1, v2, tmp_path):
    wb = form_workbook(v1, "ЭАКБ", YEAR)
    ws = wb.active
    for offset, _ in enumerate(unit_measures(v1, "ЭАКБ", YEAR)):
        ws.cell(FIRST_ROW + offset, COL["status"], "аткарылууда")
    wb.custom_doc_props = CustomPropertyList()  # what a copy into a new workbook loses
    for name in [n for n in wb.defined_names if n.startswith(NAME_PREFIX)]:
        del wb.defined_names[name]
    wb.save(tmp_path / "ЭАКБ.xlsx")
    progress = collect(v2, [tmp_path], YEAR, previous=[v1])
    assert [(p.type, p.measure, p.severity) for p in progress.problems
            if p.file == "ЭАКБ.xlsx"] == [("identity-lost", "", "warning"),
                                          ("new-measure", "7.1.1", "warning")]
    without = collect(v2, [tmp_path], YEAR)  # no older version given: nothing to be new against
    assert ("row-deleted", "7.1.1") in [(p.type, p.measure) for p in without.problems]


def _answered_form(plan, unit: str, folder: Path, ids: dict[str, str] | None = None) -> Path:
    """Write `unit`'s form of `plan`, every row in progress; `ids` retypes a row's measure id."""
    wb = form_workbook(plan, unit, YEAR)
    ws = wb.active
    for offset, form_row in enumerate(unit_measures(plan, unit, YEAR)):
        row = FIRST_ROW + offset
        ws.cell(row, COL["id"], (ids or {}).get(form_row.measure.id, form_row.measure.id))
        ws.cell(row, COL["status"], "аткарылууда")
        ws.cell(row, COL["done"], f"{unit} on {form_row.measure.id}")
    path = folder / f"{unit}.xlsx"
    wb.save(path)
    return path


def _twinned(plan, task_id: str):
    """Return `plan` with its task's first measure replaced by two measures of the very same
    text at the task's end: the old measure may be either of them."""
    sections = []
    for section in plan.sections:
        tasks = []
        for task in section.tasks:
            if task.id == task_id:
                first, n = task.measures[0], len(task.measures)
                twins = tuple(replace(first, id=f"{task.id}.{n + k}", number=n + k)
                              for k in (1, 2))
                task = replace(task, measures=task.measures[1:] + twins)
            tasks.append(task)
        sections.append(replace(section, tasks=tuple(tasks)))
    return replace(plan, sections=tuple(sections))


def test_a_row_whose_measure_may_be_either_of_two_is_an_error_with_both_and_not_carried(v1, tmp_path):
    twinned = _twinned(v1, "6.1")  # 6.1.1 becomes 6.1.4 and 6.1.5, word for word
    lead = v1.measure("6.1.1").executors.codes[0]
    path = _answered_form(v1, lead, tmp_path)
    progress = collect(twinned, [tmp_path], YEAR, previous=[v1])
    row = FIRST_ROW + [r.measure.id for r in unit_measures(v1, lead, YEAR)].index("6.1.1")
    (problem,) = [p for p in progress.problems if p.type == "carry-uncertain"]
    assert (problem.file, problem.cell, problem.measure, problem.severity) == (
        path.name, f"A{row}", "6.1.1", "error")
    assert "6.1.4" in problem.message and "6.1.5" in problem.message
    for mid in ("6.1.4", "6.1.5"):
        assert not [e for e in progress.of(mid).entries if e.unit == lead]


def test_a_row_whose_id_is_not_in_the_forms_version_is_an_error_and_not_carried(v1, v2, tmp_path):
    unit = "КБ"
    asked = [r.measure.id for r in unit_measures(v1, unit, YEAR)]
    path = _answered_form(v1, unit, tmp_path, ids={asked[0]: "99.9.9"})
    progress = collect(v2, [tmp_path], YEAR, previous=[v1])
    (problem,) = [p for p in progress.problems if p.type == "carry-unknown"]
    assert (problem.file, problem.cell, problem.measure, problem.severity) == (
        path.name, f"A{FIRST_ROW}", "99.9.9", "error")
    carried = {e.done for m in progress.measures for e in m.entries if e.unit == unit}
    assert f"{unit} on {asked[0]}" not in carried and f"{unit} on {asked[1]}" in carried


def test_without_the_older_version_the_forms_are_refused_as_before(v2, inbox):
    progress = collect(v2, [inbox], YEAR)
    assert {p.type for p in progress.problems} >= {"other-plan"}
    assert not any(m.entries for m in progress.measures)


def test_collect_and_report_commands_take_the_older_version(inbox, tmp_path):
    from click.testing import CliRunner

    from esep.cli import cli

    v1_file, v2_file = str(SAMPLES / "plan-ky.docx"), str(SAMPLES / "plan-ky-v2.pdf")
    out = tmp_path / "progress.json"
    result = CliRunner().invoke(cli, ["collect", v2_file, str(inbox), "--year", str(YEAR),
                                      "--previous-plan", v1_file, "-o", str(out)])
    assert result.exit_code == 0, result.output
    measures = {m["id"]: m for m in json.loads(out.read_text(encoding="utf-8"))["measures"]}
    assert any(e["unit"] == "ККББ" for e in measures["6.3.1"]["entries"])   # was 6.2.1 in version 1
    refused = CliRunner().invoke(cli, ["collect", v2_file, str(inbox), "--year", str(YEAR), "--strict"])
    assert refused.exit_code == 3
    report = tmp_path / "report.docx"
    result = CliRunner().invoke(cli, ["report", v2_file, str(inbox), "--year", str(YEAR),
                                      "--previous-plan", v1_file, "-o", str(report)])
    assert result.exit_code == 0, result.output
    main = max(Document(report).tables, key=lambda t: len(t.rows))
    rows = {r.cells[0].text: r for r in main.rows}
    # the main table: 6.3.1 (version 1's 6.2.1) tells КБ's and ККББ's carried answers
    information = rows["6.3.1"].cells[4].text
    assert information.startswith("КБ: КБ on 6.2.1 of version 1")
    assert "ККББ: ККББ on 6.2.1 of version 1" in information
    assert rows["6.3.1"].cells[5].text == OUTCOME_LABELS["ky"]["overdue"]
    assert REMOVED not in rows and "12.2.1" in rows


# --- a year's progress carried to the amended plan ---------------------------------------

def _progress_2025():
    return progress_from_json((SAMPLES / "submissions" / "2025.expected.json")
                              .read_text(encoding="utf-8"))


def test_a_years_progress_moves_to_the_amended_plans_ids(v1, v2):
    before = _progress_2025()
    after, notes = carry_progress(before, v1, v2)
    assert after.plan_fingerprint == v2.fingerprint()
    assert after.of("6.3.1").entries == tuple(
        replace(e, measure_id="6.3.1") for e in before.of("6.2.1").entries)  # moved by 6.2
    assert after.of("6.2.1") is None                                        # new in v2
    assert after.of("1.1.1") == before.of("1.1.1")
    assert [(n.type, n.measure, n.severity) for n in notes] == [
        ("carry-dropped", "5.2.3", "warning")]
    assert "removed" in notes[0].message and "2025" in notes[0].message
    ids = [m.measure_id for m in after.measures]
    order = [m.id for m in v2.measures() if m.id in ids]
    assert ids == order


def test_progress_of_the_current_plan_is_kept_and_of_an_unknown_one_refused(v1, v2):
    before = _progress_2025()
    assert carry_progress(before, v2, v1) == (before, ())
    with pytest.raises(EsepError, match="another version"):
        carry_progress(before, v2, replace(v2, title="another"))


def test_without_the_older_version_its_forms_count_as_returned_another_version(v2):
    progress = collect(v2, [SAMPLES / "submissions" / "2025"], 2025)
    other = [u for u in progress.units if u.other_version]
    assert len(other) == 10 and not any(u.returned for u in other)
    assert next(u for u in other if u.unit == "КБ").file == "2025-КБ.xlsx"
    assert [u.unit for u in progress.units if not u.returned and not u.other_version] == [
        "ДКЖАКБ"]
    refused = next(p for p in progress.problems if p.type == "other-plan")
    assert "give that version with --previous-plan" in refused.message
    assert progress_from_dict(progress_to_dict(progress)) == progress


def test_the_summary_tells_another_version_apart_from_not_returned():
    result = CliRunner().invoke(cli, ["collect", str(SAMPLES / "plan-ky-v2.docx"),
                                      str(SAMPLES / "submissions" / "2025"), "--year", "2025"])
    lines = result.output.splitlines()
    assert lines[0].startswith("2025: 1 of 12 units returned their form; 10 returned a form of "
                               "another plan version; ")
    assert lines[2].startswith("Returned, another version: УКЖКААБ, КБ, ЖКБ, ӨӨЖААБ, ")
    assert lines[3].startswith("Not returned: ДКЖАКБ (")
