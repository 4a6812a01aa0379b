"""From a Layout to plan records: the plan's rules, shared by every format.

Rows a page break split are joined; section heading rows open sections; a row with a
number in the № column opens a task; a row without one adds sub-measures to the task
above; a cell of several numbered measures gives one measure each; empty cells of a
sub-measure take the value above them in the same task; codes are read against the glossary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from model import plan_warnings as W
from model.plan import Measure, Plan, PlanWarning, Section, Source, Task
from model.text import fold, quote
from model.i18n import _

from .columns import (DEADLINE, EXECUTORS, FUNDING, MEASURE, NUMBER, RESULT, TASK,
                      ColumnMap, is_number_row, read_header, require_all)
from .deadlines import is_understood, parse_deadline
from .errors import NoPlanTable
from .executors import CodeBook, read_executors
from .glossary import read_backmatter
from .layout import Cell, Layout, Para, Row, cell_text, join_words, without_controls
from .title import read_heading

_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9,
          "X": 10, "XI": 11, "XII": 12, "XIII": 13, "XIV": 14, "XV": 15}
_NUM = r"(\d{1,3}|[IVX]{1,5})"
_SECTION_PATTERNS = (
    re.compile(r"^" + _NUM + r"\s*-?\s*(?:глава|бөлүм|бап|раздел)\w*\s*[.:]?\s*(.*)$", re.I),
    re.compile(r"^(?:глава|раздел|бөлүм|бап)\s+" + _NUM + r"\s*[.:]?\s*(.*)$", re.I),
    re.compile(r"^" + _NUM + r"\s*[.)]\s*(\S.*)$"),
)
_MEASURE_NUMBER = re.compile(r"^\s*(\d{1,2})\s*([.)])\s+")
_TASK_NUMBER = re.compile(r"(\d+)\s*\.?\s*$")
_VALUE_COLUMNS = (DEADLINE, RESULT, EXECUTORS, FUNDING)


def _to_int(token: str) -> int:
    return int(token) if token.isdigit() else _ROMAN[token.upper()]


def read_section_heading(text: str) -> tuple[int | None, str]:
    """Return the number and title of a section heading ("12-глава. …", "Глава 12. …", "1. …")."""
    text = fold(text)
    for pattern in _SECTION_PATTERNS:
        m = pattern.match(text)
        if m and (m.group(1).isdigit() or m.group(1).upper() in _ROMAN):
            return _to_int(m.group(1)), fold(m.group(2))
    return None, text


def _unique_names(extra: dict[int, str]) -> dict[int, str]:
    """Return the further columns' headers, a repeated one numbered: "Примечание (2)"."""
    names: dict[int, str] = {}
    for i, name in sorted(extra.items()):
        taken = set(names.values())
        unique, n = name, 1
        while unique in taken:
            n += 1
            unique = f"{name} ({n})"
        names[i] = unique
    return names


@dataclass
class _Draft:
    """A task being built: its rows' measures as plain values until the task closes."""

    number: int
    text: str
    measures: list[dict] = field(default_factory=list)


def _find_header(layout: Layout) -> tuple[int, ColumnMap]:
    for i, row in enumerate(layout.rows):
        columns = read_header(list(row.texts))
        if columns:
            return i, require_all(columns, layout.file)
    raise NoPlanTable(_("no plan table found: no table has the plan's header "
                        "(№, Милдеттер / Задачи, Иш-чаралар / Мероприятия, ...)"),
                      file=layout.file)


def _join_cells(upper: Cell, lower: Cell, hyphens: bool) -> Cell:
    if not lower or not cell_text(lower):
        return upper
    if not upper:
        return lower
    head, tail = upper[-1], lower[0]
    if head.open_end and tail.text[:1].islower():
        text = head.text + tail.text
    else:
        text = join_words(head.text, tail.text, hyphens=hyphens)
    merged = Para(text, head.number, tail.open_end if len(lower) == 1 else head.open_end)
    return upper[:-1] + (merged,) + lower[1:]


