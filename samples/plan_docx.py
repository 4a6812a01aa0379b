"""Write a plan as a ministry clerk's Word file: the action plan table the ingest reads.

The document reproduces the form of the real plan: A4 landscape, a title above a 7-column table
with a header row repeated on every page, a row of column numbers, one row spanning the table per
section, vertically merged cells where a task's measures share a value, several measures in one
cell as Word automatic numbering, then the note and the list of abbreviations.
`plan_rows` gives the row layout on its own, so the text export uses the same one.

Example::

    write_plan_docx(plan_from_json(Path("plan.json").read_text()), "plan.docx")
"""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Mm, Pt, Twips
from docx.table import _Cell

from ingest.office import convert
from model.plan import Measure, Plan, Section, Task

HEADERS = {
    "ky": ("№", "Милдеттер", "Иш-чаралар", "Ишке ашыруу мөөнөттөрү", "Күтүлүүчү натыйжалар",
           "Жооптуу аткаруучулар", "Каржылоо булактары"),
    "ru": ("№ п/п", "Задачи", "Мероприятия", "Сроки исполнения", "Ожидаемые результаты",
           "Ответственные исполнители", "Источники финансирования"),
}
GLOSSARY_HEADINGS = {"ky": "Колдонулган кыскартуулар:", "ru": "Используемые сокращения:"}

FONT = "Times New Roman"
TEXT_SIZE = Pt(12)
TABLE_SIZE = Pt(11)
MARGIN = Cm(1.27)  # Word's "narrow" margins
# Column widths in cm; they add up to the A4 landscape width less the narrow margins (27.16 cm).
COLUMN_WIDTHS_CM = (1.0, 4.0, 6.8, 3.0, 5.2, 3.6, 3.56)
GLOSSARY_INDENT = Cm(3.5)
# A document dated once keeps the rebuilt file byte-identical run after run.
FIXED_DATE = datetime(2025, 2, 3, 9, 0, tzinfo=timezone.utc)
ZIP_DATE = (2025, 2, 3, 9, 0, 0)

# Merge marks of one cell: not merged, first cell of a merged run, or merged with the cell above.
NONE, RESTART, CONTINUE = "", "restart", "continue"
# How a row's measures are numbered: not at all, "1. " typed in the text, or Word numbering.
UNNUMBERED, TYPED, AUTO = "none", "typed", "auto"

SectionHeading = Callable[[Section], str]


@dataclass(frozen=True)
class Row:
    """One row of the plan table: a section heading, or a task's measures that share one row."""

    heading: str | None = None               # set on a section row, which spans the table
    task: Task | None = None
    measures: tuple[Measure, ...] = ()
    numbering: str = UNNUMBERED
    merges: tuple[str, ...] = (NONE,) * 7    # one merge mark per column

    def cells(self) -> tuple[str, ...]:
        """Return the 7 cells' texts as printed: a merged cell gives "", so does the measures
        cell, whose paragraphs `measure_texts` gives."""
        first = self.measures[0]
        values = (str(self.task.number), self.task.text, "",
                  first.deadline.text, first.expected_result, first.executors.text, first.funding)
        return tuple("" if mark == CONTINUE else value
                     for mark, value in zip(self.merges, values))

    def measure_texts(self) -> tuple[str, ...]:
        """Return the measures cell's paragraphs; typed numbers are part of the text."""
        if self.numbering == TYPED:
            return tuple(f"{m.number}. {m.text}" for m in self.measures)
        return tuple(m.text for m in self.measures)


def default_heading(section: Section) -> str:
    """Return a section row's text the usual way: "3. title"."""
    return f"{section.number}. {section.title}"


def _shared(measure: Measure) -> tuple[str, str, str, str]:
    return (measure.deadline.text, measure.expected_result, measure.executors.text, measure.funding)


def _task_rows(task: Task) -> list[Row]:
    groups: list[list[Measure]] = []
    for measure in task.measures:
        if groups and _shared(groups[-1][-1]) == _shared(measure):
            groups[-1].append(measure)
        else:
            groups.append([measure])
    several = len(task.measures) > 1
    values = [_shared(group[0]) for group in groups]
    rows = []
    for i, group in enumerate(groups):
        marks = []
        for col in range(7):
            if col < 2:
                same_prev, same_next = i > 0, i + 1 < len(groups)
            elif col == 2:
                same_prev = same_next = False
            else:
                own = values[i][col - 3]
                same_prev = i > 0 and own != "" and values[i - 1][col - 3] == own
                same_next = i + 1 < len(groups) and own != "" and values[i + 1][col - 3] == own
            marks.append(CONTINUE if same_prev else RESTART if same_next else NONE)
        numbering = AUTO if len(group) > 1 else TYPED if several else UNNUMBERED
        rows.append(Row(task=task, measures=tuple(group), numbering=numbering, merges=tuple(marks)))
    return rows


