"""Rebuild plans in other houses' styles, in tests/data/ (`make samples`): house-ru and house-ky.

Each is a small plan written as another state body lays it out: an approval stamp above the
centred title, its own header words, further columns ("Индикаторы", "Примечание" /
"Көрсөткүчтөр"), section rows "Раздел 1." / "II." / "1-бөлүм." / "Бөлүм II.", two measures typed
in one paragraph split by a manual line break, and a glossary of plain lines (no table). The
records each must give are written from the same spec to `house-*.expected.json`, so the
expected file never comes from the reader it checks. LibreOffice makes each `.pdf`.

Usage: python samples/make_houses.py
"""

from __future__ import annotations

import io
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Cm, Mm, Pt

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = ROOT / "tests" / "data"
sys.path[:0] = [str(HERE), str(ROOT)]

from ingest.office import convert  # noqa: E402
from model.plan import (Deadline, Executors, GlossaryEntry, Measure, Plan, Section,  # noqa: E402
                        Task, plan_to_json)
from plan_docx import _stable_zip, _write_atomically  # noqa: E402


@dataclass(frozen=True)
class Spec:
    """One measure row: its measures' texts (several share the row), and the row's values."""

    task: str
    measures: tuple[str, ...]
    deadline: Deadline
    result: str
    executors: Executors
    funding: str
    extra: tuple[str, ...]  # the further columns' texts, in header order


@dataclass(frozen=True)
class House:
    stem: str
    language: str
    stamp: tuple[str, ...]
    title: str
    headers: tuple[str, ...]
    sections: tuple[tuple[str, int, str, tuple[Spec, ...]], ...]  # printed, number, title, rows
    glossary_heading: str
    glossary: tuple[GlossaryEntry, ...]
    glossary_in_one_paragraph: bool  # lines split by Shift+Enter, else a paragraph per line
    widths_cm: tuple[float, ...]  # wide enough for every word: a word broken in a cell is another test


RU_BUDGET = "В пределах бюджетных средств"
RU = House(
    stem="house-ru", language="ru",
    stamp=("Приложение", "к приказу Министерства чрезвычайных ситуаций", "Кыргызской Республики",
           "от 15 января 2025 года № 12"),
    title="План мероприятий Государственного агентства по реализации антикоррупционной политики "
          "на 2025–2027 годы",
    headers=("№ п/п", "Задачи", "Наименование мероприятия", "Срок исполнения",
             "Ожидаемые результаты (индикаторы)", "Ответственные исполнители (государственные органы)",
             "Источники финансирования", "Индикаторы", "Примечание"),
    sections=(
        ("Раздел 1. Противодействие коррупции в кадровой политике", 1,
         "Противодействие коррупции в кадровой политике", (
             Spec("Прозрачный отбор кадров",
                  ("Проведение конкурсов на замещение вакантных должностей",
                   "Публикация итогов конкурсов на официальном сайте"),
                  Deadline("Ежегодно", annual=True),
                  "Повышена прозрачность отбора кадров",
                  Executors("УК УПОиПК", ("УК", "УПОиПК")), RU_BUDGET,
                  ("Доля конкурсов, итоги которых опубликованы, %", "")),
             Spec("Антикоррупционное обучение",
                  ("Обучение сотрудников основам антикоррупционного поведения",),
                  Deadline("2025–2026 годы", date(2025, 1, 1), date(2026, 12, 31)),
                  "Сотрудники обучены", Executors("УК", ("УК",)), RU_BUDGET,
                  ("Число обученных сотрудников", "По согласованию с донорами")))),
        ("II. Открытость деятельности", 2, "Открытость деятельности", (
            Spec("Открытые данные",
                 ("Размещение сведений о закупках в открытом доступе",),
                 Deadline("II полугодие 2025 года", date(2025, 7, 1), date(2025, 12, 31)),
                 "Сведения о закупках доступны гражданам",
                 Executors("УРНиСМИ УФ", ("УРНиСМИ", "УФ")), RU_BUDGET,
                 ("Число опубликованных наборов данных", "")),)),
    ),
    glossary_heading="Используемые сокращения:",
    glossary=(GlossaryEntry("УК", "Управление кадров МЧС КР"),
              GlossaryEntry("УПОиПК", "Управление правового обеспечения и предупреждения коррупции "
                                      "МЧС КР"),
              GlossaryEntry("УРНиСМИ", "Управление по работе с населением и средствами массовой "
                                       "информации МЧС КР"),
              GlossaryEntry("УФ", "Управление финансов МЧС КР")),
    glossary_in_one_paragraph=True,
    widths_cm=(1.1, 3.6, 4.2, 2.5, 3.4, 3.6, 2.6, 2.8, 2.9))