class _Builder:
    def __init__(self, layout: Layout, columns: ColumnMap):
        self.layout = layout
        self.columns = columns
        self.book: CodeBook | None = None
        self.sections: list[tuple[int, str, list[_Draft]]] = []
        self.structure_warnings: list[PlanWarning] = []
        self.extra_names = _unique_names(columns.extra)

    def cell(self, row: Row, column: str) -> Cell:
        return self.columns.get(row.cells, column)

    def text(self, row: Row, column: str) -> str:
        i = self.columns.index[column]
        return row.texts[i] if i < len(row.texts) else ""

    # -- rows ------------------------------------------------------------------------
    def is_header(self, texts: tuple[str, ...]) -> bool:
        number = self.columns.index[NUMBER]
        # only a row whose № cell reads like a header can be the header repeated
        return number < len(texts) and texts[number][:1] in "№NnН" and \
            bool(texts[number]) and read_header(list(texts)) is not None

    def is_section_row(self, row: Row) -> bool:
        texts = row.texts
        return bool(texts) and bool(texts[0]) and not any(texts[1:]) and \
            not self.text(row, NUMBER).isdigit()

    def continuation(self, row: Row, previous: Row | None) -> str:
        """Return what of `row` continues the rows above: "all", "part" or "" (a row of its own).

        A page break splits a row: its rest opens the next page with an empty № cell. When
        the rest starts a numbered measure, it is a sub-measure row of its own ("part"), yet
        its task text, and any value that goes on mid-sentence (in lower case), is the rest
        of a cell above: the task's merged cell, a merged value, or the same row's value
        when the break fell between two numbered measures of one cell.
        """
        if previous is None or self.is_section_row(previous) or self.is_section_row(row):
            return ""
        if self.text(row, NUMBER):
            return ""
        if not self.text(row, MEASURE) and not self.text(row, TASK):
            return "all"  # only values: the rest of the row above, whatever the reader saw
        if not row.page_break:
            return ""
        first = (self.cell(row, MEASURE) or (Para(""),))[0]
        m = _MEASURE_NUMBER.match(first.text)
        if first.number is not None or (m and int(m.group(1)) >= 2):
            return "part"
        return "all"

    def join_into(self, rows: list[Row], column: int, cell: Cell) -> None:
        """Append `cell` to the cell above it that holds text, within the task.

        Text split by a page break continues a cell that had text: the row above, or, for
        a merged (or empty) cell, the row where that cell began.
        """
        target = len(rows) - 1
        for j in range(len(rows) - 1, -1, -1):
            if self.is_section_row(rows[j]):
                break
            if column < len(rows[j].texts) and rows[j].texts[column]:
                target = j
                break
            if self.text(rows[j], NUMBER):
                break  # the task's first row: the text cannot belong further up
        upper = rows[target]
        cells = list(upper.cells) + [None] * (column + 1 - len(upper.cells))
        cells[column] = _join_cells(cells[column], cell, self.layout.hyphens)
        rows[target] = Row(cells=tuple(cells), where=upper.where, page_break=upper.page_break)

    def body_rows(self, start: int) -> list[Row]:
        """Return the table's rows with header repeats dropped and page-split rows joined."""
        rows: list[Row] = []
        pending_break = False
        for row in self.layout.rows[start:]:
            texts = row.texts
            if not any(texts) or is_number_row(texts) or self.is_header(texts):
                pending_break = pending_break or row.page_break  # a repeated header: the break is after it
                continue
            if pending_break:
                row = Row(cells=row.cells, where=row.where, page_break=True)
                pending_break = False
            kind = self.continuation(row, rows[-1] if rows else None)
            if kind == "all":
                for i, cell in enumerate(row.cells):
                    if cell_text(cell):
                        self.join_into(rows, i, cell)
            elif kind == "part":
                cells = list(row.cells)
                for column in (TASK,) + _VALUE_COLUMNS:
                    i = self.columns.index[column]
                    text = row.texts[i] if i < len(row.texts) else ""
                    if text and (column == TASK or text[:1].islower()):
                        self.join_into(rows, i, cells[i])
                        cells[i] = None
                rows.append(Row(cells=tuple(cells), where=row.where, page_break=True))
            else:
                rows.append(row)
        return rows

    # -- structure -------------------------------------------------------------------
    def add_section(self, row: Row) -> None:
        number, title = read_section_heading(row.texts[0])
        if number is None:
            number = (self.sections[-1][0] + 1) if self.sections else 1
            self.structure_warnings.append(W.SECTION_UNNUMBERED(row.where, number=number))
        self.sections.append((number, title, []))

    def add_task(self, row: Row) -> None:
        if not self.sections:
            self.structure_warnings.append(W.TASK_BEFORE_SECTION(row.where))
            self.sections.append((1, "", []))
        tasks = self.sections[-1][2]
        printed = self.text(row, NUMBER)
        m = _TASK_NUMBER.search(printed) or re.search(r"\d+", printed)
        number = int(m.group(1) if m.groups() else m.group(0)) if m else len(tasks) + 1
        if not m:
            self.structure_warnings.append(W.TASK_NUMBER_UNKNOWN(row.where, printed=quote(printed),
                                                                 number=number))
        tasks.append(_Draft(number=number, text=self.text(row, TASK)))
        self.add_measures(row)

    def add_measures(self, row: Row) -> None:
        if not self.sections or not self.sections[-1][2]:
            self.structure_warnings.append(W.MEASURE_WITHOUT_TASK(row.where))
            return
        task = self.sections[-1][2][-1]
        expected = task.measures[-1]["number"] + 1 if task.measures else 1
        items: list[list] = []
        style = None  # "1." or "1)": the cell's measures keep one; "1) … 2) …" under "1." is a list
        for para in self.cell(row, MEASURE) or ():
            number, body = para.number, para.text
            if number is None:
                m = _MEASURE_NUMBER.match(body)
                if m and int(m.group(1)) == expected and style in (None, m.group(2)):
                    number, body, style = int(m.group(1)), body[m.end():], m.group(2)
            if number is not None:
                items.append([number, body])
                expected = number + 1
            elif items:
                items[-1][1] = join_words(items[-1][1], body)
            else:
                items.append([None, body])
        values = {c: self.text(row, c) for c in _VALUE_COLUMNS}
        extra = {name: (row.texts[i] if i < len(row.texts) else "")
                 for i, name in self.extra_names.items()}
        for number, body in items:
            if number is None:
                number = task.measures[-1]["number"] + 1 if task.measures else 1
            above = task.measures[-1] if task.measures else {}
            measure = {"number": number, "text": body.strip()}  # paragraphs come folded
            for column in _VALUE_COLUMNS:
                measure[column] = values[column] or above.get(column, "")
            # a further column is filled from above as the plan's own value columns are
            measure["extra"] = {k: v or above.get("extra", {}).get(k, "") for k, v in extra.items()}
            task.measures.append(measure)

    # -- records ---------------------------------------------------------------------
    def build(self, rows: list[Row]) -> tuple[tuple[Section, ...], tuple[PlanWarning, ...]]:
        for row in rows:
            if self.is_section_row(row):
                self.add_section(row)
            elif self.text(row, NUMBER):
                self.add_task(row)
            else:
                self.add_measures(row)
        code_warnings: list[PlanWarning] = []
        value_warnings: list[PlanWarning] = []
        sections = []
        for number, title, drafts in self.sections:
            tasks = []
            for draft in drafts:
                task_id = f"{number}.{draft.number}"
                measures = tuple(self.measure(task_id, m, code_warnings, value_warnings)
                                 for m in draft.measures)
                tasks.append(Task(id=task_id, number=draft.number, text=fold(draft.text),
                                  measures=measures))
            sections.append(Section(number=number, title=title, tasks=tuple(tasks)))
        return tuple(sections), tuple(code_warnings + value_warnings + self.structure_warnings)

    def measure(self, task_id: str, m: dict, code_warnings: list, value_warnings: list) -> Measure:
        measure_id = f"{task_id}.{m['number']}"
        executors, notes = read_executors(m[EXECUTORS], self.book)
        code_warnings.extend(W.EXECUTOR_READ_AS(measure_id, printed=printed, code=code)
                             for printed, code in notes)
        deadline = parse_deadline(m[DEADLINE])
        if not deadline.text:
            value_warnings.append(W.DEADLINE_EMPTY(measure_id))
        elif not is_understood(deadline):
            value_warnings.append(W.DEADLINE_UNKNOWN(measure_id, text=quote(deadline.text)))
        if not m[RESULT]:
            value_warnings.append(W.RESULT_EMPTY(measure_id))
        if not executors.text:
            value_warnings.append(W.NO_EXECUTOR(measure_id))
        elif not executors.codes:
            value_warnings.append(W.NO_GLOSSARY_CODE(measure_id))
        if not m[FUNDING]:
            value_warnings.append(W.FUNDING_EMPTY(measure_id))
        extra = tuple((k, fold(v)) for k, v in m["extra"].items() if v)
        return Measure(id=measure_id, number=m["number"], text=m["text"], deadline=deadline,
                       expected_result=m[RESULT], executors=executors, funding=m[FUNDING],
                       extra=extra)


