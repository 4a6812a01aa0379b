"""The stage summary: model/stage.py's rules, render/stage.py's document and page, `report --stage`."""

from __future__ import annotations

import io
import json

import pytest
from click.testing import CliRunner
from docx import Document
from hypothesis import given
from hypothesis import strategies as st

from esep.cli import cli
from model.errors import EsepError
from model.progress import (CO_EXECUTOR, DONE, IN_PROGRESS, LEAD, NOT_DONE, Entry,
                            MeasureProgress, Progress, UnitReturn, progress_to_json)
from model.stage import parse_stage, stage_summary
from render.stage import render_stage, render_stage_html, stage_data

from .conftest import SAMPLES

O_DONE, O_PROGRESS, O_OVERDUE, O_NO_INFO = "done", "in_progress", "overdue", "no_info"


def year(plan, y, outcomes, units=(("КБ", True), ("ДКЖАКБ", False)), entries=None):
    """Return a Progress of `y` with the given {measure id: outcome} and unit returns."""
    entries = entries or {}
    return Progress(y, plan.fingerprint(), plan.title, tuple(
        MeasureProgress(mid, True, o, None, tuple(entries.get(mid, ()))) for mid, o in outcomes.items()),
        units=tuple(UnitReturn(u, r) for u, r in units))


# --- parse_stage ---------------------------------------------------------------------------

@pytest.mark.parametrize("text, years", [("2025-2027", [2025, 2026, 2027]),
                                          ("2025–2027", [2025, 2026, 2027]),
                                          (" 2026 ", [2026]), ("2025 - 2026", [2025, 2026])])
def test_a_stage_is_read_as_its_years(text, years):
    assert list(parse_stage(text)) == years


@pytest.mark.parametrize("text", ["2027-2025", "2025-2026-2027", "двадцать", "", "25-27", "2025-"])
def test_a_stage_that_is_no_span_of_years_is_refused_with_an_example(text):
    with pytest.raises(EsepError, match="2025-2027"):
        parse_stage(text)


@given(st.text(max_size=20))
def test_any_text_reads_as_a_span_or_is_refused_in_one_sentence(text):
    try:
        span = parse_stage(text)
    except EsepError as exc:
        assert "\n" not in str(exc)
    else:
        assert span.start <= span.stop - 1


@given(st.integers(1950, 2150), st.integers(0, 20), st.sampled_from(["-", "–", "—", " - "]))
def test_every_written_span_gives_its_years(first, length, dash):
    assert parse_stage(f"{first}{dash}{first + length}") == range(first, first + length + 1)


# --- stage_summary -------------------------------------------------------------------------

def test_the_year_done_is_the_start_of_the_last_run_of_done(v1):
    summary = stage_summary(v1, [
        year(v1, 2025, {"2.2.1": O_DONE, "3.1.2": O_PROGRESS, "3.2.1": O_DONE}),
        year(v1, 2026, {"2.2.1": O_PROGRESS, "3.1.2": O_DONE, "3.2.1": O_DONE}),
        year(v1, 2027, {"2.2.1": O_DONE, "3.1.2": O_DONE, "3.2.1": O_NO_INFO}),
    ])
    done_in = {m.measure_id: (m.done_in, m.final) for m in summary.measures}
    assert done_in == {"2.2.1": (2027, O_DONE), "3.1.2": (2026, O_DONE), "3.2.1": (None, O_NO_INFO)}
    assert [m.measure_id for m in summary.not_done()] == ["3.2.1"]


def test_a_measure_not_asked_in_a_year_keeps_its_last_outcome(v1):
    summary = stage_summary(v1, [year(v1, 2025, {"1.1.1": O_OVERDUE, "2.2.1": O_PROGRESS}),
                                 year(v1, 2026, {"2.2.1": O_DONE})])
    first = summary.of("1.1.1")
    assert first.outcomes == ((2025, O_OVERDUE), (2026, None))
    assert first.final == O_OVERDUE and first.outcome_in(2026) is None
    assert summary.final_counts()[O_OVERDUE] == 1 and summary.final_counts()[O_DONE] == 1
    assert summary.year_counts[1] == (2026, {**{o: 0 for o in summary.final_counts()}, O_DONE: 1})