def plan_rows(plan: Plan, section_heading: SectionHeading | None = None) -> list[Row]:
    """Return the table rows of `plan` below the header, in order.

    Consecutive measures of a task whose deadline, result, executors and funding are identical
    share a row; a deadline, result, executors or funding cell equal to the row above (and not
    empty) is merged with it, as are the No and task cells of a task's following rows.
    """
    heading = section_heading or default_heading
    rows: list[Row] = []
    for section in plan.sections:
        rows.append(Row(heading=heading(section)))
        for task in section.tasks:
            rows.extend(_task_rows(task))
    return rows


# --- Word XML -----------------------------------------------------------------------------------

def _twips(cm: float) -> int:
    return int(round(Cm(cm).twips))


def _set_fonts(rpr, size: Pt) -> None:
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    for tag in ("w:sz", "w:szCs"):
        el = rpr.find(qn(tag))
        if el is None:
            el = OxmlElement(tag)
            rpr.append(el)
        el.set(qn("w:val"), str(int(size.pt * 2)))


def _setup_styles(doc) -> None:
    normal = doc.styles["Normal"]
    _set_fonts(normal.element.get_or_add_rPr(), TEXT_SIZE)
    fmt = normal.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0


def _setup_page(doc) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, MARGIN)


def _add_list_definition(doc) -> tuple:
    """Return the numbering part's element and the id of a new decimal "1." list definition."""
    numbering = doc.part.numbering_part.element
    ids = [int(el.get(qn("w:abstractNumId"))) for el in numbering.findall(qn("w:abstractNum"))]
    abstract_id = max(ids, default=0) + 1
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
        '<w:multiLevelType w:val="singleLevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        '<w:lvlText w:val="%1."/><w:lvlJc w:val="left"/>'
        '<w:pPr><w:tabs><w:tab w:val="num" w:pos="284"/></w:tabs>'
        '<w:ind w:left="284" w:hanging="284"/></w:pPr></w:lvl></w:abstractNum>')
    first_num = numbering.find(qn("w:num"))  # abstract definitions come before the lists
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    return numbering, abstract_id


def _new_list(numbering, abstract_id: int, start: int) -> int:
    """Return the id of a new list starting at `start`, so each cell counts from its own first."""
    num = numbering.add_num(abstract_id)
    num.add_lvlOverride(ilvl=0).add_startOverride(start)
    return num.numId


def _tc(width_cm: float, *, span: int = 1, merge: str = NONE):
    tc = OxmlElement("w:tc")
    tcpr = OxmlElement("w:tcPr")
    width = OxmlElement("w:tcW")
    width.set(qn("w:w"), str(_twips(width_cm)))
    width.set(qn("w:type"), "dxa")
    tcpr.append(width)
    if span > 1:
        grid_span = OxmlElement("w:gridSpan")
        grid_span.set(qn("w:val"), str(span))
        tcpr.append(grid_span)
    if merge:
        vmerge = OxmlElement("w:vMerge")
        if merge == RESTART:
            vmerge.set(qn("w:val"), RESTART)
        tcpr.append(vmerge)
    tc.append(tcpr)
    tc.append(OxmlElement("w:p"))
    return tc


def _tr(tbl, *, header: bool = False):
    tr = OxmlElement("w:tr")
    if header:
        trpr = OxmlElement("w:trPr")
        trpr.append(OxmlElement("w:tblHeader"))
        tr.append(trpr)
    tbl.append(tr)
    return tr


def _fill(cell: _Cell, texts: tuple[str, ...] | list[str], *, bold: bool = False,
          center: bool = False, num_id: int | None = None) -> None:
    """Write one paragraph per text into `cell`, numbered as list `num_id` when given."""
    for i, text in enumerate(texts):
        paragraph = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        if center:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if num_id is not None:
            numpr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
            numpr.get_or_add_ilvl().val = 0
            numpr.get_or_add_numId().val = num_id
        if text:
            run = paragraph.add_run(text)
            run.font.size = TABLE_SIZE
            if bold:
                run.bold = True