_FIELD_NAMES = {TASK: "task", MEASURE: "measure", DEADLINE: "deadline", RESULT: "expected result",
                EXECUTORS: "executors", FUNDING: "funding"}


def _doubt_warnings(sections: tuple[Section, ...], layout: Layout,
                    columns: ColumnMap) -> list[PlanWarning]:
    """Return a warning on each measure whose field holds a reading the reader took on weak
    evidence, naming the field and both readings (once per measure, field and reading)."""
    field_of = {columns.index[c]: c for c in _FIELD_NAMES if c in columns.index}
    warnings: dict[PlanWarning, None] = {}
    for task in (t for s in sections for t in s.tasks):
        for m in task.measures:
            texts = {TASK: task.text, MEASURE: m.text, DEADLINE: m.deadline.text,
                     RESULT: m.expected_result, EXECUTORS: m.executors.text, FUNDING: m.funding}
            for d in layout.doubts:
                column = field_of.get(d.column)
                if column is None or column == TASK and m is not task.measures[0]:
                    continue  # the task's text: one warning, on its first measure
                if fold(d.chosen) in texts[column]:
                    found = W.WEAK_READING(m.id, field=_FIELD_NAMES[column], chosen=d.chosen,
                                           other=d.other)
                    warnings[found] = None
    return list(warnings)


def layout_to_plan(layout: Layout, source: Source) -> Plan:
    """Return the plan records a reader's Layout holds."""
    layout, control_places = without_controls(layout)
    header_at, columns = _find_header(layout)
    note, glossary = read_backmatter(layout.after)
    builder = _Builder(layout, columns)
    builder.book = CodeBook(glossary)
    sections, warnings = builder.build(builder.body_rows(header_at + 1))
    warnings += tuple(_doubt_warnings(sections, layout, columns))
    if not any(s.tasks for s in sections):
        raise NoPlanTable(_("the plan table has a header but no measures"), file=layout.file)
    title, stamp, heading_warnings = read_heading(layout.before)
    warnings = tuple(W.CONTROL_CHARACTERS(where) for where in control_places) + warnings
    return Plan(title=title, language=columns.language, sections=sections, glossary=glossary,
                note=note, warnings=warnings + heading_warnings, source=source, approved_by=stamp)