def test_units_that_never_returned_a_form_and_returns_by_year(v1):
    summary = stage_summary(v1, [
        year(v1, 2025, {"2.2.1": O_DONE}, units=(("КБ", True), ("ЖКБ", False), ("ДКЖАКБ", False))),
        year(v1, 2026, {"2.2.1": O_DONE}, units=(("КБ", False), ("ЖКБ", True), ("ДКЖАКБ", False))),
    ])
    assert summary.never_returned == ("ДКЖАКБ",)
    assert summary.returned == ((2025, 1, 3), (2026, 1, 3))


def test_reasons_are_gathered_over_the_years_latest_first(v1):
    e25 = Entry("6.2.1", "КБ", LEAD, NOT_DONE, reasons="каржы жок")
    e26 = Entry("6.2.1", "КБ", LEAD, IN_PROGRESS, done="башталды", reasons="техникалык шарттар")
    co = Entry("6.2.1", "ККББ", CO_EXECUTOR, IN_PROGRESS, reasons="")
    summary = stage_summary(v1, [year(v1, 2025, {"6.2.1": O_OVERDUE}, entries={"6.2.1": [e25]}),
                                 year(v1, 2026, {"6.2.1": O_OVERDUE},
                                      entries={"6.2.1": [e26, co]})])
    m = summary.of("6.2.1")
    assert [(r.year, r.entry.reasons) for r in m.reasons()] == [(2026, "техникалык шарттар"),
                                                                (2025, "каржы жок")]
    assert [(e.year, e.entry.unit) for e in m.entries] == [(2025, "КБ"), (2026, "КБ"),
                                                           (2026, "ККББ")]


def test_years_twice_missing_or_of_another_plan_are_refused(v1, v2):
    one, three = year(v1, 2025, {"2.2.1": O_DONE}), year(v1, 2027, {"2.2.1": O_DONE})
    with pytest.raises(EsepError, match="two progress files for 2025"):
        stage_summary(v1, [one, one])
    with pytest.raises(EsepError, match="no progress for 2026"):
        stage_summary(v1, [one, three])
    with pytest.raises(EsepError, match="another version"):
        stage_summary(v2, [one])
    with pytest.raises(EsepError, match="no year"):
        stage_summary(v1, [])


# --- the document and the page ----------------------------------------------------------

@pytest.fixture(scope="module")
def two_years(v1):
    kb = Entry("2.2.1", "КБ", LEAD, DONE, done="42 бөлүм. Тел. 0312 54-20-11",
               reasons="")
    late = Entry("6.2.1", "КБ", LEAD, NOT_DONE, reasons="байланыш: +996 555 12 34 56")
    return stage_summary(v1, [
        year(v1, 2025, {"2.2.1": O_PROGRESS, "6.2.1": O_OVERDUE}, entries={"6.2.1": [late]}),
        year(v1, 2026, {"2.2.1": O_DONE}, entries={"2.2.1": [kb]})])


def test_the_stage_document_lists_each_measure_with_its_years(v1, two_years):
    doc = Document(io.BytesIO(render_stage(stage_data(v1, two_years))))
    main = next(t for t in doc.tables if t.rows[0].cells[3].text == "Жылдар боюнча абалы")
    rows = [[c.text for c in r.cells] for r in main.rows[1:] if r.cells[0].text[:1].isdigit()
            and r.cells[0].text != r.cells[1].text]
    assert [r[0] for r in rows] == ["2.2.1", "6.2.1"]
    assert rows[0][3:] == ["2025: аткарылууда\n2026: аткарылды", "2026",
                           "2026, КБ: 42 бөлүм. Тел. 0312 54-20-11"]
    assert rows[1][3:5] == ["2025: мөөнөтү өтүп кеткен\n2026: —", "—"]
    assert doc.core_properties.language == "ky-KG"
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "2025–2026-жылдардагы этабынын жыйынтыгы" in text
    assert "{{" not in text and "{%" not in text