KY_BUDGET = "Бюджеттик каражаттардын чегинде"
KY = House(
    stem="house-ky", language="ky",
    stamp=("Тиркеме", "Кыргыз Республикасынын Өзгөчө кырдаалдар министрлигинин",
           "2025-жылдын 15-январындагы № 12 буйругу менен бекитилген"),
    title="Мамлекеттик агенттиктин коррупцияга каршы аракеттенүү боюнча 2025–2027-жылдарга "
          "иш-чаралар планы",
    headers=("№", "Милдеттер", "Иш-чаралар", "Ишке ашыруу мөөнөтү", "Күтүлүүчү натыйжалар",
             "Жооптуу аткаруучулар (мамлекеттик органдар)", "Каржылоо булагы", "Көрсөткүчтөр"),
    sections=(
        ("1-бөлүм. Кадр саясатында коррупцияга каршы аракеттенүү", 1,
         "Кадр саясатында коррупцияга каршы аракеттенүү", (
             Spec("Кадрларды ачык тандоо",
                  ("Бош орундарды ээлөөгө конкурстарды өткөрүү",
                   "Конкурстардын жыйынтыктарын расмий сайтка жарыялоо"),
                  Deadline("Жыл сайын", annual=True),
                  "Кадрларды тандоонун ачыктыгы жогорулады",
                  Executors("КБ УКЖКААБ", ("КБ", "УКЖКААБ")), KY_BUDGET,
                  ("Жыйынтыктары жарыяланган конкурстардын үлүшү, %",)),)),
        ("Бөлүм II. Ишмердүүлүктүн ачыктыгы", 2, "Ишмердүүлүктүн ачыктыгы", (
            Spec("Ачык маалыматтар",
                 ("Сатып алуулар тууралуу маалыматтарды ачык жайгаштыруу",),
                 Deadline("Туруктуу", ongoing=True),
                 "Сатып алуулар тууралуу маалымат жарандарга жеткиликтүү",
                 Executors("ММК", ("ММК",)), KY_BUDGET,
                 ("Жарыяланган маалымат топтомдорунун саны",)),)),
    ),
    glossary_heading="Колдонулган кыскартуулар:",
    glossary=(GlossaryEntry("КБ", "КР ӨКМдин Кадр башкармалыгы"),
              GlossaryEntry("УКЖКААБ", "КР ӨКМдин Укуктук камсыздоо жана коррупцияны алдын алуу "
                                       "башкармалыгы, ведомстволук ченемдик укуктук актыларды "
                                       "коррупцияга каршы экспертизадан өткөрүү боюнча бөлүм менен"),
              GlossaryEntry("ММК", "КР ӨКМдин Калк жана массалык-маалымат каражаттары менен иштөө "
                                   "башкармалыгы")),
    glossary_in_one_paragraph=False,
    widths_cm=(1.0, 3.4, 5.4, 2.8, 4.0, 4.0, 3.1, 3.0))


def records(house: House) -> Plan:
    """Return the records the house's plan must give, from its spec."""
    sections = []
    extra_names = house.headers[7:]
    for _printed, number, title, rows in house.sections:
        tasks = []
        for t, spec in enumerate(rows, start=1):
            tid = f"{number}.{t}"
            extra = tuple((n, v) for n, v in zip(extra_names, spec.extra) if v)
            measures = tuple(
                Measure(id=f"{tid}.{k}", number=k, text=text, deadline=spec.deadline,
                        expected_result=spec.result, executors=spec.executors,
                        funding=spec.funding, extra=extra)
                for k, text in enumerate(spec.measures, start=1))
            tasks.append(Task(id=tid, number=t, text=spec.task, measures=measures))
        sections.append(Section(number=number, title=title, tasks=tuple(tasks)))
    return Plan(title=house.title, language=house.language, sections=tuple(sections),
                glossary=house.glossary, approved_by=" ".join(house.stamp))


def _paragraph(doc, text: str, *, align=None, bold: bool = False):
    p = doc.add_paragraph()
    if align is not None:
        p.alignment = align
    run = p.add_run(text)
    run.bold = bold
    return p


def _lines(paragraph, lines) -> None:
    """Write `lines` into `paragraph` split by manual line breaks (Shift+Enter)."""
    for i, line in enumerate(lines):
        run = paragraph.add_run(line)
        run.font.size = Pt(10)
        if i < len(lines) - 1:
            run.add_break(WD_BREAK.LINE)


def document(house: House) -> bytes:
    """Return the house's plan as a Word file."""
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    doc.styles["Normal"].font.name = "Times New Roman"
    doc.styles["Normal"].font.size = Pt(12)
    doc.core_properties.author = "esep"
    for line in house.stamp:
        _paragraph(doc, line, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph(doc, house.title, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    table = doc.add_table(rows=0, cols=len(house.headers))
    table.style = "Table Grid"
    cells = table.add_row().cells
    for cell, header in zip(cells, house.headers):
        _lines(cell.paragraphs[0], [header])
    table.autofit = False
    for printed, _number, _title, rows in house.sections:
        row = table.add_row().cells
        merged = row[0].merge(row[-1])
        _lines(merged.paragraphs[0], [printed])
        for t, spec in enumerate(rows, start=1):
            cells = table.add_row().cells
            numbered = [f"{k}. {m}" for k, m in enumerate(spec.measures, start=1)] \
                if len(spec.measures) > 1 else list(spec.measures)
            values = (str(t), spec.task, None, spec.deadline.text, spec.result, spec.executors.text,
                      spec.funding) + spec.extra
            for cell, value in zip(cells, values):
                _lines(cell.paragraphs[0], numbered if value is None else [value])
    for column, width in zip(table.columns, house.widths_cm):
        column.width = Cm(width)  # the grid, which LibreOffice follows
        for cell in column.cells:
            cell.width = Cm(width)
    _paragraph(doc, "")
    _paragraph(doc, house.glossary_heading)
    lines = [f"{g.code} – {g.name}" for g in house.glossary]
    if house.glossary_in_one_paragraph:
        _lines(doc.add_paragraph(), lines)
    else:
        for line in lines:
            _paragraph(doc, line)
    buffer = io.BytesIO()
    doc.save(buffer)
    return _stable_zip(buffer.getvalue())


def main() -> None:
    for house in (RU, KY):
        docx = document(house)
        _write_atomically(DATA / f"{house.stem}.docx", docx)
        _write_atomically(DATA / f"{house.stem}.pdf",
                          convert(docx, "docx", "pdf", file=f"{house.stem}.docx"))
        _write_atomically(DATA / f"{house.stem}.expected.json",
                          plan_to_json(records(house)).encode("utf-8"))
        print(f"wrote {DATA / house.stem}.docx, .pdf, .expected.json")


if __name__ == "__main__":
    main()