def _table_borders() -> object:
    edges = "".join(f'<w:{edge} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"))
    return parse_xml(f'<w:tblBorders {nsdecls("w")}>{edges}</w:tblBorders>')


def _add_table(doc, plan: Plan, rows: list[Row], after) -> None:
    """Build the plan table row by row on the XML (python-docx's cell grid is quadratic)."""
    table = doc.add_table(rows=0, cols=7)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False  # fixed layout: the column widths below hold
    tbl = table._tbl
    tbl.tblPr.insert_element_before(_table_borders(), "w:shd", "w:tblLayout", "w:tblCellMar",
                                    "w:tblLook", "w:tblCaption", "w:tblDescription")
    for col, width in zip(tbl.tblGrid.gridCol_lst, COLUMN_WIDTHS_CM):
        col.w = Twips(_twips(width))
    after.addnext(tbl)

    def cell(tr, col: int, **kwargs) -> _Cell:
        width = sum(COLUMN_WIDTHS_CM) if kwargs.get("span") else COLUMN_WIDTHS_CM[col]
        tc = _tc(width, **kwargs)
        tr.append(tc)
        return _Cell(tc, table)

    header = _tr(tbl, header=True)
    for col, name in enumerate(HEADERS[plan.language]):
        _fill(cell(header, col), [name], bold=True, center=True)
    numbers = _tr(tbl, header=True)
    for col in range(7):
        _fill(cell(numbers, col), [str(col + 1)], center=True)

    numbering, abstract_id = _add_list_definition(doc)
    for row in rows:
        tr = _tr(tbl)
        if row.heading is not None:
            _fill(cell(tr, 0, span=7), [row.heading], bold=True, center=True)
            continue
        printed = row.cells()
        for col in range(7):
            target = cell(tr, col, merge=row.merges[col])
            if col == 2:
                num_id = (_new_list(numbering, abstract_id, row.measures[0].number)
                          if row.numbering == AUTO else None)
                _fill(target, row.measure_texts(), num_id=num_id)
            else:
                _fill(target, [printed[col]], center=col in (0, 3))


def _add_after_table(doc, plan: Plan) -> None:
    if plan.note:
        doc.add_paragraph()
        note = doc.add_paragraph(plan.note)
        note.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    if not plan.glossary:
        return
    doc.add_paragraph()
    doc.add_paragraph(GLOSSARY_HEADINGS[plan.language]).runs[0].bold = True
    doc.add_paragraph()
    for i, entry in enumerate(plan.glossary):
        last = i == len(plan.glossary) - 1
        paragraph = doc.add_paragraph(f"{entry.code}\t– {entry.name}{'.' if last else ''}")
        fmt = paragraph.paragraph_format
        fmt.left_indent = GLOSSARY_INDENT
        fmt.first_line_indent = -GLOSSARY_INDENT
        fmt.tab_stops.add_tab_stop(GLOSSARY_INDENT)


def _set_properties(doc, plan: Plan) -> None:
    props = doc.core_properties
    props.title = plan.title[:250]
    props.author = props.last_modified_by = "ӨКМ УКЖКААБ" if plan.language == "ky" else "МЧС"
    props.created = props.modified = props.last_printed = FIXED_DATE.replace(tzinfo=None)
    props.revision = 1
    props.comments = props.keywords = props.subject = props.category = ""


def _stable_zip(data: bytes) -> bytes:
    """Return the .docx package with fixed entry dates, so equal documents are equal bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


def plan_document(plan: Plan, *, section_heading: SectionHeading | None = None):
    """Return the python-docx Document of `plan` in the clerk's form."""
    doc = Document()
    _setup_styles(doc)
    _setup_page(doc)
    _set_properties(doc, plan)
    body = doc.element.body
    for p in list(body.iterchildren(qn("w:p"))):  # the template's empty first paragraph
        body.remove(p)
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run(plan.title).bold = True
    gap = doc.add_paragraph()
    _add_table(doc, plan, plan_rows(plan, section_heading), gap._p)
    _add_after_table(doc, plan)
    return doc


def write_plan_docx(plan: Plan, path: str | Path, *,
                    section_heading: SectionHeading | None = None) -> None:
    """Write `plan` to `path` as a Word file in the clerk's form, atomically.

    `section_heading` turns a Section into its row's text; the default prints "N. title".
    """
    buffer = io.BytesIO()
    plan_document(plan, section_heading=section_heading).save(buffer)
    _write_atomically(Path(path), _stable_zip(buffer.getvalue()))


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def convert_to_pdf(docx: str | Path, pdf: str | Path, *, timeout: int = 600) -> None:
    """Convert `docx` to `pdf` with LibreOffice (`ingest.office`), writing `pdf` atomically."""
    convert_file(docx, pdf, timeout=timeout)


def convert_file(source: str | Path, target: str | Path, *, timeout: int = 600) -> None:
    """Convert `source` to `target` (e.g. .docx to .doc, .odt, .rtf, .pdf) with LibreOffice."""
    source, target = Path(source), Path(target)
    data = convert(source.read_bytes(), source.suffix[1:], target.suffix[1:], file=source.name,
                   timeout=timeout)
    _write_atomically(target, data)
