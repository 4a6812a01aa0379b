"""The plan's first stage run on the samples (samples/three_years.py), checked cell by cell.

Three years of forms are made, filled by the script and collected, the plan is amended in 2026,
one unit resubmits, one never reports; the stage summary is then read back from the .docx and
every cell of its tables is compared with what the script typed. The expected values are worked
out here from the typed answers and the plan texts alone (measures are found by their text,
which the amendment kept), not from the summary's own code.
"""

from __future__ import annotations

import json
import sys

import pytest
from docx import Document
from openpyxl import load_workbook

from model.form_layout import FIRST_ROW, HEADER_ROW, PREVIOUS_KEY, column_key
from model.plan import plan_from_json
from model.progress import DONE, OUTCOMES, outcome
from render.labels import OUTCOME_LABELS, STAGE_LABELS

from .conftest import SAMPLES

sys.path.insert(0, str(SAMPLES))
import three_years  # noqa: E402

YEARS = three_years.YEARS
NAMES = OUTCOME_LABELS["ky"]
L = STAGE_LABELS["ky"]


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    out = tmp_path_factory.mktemp("stage")
    typed = three_years.run(out)
    return out, typed


@pytest.fixture(scope="module")
def plans():
    v1 = plan_from_json((SAMPLES / "plan-ky.expected.json").read_text(encoding="utf-8"))
    v2 = plan_from_json((SAMPLES / "plan-ky-v2.expected.json").read_text(encoding="utf-8"))
    return {2025: v1, 2026: v2, 2027: v2}


def _by_text(plan, text):
    return next((m for m in plan.measures() if m.text == text), None)


def expected_outcomes(plans, typed):
    """Return {(final measure id, year): outcome or None} from what was typed."""
    final = plans[YEARS[-1]]
    lead_status = {(t.year, t.measure_text): t.status for t in typed
                   if t.unit == _by_text(plans[t.year], t.measure_text).executors.codes[0]}
    result = {}
    for m in final.measures():
        for year in YEARS:
            then = _by_text(plans[year], m.text)
            if then is None or not then.deadline.meets_year(year):
                result[m.id, year] = None
                continue
            result[m.id, year] = outcome(lead_status.get((year, m.text)),
                                         then.deadline.has_ended_by(year))
    return result


def _table(doc, header, column=0):
    return next(t for t in doc.tables if len(t.rows[0].cells) > column
                and t.rows[0].cells[column].text.strip() == header)


def _main_rows(doc):
    table = next(t for t in doc.tables if t.rows[0].cells[3].text == L["col_years"])
    rows = {}
    for tr in table.rows[1:]:
        cells = [c.text for c in tr.cells]
        if len(set(cells)) == 1:  # a section row spans the table
            continue
        rows[cells[0]] = cells
    return rows


def test_every_measure_row_tallies_with_what_was_typed(run, plans):
    out, typed = run
    expected = expected_outcomes(plans, typed)
    final = plans[YEARS[-1]]
    rows = _main_rows(Document(out / "stage.docx"))
    asked = {mid for (mid, _), o in expected.items() if o is not None}
    assert set(rows) == asked
    for mid, cells in rows.items():
        m = final.measure(mid)
        outcomes = [expected[mid, y] for y in YEARS]
        assert cells[3].split("\n") == [f"{y}: {NAMES[o] if o else '—'}"
                                        for y, o in zip(YEARS, outcomes)], mid
        known = [(y, o) for y, o in zip(YEARS, outcomes) if o]
        done_in = None
        for y, o in reversed(known):
            if o != DONE:
                break
            done_in = y
        assert cells[4] == (str(done_in) if done_in else "—"), mid
        lines = []
        for year in YEARS:
            then = _by_text(plans[year], m.text)
            order = then.executors.codes if then else ()
            mine = sorted((t for t in typed if t.year == year and t.measure_text == m.text),
                          key=lambda t: order.index(t.unit))
            for t in mine:
                text = "\n".join(p for p in (t.done, t.reasons and f"Себептери: {t.reasons}") if p)
                lines.append(f"{year}, {t.unit}: {text}")
        assert cells[5] == "\n".join(lines), mid