def test_the_public_page_has_no_phone_numbers_and_every_table(v1, two_years):
    html = render_stage_html(stage_data(v1, two_years, public=True))
    assert "54-20-11" not in html and "555 12 34 56" not in html and "[…]" in html
    assert html.count('<tr id="m') == 2 and "data:image/png;base64," in html
    assert "ДКЖАКБ" in html  # never reported
    private = render_stage_html(stage_data(v1, two_years))
    assert "0312 54-20-11" in private


def test_the_stage_in_russian_uses_russian_words(v1, two_years):
    from render.report import ReportSettings
    data = stage_data(v1, two_years, ReportSettings(lang="ru"))
    assert data.labels["col_years"] == "Статус по годам"
    assert data.rows[1].years == ((2025, "в процессе исполнения"), (2026, "выполнено"))


# --- esep report --stage ------------------------------------------------------------------

@pytest.fixture()
def files(tmp_path, v1):
    paths = {}
    for y, outcome in ((2025, O_PROGRESS), (2026, O_DONE)):
        path = tmp_path / f"progress-{y}.json"
        path.write_text(progress_to_json(year(v1, y, {"2.2.1": outcome})), encoding="utf-8")
        paths[y] = path
    return paths


def _stage(*args):
    return CliRunner().invoke(cli, ["report", str(SAMPLES / "plan-ky.docx"), *map(str, args)])


def test_report_stage_writes_the_summary_and_says_what_it_holds(files, tmp_path):
    out = tmp_path / "stage.docx"
    result = _stage("--stage", "2025-2026", "--progress", files[2025], "--progress", files[2026],
                    "-o", out)
    assert result.exit_code == 0, result.output
    assert result.output == (f"wrote {out}  (stage 2025-2026: 1 measures, 1 done by its end, "
                             "0 not; 1 unit never reported)\n")
    assert Document(out).tables


@pytest.mark.parametrize("args, message", [
    (["--stage", "2025-2027", "--progress", "P25", "--progress", "P26"],
     "Error: no progress for 2027: give --progress once for every year of the stage 2025-2027"),
    (["--stage", "2025-2026", "--progress", "P25", "--progress", "P25"],
     "Error: P25: a second progress for 2025 (the first is P25): give one per year"),
    (["--stage", "2026-2027", "--progress", "P25"],
     "Error: P25: the progress is for 2025, outside the stage 2026-2027"),
    (["--stage", "2025-20", "--progress", "P25"],
     "Error: the stage '2025-20' is not a span of years: write it like 2025-2027"),
])
def test_report_stage_refuses_wrong_years_in_one_line(files, tmp_path, args, message):
    def named(text):
        return text.replace("P25", str(files[2025])).replace("P26", str(files[2026]))
    result = _stage(*map(named, args), "-o", tmp_path / "stage.docx")
    assert result.exit_code == 1
    assert result.output == named(message) + "\n"
    assert not (tmp_path / "stage.docx").exists()


def test_report_stage_wants_the_older_plan_for_progress_of_another_version(tmp_path):
    expected = SAMPLES / "submissions" / "2025.expected.json"
    v2 = SAMPLES / "plan-ky-v2.docx"
    args = ["report", str(v2), "--stage", "2025", "--progress", str(expected),
            "-o", str(tmp_path / "s.docx")]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert result.output == (f"Error: {expected}: collected against another version of the plan: "
                             "give that version with --previous-plan\n")
    result = CliRunner().invoke(cli, args + ["--previous-plan", str(SAMPLES / "plan-ky.docx")])
    assert result.exit_code == 0
    assert "warning: " in result.output and "5.2.3" in result.output


