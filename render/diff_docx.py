"""The changes between two plan versions as a Word file, marked the way Word's compare marks them.

Inserted and deleted words are real tracked changes (``w:ins`` / ``w:del``, author "esep"), so the
department head sees them underlined and struck through in Word or LibreOffice, and can accept or
reject each one. The words around the document are in the plan's language (Kyrgyz or Russian).
"""

from __future__ import annotations

import io
from datetime import datetime, timezone

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from model.diff import (ADDED, DELETE, FIELDS, INSERT, KINDS, MOVED, REMOVED, Change, summary)
from model.plan import Plan

AUTHOR = "esep"

LABELS = {
    "ky": {
        "title": "Иш-чаралар планынын редакцияларын салыштыруу",
        "old": "Мурунку редакция", "new": "Жаңы редакция",
        "total": "Бардыгы {n} өзгөрүү",
        "same": "Эки редакция бирдей: өзгөрүү жок.",
        "hint": "Өзгөрүүлөр Word'дун салыштыруусундагыдай белгиленди: кошулган сөздөр астынан "
                "сызылган, алынып салынгандары сызылган. Ар бирин «Рецензирование» өтмөгүндө "
                "кабыл алууга же четке кагууга болот.",
        "col_id": "№", "col_change": "Өзгөрүү", "col_content": "Мазмуну",
        ADDED: "кошулду", REMOVED: "алынып салынды", MOVED: "номери өзгөрдү",
        "reworded": "редакцияланды", "changed": "өзгөрдү",
        "section": "Бөлүм", "task": "Милдет", "measure": "Иш-чара",
        "uncertain": "Так дал келтирилген жок: жаңы редакцияда {ids} болушу мүмкүн — текшериңиз.",
        "uncertain_kind": "так эмес",
        "title_field": "Аталышы", "text": "Тексти", "deadline": "Аткаруу мөөнөтү",
        "expected_result": "Күтүлгөн натыйжа", "executors": "Жооптуу аткаруучулар",
        "funding": "Каржылоо булагы",
    },
    "ru": {
        "title": "Сравнение редакций плана мероприятий",
        "old": "Прежняя редакция", "new": "Новая редакция",
        "total": "Всего изменений: {n}",
        "same": "Редакции совпадают: изменений нет.",
        "hint": "Изменения отмечены, как при сравнении в Word: добавленные слова подчёркнуты, "
                "исключённые зачёркнуты. Каждое можно принять или отклонить на вкладке "
                "«Рецензирование».",
        "col_id": "№", "col_change": "Изменение", "col_content": "Содержание",
        ADDED: "добавлено", REMOVED: "исключено", MOVED: "изменён номер",
        "reworded": "изменена формулировка", "changed": "изменено",
        "section": "Глава", "task": "Задача", "measure": "Мероприятие",
        "uncertain": "Соответствие неоднозначно: в новой редакции это может быть {ids} — "
                     "проверьте.",
        "uncertain_kind": "неоднозначно",
        "title_field": "Название", "text": "Текст", "deadline": "Срок исполнения",
        "expected_result": "Ожидаемый результат", "executors": "Ответственные исполнители",
        "funding": "Источник финансирования",
    },
}


class _Marks:
    """Writes runs into paragraphs, plain or as tracked insertions and deletions."""

    def __init__(self, when: datetime):
        self.date = when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        self.next_id = 1

    def plain(self, paragraph, text: str, bold: bool = False, italic: bool = False) -> None:
        run = paragraph.add_run(text)
        run.bold, run.italic = bold or None, italic or None

    def tracked(self, paragraph, op: str, text: str) -> None:
        """Append `text` to `paragraph` as a tracked insertion (INSERT) or deletion (DELETE)."""
        mark = OxmlElement("w:ins" if op == INSERT else "w:del")
        mark.set(qn("w:id"), str(self.next_id))
        mark.set(qn("w:author"), AUTHOR)
        mark.set(qn("w:date"), self.date)
        self.next_id += 1
        run = OxmlElement("w:r")
        body = OxmlElement("w:t" if op == INSERT else "w:delText")
        body.set(qn("xml:space"), "preserve")
        body.text = text
        run.append(body)
        mark.append(run)
        paragraph._p.append(mark)

    def spans(self, paragraph, spans) -> None:
        for span in spans:
            if span.op in (INSERT, DELETE):
                self.tracked(paragraph, span.op, span.text)
            else:
                self.plain(paragraph, span.text)


