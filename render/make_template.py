"""Build ``render/templates/report.docx``, the report's Word template, from code.

The .docx is what ships and what a clerk edits in Word; this script rebuilds the original:
``python render/make_template.py`` (it overwrites the template).

The main table has a header row, then two pattern rows the report fills in code: a section row (one
cell spanning the table, holding ``[section]``) and a measure row (one column key per cell:
``[number] [measure] [deadline] [executors] [information] [status]``).
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.shared import Mm, Pt

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from render import _oxml  # noqa: E402

TEMPLATE = Path(__file__).with_name("templates") / "report.docx"
STAGE_TEMPLATE = TEMPLATE.with_name("stage.docx")
FONT = "Times New Roman"
A4 = (Mm(210), Mm(297))
MARGINS = {"left_margin": Mm(30), "right_margin": Mm(15), "top_margin": Mm(20),
           "bottom_margin": Mm(20)}
TABLE_STYLE = "Esep Table Text"
# Main table columns: key, label tag, width in mm (landscape text width is 297 - 30 - 15 = 252 mm).
MAIN_COLUMNS = (("number", "col_number", 15), ("measure", "col_measure", 64),
                ("deadline", "col_deadline", 27), ("executors", "col_executors", 38),
                ("information", "col_information", 78), ("status", "col_status", 30))
# The stage table: the status of each year in one cell, a line per year.
STAGE_COLUMNS = (("number", "col_number", 15), ("measure", "col_measure", 62),
                 ("executors", "col_executors", 30), ("years", "col_years", 38),
                 ("done_in", "col_done_in", 22), ("information", "col_stage_information", 85))


def _page(section, landscape: bool) -> None:
    width, height = A4
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    for name, value in MARGINS.items():
        setattr(section, name, value)
    section.header_distance = Mm(10)


def _page_number(section, *, first_page: bool) -> None:
    """Give `section` its own header with the page number centred (LibreOffice drops inherited ones
    on a section's first page); `first_page` False leaves the section's first page without it."""
    section.header.is_linked_to_previous = False
    section.different_first_page_header_footer = not first_page  # add_section copies w:titlePg
    p = section.header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _oxml.add_field(p, "PAGE")


def _styles(doc) -> None:
    styles = doc.styles
    _oxml.set_default_fonts(styles.element, FONT, 28)
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    _oxml.set_fonts(normal.element.get_or_add_rPr(), FONT)
    fmt = normal.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0
    table_text = styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    table_text.base_style = normal
    table_text.font.size = Pt(12)
    table_text.paragraph_format.space_after = Pt(0)
    for name in ("Table Grid",):
        style = styles[name]
        _oxml.set_fonts(style.element.get_or_add_rPr(), FONT)


def _para(container, text: str = "", *, bold=False, italic=False, align=None, style=None,
          indent_first=None, left_indent=None, size=None, space_after=None):
    p = container.add_paragraph(style=style)
    if text:
        run = p.add_run(text)
        run.bold, run.italic = bold or None, italic or None
        if size:
            run.font.size = Pt(size)
    if align is not None:
        p.alignment = align
    fmt = p.paragraph_format
    if indent_first is not None:
        fmt.first_line_indent = indent_first
    if left_indent is not None:
        fmt.left_indent = left_indent
    if space_after is not None:
        fmt.space_after = Pt(space_after)
    return p


def _table(doc, header: list[str], rows: list[list[str]], widths_mm: list[int], *, repeat=True):
    table = doc.add_table(rows=1 + len(rows), cols=len(header))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for r, values in enumerate([header] + rows):
        for c, value in enumerate(values):
            cell = table.cell(r, c)
            cell.width = Mm(widths_mm[c])
            p = cell.paragraphs[0]
            p.style = doc.styles[TABLE_STYLE]
            if r == 0:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = p.add_run(value)
            if r == 0:
                run.bold = True
    for c, width in enumerate(widths_mm):
        table.columns[c].width = Mm(width)
    if repeat:
        _oxml.mark_header_row(table.rows[0]._tr)
    return table


def _annex(doc, number: int, title_tag: str, loop: str, header, cells, widths) -> None:
    _para(doc, f"{{{{ L.annex_{number} }}}}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    _para(doc, f"{{{{ L.{title_tag} }}}}", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=6)
    _para(doc, f"{{%p if not {loop} %}}")
    _para(doc, "{{ L.none }}")
    _para(doc, "{%p else %}")
    table = _table(doc, header, [[""] * len(cells), cells, [""] * len(cells)], widths)
    table.cell(1, 0).paragraphs[0].runs[0].text = f"{{%tr for row in {loop} %}}"
    table.cell(3, 0).paragraphs[0].runs[0].text = "{%tr endfor %}"
    _para(doc, "{%p endif %}")
    _para(doc)


def build() -> bytes:
    """Return the template as .docx bytes."""
    doc = _document("esep report template")
    _letter_head(doc, "{{ summary_intro }}")
    summary = _table(doc, ["{{ L.summary_indicator }}", "{{ L.summary_count }}",
                           "{{ L.summary_share }}"],
                     [["{%tr for row in summary %}", "", ""],
                      ["{{ row.label }}", "{{ row.count }}", "{{ row.share }}"],
                      ["{%tr endfor %}", "", ""]], [105, 30, 30], repeat=False)
    for row in summary.rows[2:3]:
        for cell in row.cells[1:]:
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _chart(doc, "{{ L.chart_caption }}")
    _main_table(doc, "{{ L.main_heading }}", MAIN_COLUMNS, ("number", "deadline", "status"))
    _annexes_section(doc)
    _annex(doc, 1, "annex_overdue", "overdue",
           ["{{ L.col_number }}", "{{ L.col_measure }}", "{{ L.col_deadline }}", "{{ L.col_lead }}",
            "{{ L.reasons }}"],
           ["{{ row.id }}", "{{ row.text }}", "{{ row.deadline }}", "{{ row.lead }}",
            "{{ row.reasons }}"], [15, 52, 32, 32, 34])
    _units_annex(doc, 2, "annex_missing", "missing_units")
    _annex(doc, 3, "annex_no_info", "no_info",
           ["{{ L.col_number }}", "{{ L.col_measure }}", "{{ L.col_deadline }}",
            "{{ L.col_executors }}"],
           ["{{ row.id }}", "{{ row.text }}", "{{ row.deadline }}", "{{ row.executors }}"],
           [16, 84, 30, 35])
    _signature(doc)
    return _save(doc)


def build_stage() -> bytes:
    """Return the stage summary's template as .docx bytes."""
    doc = _document("esep stage summary template")
    _letter_head(doc, "{{ intro }}")
    keys = ["done", "in_progress", "not_done", "overdue", "no_info", "not_yet_due"]
    summary = _table(doc, ["{{ L.col_year }}", "{{ L.col_total }}"]
                     + [f"{{{{ L.outcome_{k} }}}}" for k in keys] + ["{{ L.col_returned }}"],
                     [["{%tr for row in by_year %}"] + [""] * 8,
                      ["{{ row.year }}", "{{ row.total }}"] + [f"{{{{ row.{k} }}}}" for k in keys]
                      + ["{{ row.returned }}"],
                      ["{%tr endfor %}"] + [""] * 8], [17, 14] + [19.1] * 7, repeat=False)
    for cell in summary.rows[2].cells[1:]:
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _oxml.set_cell_margins(summary._tbl, 45)  # about 0.8 mm: whole words in narrow columns
    for r, row in enumerate(summary.rows):  # nine columns across a portrait page: smaller
        for cell in row.cells:
            for run in cell.paragraphs[0].runs:
                run.font.size = Pt(8 if r == 0 else 10)
    _chart(doc, "{{ L.stage_chart_caption }}")
    _main_table(doc, "{{ L.stage_main_heading }}", STAGE_COLUMNS, ("number", "done_in"))
    _annexes_section(doc)
    _annex(doc, 1, "annex_not_done", "not_done",
           ["{{ L.col_number }}", "{{ L.col_measure }}", "{{ L.col_deadline }}", "{{ L.col_lead }}",
            "{{ L.col_final }}", "{{ L.reasons }}"],
           ["{{ row.id }}", "{{ row.text }}", "{{ row.deadline }}", "{{ row.lead }}",
            "{{ row.final }}", "{{ row.reasons }}"], [14, 48, 24, 24, 22, 33])
    _units_annex(doc, 2, "annex_never", "never_returned")
    _signature(doc)
    return _save(doc)


# --- what the report and the stage summary build alike ------------------------------------

def _document(title: str):
    """Return a new document with the templates' styles, titled `title`."""
    doc = Document()
    _styles(doc)
    doc.core_properties.title = title
    doc.core_properties.author = ""
    return doc


def _letter_head(doc, intro_tag: str) -> None:
    """The first section, portrait: the covering letter's head, the title, the summary's
    heading and its opening paragraph `intro_tag`."""
    first = doc.sections[0]
    _page(first, landscape=False)
    _page_number(first, first_page=False)
    _para(doc, "{{ L.outgoing }} {{ outgoing_number }}")
    _para(doc, "{{ L.outgoing_date }} {{ outgoing_date }}")
    _para(doc)
    _para(doc, "{{ addressee }}", bold=True, left_indent=Mm(90))
    _para(doc)
    _para(doc, "{{ L.report_word }}", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(doc, "{{ title }}", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=12)
    _para(doc, "{{ L.summary_heading }}", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=6)
    _para(doc, intro_tag, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent_first=Mm(12.5),
          space_after=6)


def _chart(doc, caption_tag: str) -> None:
    """The chart under the summary table, with its caption."""
    _para(doc)
    _para(doc, "{{ chart }}", align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(doc, caption_tag, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER)


def _main_table(doc, heading_tag: str, columns, centred: tuple[str, ...]) -> None:
    """The second section, landscape: the table of every measure under its section's row, its
    `columns` (key, label tag, width) with the keys `centred` centred."""
    main = doc.add_section(WD_SECTION.NEW_PAGE)
    _page(main, landscape=True)
    _page_number(main, first_page=True)
    _para(doc, heading_tag, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=6)
    table = _table(doc, [f"{{{{ L.{tag} }}}}" for _, tag, _ in columns],
                   [["[section]"] + [""] * (len(columns) - 1),
                    [f"[{key}]" for key, _, _ in columns]],
                   [w for _, _, w in columns])
    section_row = table.rows[1]
    merged = section_row.cells[0].merge(section_row.cells[-1])
    for p in merged.paragraphs[1:]:
        p._p.getparent().remove(p._p)
    merged.paragraphs[0].runs[0].bold = True
    merged.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for cell in table.rows[2].cells:
        if cell.text in {f"[{key}]" for key in centred}:
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER


def _annexes_section(doc) -> None:
    """The third section, portrait, where the annexes go."""
    annexes = doc.add_section(WD_SECTION.NEW_PAGE)
    _page(annexes, landscape=False)
    _page_number(annexes, first_page=True)


def _units_annex(doc, number: int, title_tag: str, loop: str) -> None:
    """An annex listing units by code and name (those that sent nothing)."""
    _annex(doc, number, title_tag, loop, ["{{ L.col_unit_code }}", "{{ L.col_unit }}"],
           ["{{ row.code }}", "{{ row.name }}"], [40, 125])


def _signature(doc) -> None:
    """The signature line, the date, and who prepared the report (left out when not given)."""
    _para(doc)
    _para(doc)
    signature = _para(doc, "{{ signer_position }}\t{{ signer_name }}", bold=True)
    text_width = A4[0] - MARGINS["left_margin"] - MARGINS["right_margin"]
    signature.paragraph_format.tab_stops.add_tab_stop(text_width, WD_TAB_ALIGNMENT.RIGHT)
    _para(doc, "{{ report_date }}")
    _para(doc)
    _para(doc, "{%p if preparer_name %}")
    _para(doc, "{{ L.preparer }}: {{ preparer_name }}", size=10)
    _para(doc, "{%p endif %}")
    _para(doc, "{%p if preparer_phone %}")
    _para(doc, "{{ L.phone }} {{ preparer_phone }}", size=10)
    _para(doc, "{%p endif %}")


def _save(doc) -> bytes:
    """Return `doc` as .docx bytes, without python-docx's stock thumbnail (a stranger's page)."""
    package = doc.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package.rels.pop(rid)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.replace(tmp, path)
    print(f"wrote {path}")


def main() -> None:
    """Write the templates (yearly report, stage summary) next to this script, atomically."""
    _write(TEMPLATE, build())
    _write(STAGE_TEMPLATE, build_stage())


if __name__ == "__main__":
    main()