def test_report_stage_takes_no_year_nor_inbox_and_never_writes_over_a_progress(files, tmp_path):
    result = _stage("--stage", "2025", "--year", "2025", "--progress", files[2025],
                    "-o", tmp_path / "s.docx")
    assert result.exit_code == 2 and "--stage takes the years' --progress files" in result.output
    result = _stage("--year", "2025", "--progress", files[2025], "--progress", files[2026],
                    "-o", tmp_path / "s.docx")
    assert result.exit_code == 2 and "several: with --stage" in result.output
    target = tmp_path / "stage.docx"
    target.write_bytes(b"x")
    result = _stage("--stage", "2025", "--progress", target, "-o", target)
    assert result.exit_code == 1 and "also an input" in result.output
    assert target.read_bytes() == b"x"
    data = json.loads(files[2025].read_text(encoding="utf-8"))
    assert data["year"] == 2025  # inputs unchanged


# --- with a workspace --------------------------------------------------------------------

def test_with_a_workspace_forms_and_the_stage_take_the_years_from_it(tmp_path):
    ws, v1, v2 = tmp_path / "ws", str(SAMPLES / "plan-ky.docx"), str(SAMPLES / "plan-ky-v2.docx")
    run = CliRunner().invoke
    done = run(cli, ["collect", v1, str(SAMPLES / "submissions" / "2025"), "--year", "2025",
                     "--workspace", str(ws)])
    assert done.exit_code == 0, done.output
    made = run(cli, ["forms", v2, "--year", "2026", "-o", str(tmp_path / "f"),
                     "--workspace", str(ws)])
    assert made.exit_code == 0, made.output
    assert f"each form shows the unit's answers of 2025 from the workspace {ws}" in made.output
    assert "5.2.3" in made.output  # removed by the amendment: named, not silently dropped
    from openpyxl import load_workbook
    sheet = load_workbook(tmp_path / "f" / "2026-ММК.xlsx").worksheets[0]
    assert sheet.cell(9, 7).value == "2025: статус / аткарылды"
    out = tmp_path / "stage.docx"
    stage = run(cli, ["report", v2, "--stage", "2025", "--workspace", str(ws), "-o", str(out)])
    assert stage.exit_code == 0, stage.output
    assert "stage 2025-2025: 24 measures" in stage.output
    assert "the stage summary is kept as reports/stage-2025-2025/stage.docx" in stage.output
    status = run(cli, ["status", "--workspace", str(ws)]).output.splitlines()
    assert "  report not issued yet" in status  # the stage's summary is no year's report
    assert status[-1].startswith("Stage 2025-2025: summary issued on ")
    assert status[-1].endswith(": reports/stage-2025-2025/stage.docx")
    longer = run(cli, ["report", v2, "--stage", "2025-2026", "--workspace", str(ws),
                       "-o", str(tmp_path / "s2.docx")])
    assert longer.exit_code == 1
    assert longer.output.startswith("Error: nothing is collected for 2026 in the workspace")


def test_report_stage_public_writes_pdf_and_page_without_phones(tmp_path, v1):
    entry = Entry("2.2.1", "КБ", LEAD, DONE, done="Байланыш: 0312 54-20-11, 42 бөлүм")
    path = tmp_path / "progress-2025.json"
    path.write_text(progress_to_json(year(v1, 2025, {"2.2.1": O_DONE},
                                          entries={"2.2.1": [entry]})), encoding="utf-8")
    out = tmp_path / "site" / "stage.docx"
    result = _stage("--stage", "2025", "--progress", path, "-o", out, "--public")
    assert result.exit_code == 0, result.output
    pdf, html = out.with_suffix(".pdf"), out.with_suffix(".html")
    assert pdf.read_bytes().startswith(b"%PDF")
    page = html.read_text(encoding="utf-8")
    assert "54-20-11" not in page and "42 бөлүм" in page
    assert "0312 54-20-11" in "\n".join(c.text for t in Document(out).tables
                                        for r in t.rows for c in r.cells)  # the signed one keeps it


def test_a_template_of_another_kind_is_named_with_what_it_lacks(files, tmp_path):
    report_template = SAMPLES.parent / "render" / "templates" / "report.docx"
    result = _stage("--stage", "2025", "--progress", files[2025], "--template", report_template,
                    "-o", tmp_path / "s.docx")
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {report_template}: the template uses "
                                    "{{ missing_units }}")
    assert not (tmp_path / "s.docx").exists()