def changes_to_docx(changes: tuple[Change, ...], old: Plan, new: Plan, old_name: str,
                    new_name: str, when: datetime | None = None) -> bytes:
    """Return the DOCX bytes listing `changes` from `old` to `new`, words marked as tracked changes.

    `old_name` and `new_name` are the files as the reader knows them; `when` dates the marks.
    """
    lang = "ru" if new.language == "ru" else "ky"
    words = LABELS[lang]
    marks = _Marks(when or datetime.now(timezone.utc))
    doc = Document()
    _set_page(doc)
    heading = doc.add_paragraph()
    marks.plain(heading, words["title"], bold=True)
    heading.runs[0].font.size = Pt(14)
    doc.add_paragraph(new.title).runs[0].italic = True
    for key, name in (("old", old_name), ("new", new_name)):
        line = doc.add_paragraph()
        marks.plain(line, f"{words[key]}: ", bold=True)
        marks.plain(line, name)
    if not changes:
        marks.plain(doc.add_paragraph(), words["same"], bold=True)
        return _bytes(doc)
    counts = summary(changes)
    counts["uncertain_kind"] = counts.pop("uncertain")
    told = ", ".join(f"{words[k]} — {counts[k]}" for k in (*KINDS, "uncertain_kind") if counts[k])
    marks.plain(doc.add_paragraph(), f"{words['total'].format(n=len(changes))}: {told}.", bold=True)
    doc.add_paragraph(words["hint"]).runs[0].font.color.rgb = RGBColor(0x55, 0x55, 0x55)
    _table(doc, changes, words, marks)
    return _bytes(doc)


def _table(doc, changes: tuple[Change, ...], words: dict[str, str], marks: _Marks) -> None:
    table = doc.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = (Cm(2.8), Cm(3.7), Cm(19.2))
    for cell, key in zip(table.rows[0].cells, ("col_id", "col_change", "col_content")):
        marks.plain(cell.paragraphs[0], words[key], bold=True)
    _repeat_header(table.rows[0])
    for change in changes:
        cells = table.add_row().cells
        _id_cell(cells[0].paragraphs[0], change, marks)
        kind = words[change.kind] if change.certain else words["uncertain_kind"]
        marks.plain(cells[1].paragraphs[0], f"{words[change.level]}: ", bold=True)
        marks.plain(cells[1].paragraphs[0], kind)
        _content(cells[2], change, words, marks)
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = width  # the grid, which LibreOffice reads
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width  # the cells, which Word reads


def _id_cell(paragraph, change: Change, marks: _Marks) -> None:
    if change.old_id and change.new_id and change.old_id != change.new_id:
        marks.tracked(paragraph, DELETE, change.old_id)
        marks.plain(paragraph, " ")
        marks.tracked(paragraph, INSERT, change.new_id)
    elif change.kind == ADDED:
        marks.tracked(paragraph, INSERT, change.new_id)
    elif change.kind == REMOVED:
        marks.tracked(paragraph, DELETE, change.old_id)
    else:
        marks.plain(paragraph, change.old_id or change.new_id or "")


def _content(cell, change: Change, words: dict[str, str], marks: _Marks) -> None:
    """Fill the content cell: whole items marked in or out, else the changed fields word by word."""
    paragraphs = [cell.paragraphs[0]]

    def paragraph():
        if paragraphs[0] is not None:
            first, paragraphs[0] = paragraphs[0], None
            return first
        return cell.add_paragraph()

    def label(p, field: str) -> None:
        marks.plain(p, f"{words['title_field' if field == 'title' else field]}: ", bold=True)

    if change.kind in (ADDED, REMOVED) and change.certain:
        values, op = (change.new, INSERT) if change.kind == ADDED else (change.old, DELETE)
        for field in FIELDS[change.level]:
            if values.get(field):
                p = paragraph()
                label(p, field)
                marks.tracked(p, op, values[field])
        return
    changed = {d.name for d in change.details}
    own = FIELDS[change.level][0]
    if own not in changed:
        marks.plain(paragraph(), change.text)
    for detail in change.details:
        p = paragraph()
        label(p, detail.name)
        marks.spans(p, detail.spans)
    if not change.certain:
        marks.plain(paragraph(), words["uncertain"].format(ids=", ".join(change.candidates)),
                    italic=True)


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _set_page(doc) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.0))
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(11)
    style.paragraph_format.space_after = Pt(3)


def _bytes(doc) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