def test_summary_by_year_and_annexes_tally(run, plans):
    out, typed = run
    expected = expected_outcomes(plans, typed)
    doc = Document(out / "stage.docx")
    summary = _table(doc, L["col_year"])
    body = [[c.text for c in r.cells] for r in summary.rows[1:]]
    returned = {2025: "11 / 12", 2026: "9 / 11", 2027: "10 / 11"}  # ДКЖАКБ never; ЭАКБ in 2026
    for year, row in zip(YEARS, body):
        counts = [sum(1 for (_, y), o in expected.items() if y == year and o == k)
                  for k in OUTCOMES]
        assert row == [str(year), str(sum(counts)), *map(str, counts), returned[year]]
    finals = {}
    for (mid, year), o in sorted(expected.items(), key=lambda kv: kv[0][1]):
        if o:
            finals[mid] = o
    end = [sum(1 for o in finals.values() if o == k) for k in OUTCOMES]
    assert body[-1] == [L["stage_end"], str(len(finals)), *map(str, end), ""]
    assert len(body) == len(YEARS) + 1

    not_done = _table(doc, L["col_final"], column=4)
    ids = [r.cells[0].text for r in not_done.rows[1:]]
    final = plans[YEARS[-1]]
    assert ids == [m.id for m in final.measures() if m.id in finals and finals[m.id] != DONE]
    for r in not_done.rows[1:]:
        mid = r.cells[0].text
        assert r.cells[4].text == NAMES[finals[mid]]
        text = final.measure(mid).text
        mine = [t for t in typed if t.measure_text == text and t.reasons]
        # the latest year first; within a year the lead, then co-executors in the plan's order
        mine.sort(key=lambda t: (-t.year, _by_text(plans[t.year], text).executors.codes
                                 .index(t.unit)))
        reasons = [f"{t.year}, {t.unit}: {t.reasons}" for t in mine]
        assert r.cells[5].text == ("\n".join(reasons) or "—"), mid
    never = _table(doc, "Кыскартуу")
    assert [[c.text for c in r.cells] for r in never.rows[1:]] == [
        ["ДКЖАКБ", final.unit_name("ДКЖАКБ")]]


def test_the_resubmission_counts_and_the_first_try_does_not(run):
    out, _ = run
    progress = json.loads((out / "progress-2027.json").read_text(encoding="utf-8"))
    unit = next(u for u in progress["units"] if u["unit"] == "УКЖКААБ")
    assert unit["file"] == "2027-УКЖКААБ.xlsx"
    assert unit["superseded"] == ["2027-УКЖКААБ (биринчи вариант).xlsx"]


def test_next_years_form_shows_last_years_answer(run, plans):
    out, typed = run
    expected = expected_outcomes(plans, typed)
    for year in YEARS[1:]:
        ws = load_workbook(out / "forms" / str(year) / f"{year}-ККББ.xlsx").worksheets[0]
        columns = {column_key(c.value): c.column for c in ws[HEADER_ROW] if c.value}
        header = ws.cell(HEADER_ROW, columns[PREVIOUS_KEY])
        assert header.value == f"{year - 1}: статус / аткарылды"
        assert columns[PREVIOUS_KEY] == columns["status"] - 1  # beside the answer
        shown = 0
        for r in range(FIRST_ROW, ws.max_row + 1):
            mid = ws.cell(r, columns["id"]).value
            cell = ws.cell(r, columns[PREVIOUS_KEY])
            assert cell.protection.locked
            text = plans[year].measure(mid).text
            before = next((t for t in typed if t.year == year - 1 and t.unit == "ККББ"
                           and t.measure_text == text), None)
            lines = cell.value.split("\n")
            if before is None:
                assert lines == [f"{year - 1}-жылы суралган эмес"], mid
                continue
            overdue = expected[mid, year - 1] == "overdue"
            assert (lines[0] == "МӨӨНӨТҮ ӨТҮП КЕТКЕН") == overdue, mid
            assert cell.font.bold == overdue
            assert lines[int(overdue)] == three_years.STATUS_LABELS["ky"][before.status]
            assert lines[int(overdue) + 1:] == [p for p in (before.done, before.reasons) if p]
            shown += 1
        assert shown >= 3


def test_forms_with_last_years_column_are_read_without_column_problems(run):
    out, _ = run
    for year in YEARS[1:]:
        progress = json.loads((out / f"progress-{year}.json").read_text(encoding="utf-8"))
        kinds = {p["type"] for p in progress["problems"]}
        assert not kinds & {"column-unknown", "column-moved", "column-missing"}
        assert {p["type"] for p in progress["problems"] if p["severity"] == "error"} == set()
