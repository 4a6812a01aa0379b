"""The Excel form each unit fills for a year: its measures, locked, and the cells it answers in.

`form_workbook(plan, unit, year)` builds the workbook; `form_bytes` gives it as .xlsx bytes for the
command line to write. The form keeps its identity (plan fingerprint, unit, year, form version)
twice, as custom document properties and as workbook defined names, neither of which survives a
copy of the sheet into a new workbook; collect then reads the visible header and ids instead.
"""

from __future__ import annotations

import io
from datetime import date

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from model.errors import EsepError
from model.form_layout import (COLUMNS, DATE_ERROR, DATE_ERROR_TITLE, STATUS_PROMPT,
                               STATUS_PROMPT_TITLE, EARLIEST_FILLED_ON, FIELD_ROWS, FIRST_ROW, FORM_VERSION,
                               HEADER_INPUTS, HEADER_ROW, INSTRUCTION_ROW, INSTRUCTIONS,
                               LIST_SHEET, NAME_PREFIX, PREVIOUS_KEY, PREVIOUS_NOTE, PROP_PREFIX,
                               ROLE_LABELS, STATUS_ERROR, TITLE_ROW, TITLES, UNIT_SEPARATOR,
                               VALUE_COLUMN, Column, field_cell, form_columns, header_label,
                               previous_answer)
from model.forms import FormRow, check_due, default_due, sheet_title, unit_measures
from model.plan import Plan
from model.progress import DONE, LANGUAGES_OF_STATUS, NOT_DONE, STATUS_LABELS, Progress
from model.statuses import labels
from model.i18n import _

# Arial prints the same width everywhere (Liberation Sans is its metric twin in LibreOffice). The
# plan's own text is set smaller than the answers, so eleven columns print readably on A4 across.
FONT = "Arial"
PLAN_SIZE, INPUT_SIZE = 9, 10
MAX_ROW_POINTS = 409.0        # Excel's limit for a row's height
# Estimates kept on the safe side: characters per unit of column width (a wide Cyrillic letter
# such as "ш" or "ж" takes more than one unit) and points per printed line, per font size.
_CHARS_PER_UNIT = {PLAN_SIZE: 1.1, INPUT_SIZE: 1.0}
_LINE_POINTS = {PLAN_SIZE: 12.0, INPUT_SIZE: 13.5}
_INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
_HEAD_FILL = PatternFill("solid", fgColor="D9E1F2")
_PREVIOUS_FILL = PatternFill("solid", fgColor="E7E6E6")  # grey: last year's, locked
_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP_TOP = Alignment(wrap_text=True, vertical="top")
_UNLOCKED = Protection(locked=False)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def set_cell(ws, row: int, column: int, value=None):
    """Return `ws`'s cell at (`row`, `column`) holding `value`; a text stays text, never a formula.

    openpyxl takes a text starting with "=" for a formula, and Excel may take one starting with
    "+", "-" or "@" for one when the cell is edited; a plan text or an answer is only ever text,
    so it is stored as a string, marked (quote prefix) to stay one when a clerk retypes it.
    """
    cell = ws.cell(row, column, value)
    if isinstance(value, str):
        cell.data_type = "s"
        if value[:1] in FORMULA_STARTS:
            cell.quotePrefix = True
    return cell
# A row with a mistake turns red as it is typed (Excel's own "light red fill, dark red text").
_MISTAKE_FILL = PatternFill("solid", start_color="FFC7CE", end_color="FFC7CE", bgColor="FFC7CE")
_MISTAKE_FONT = Font(color="9C0006")


def form_bytes(plan: Plan, unit: str, year: int, due: date | None = None,
               last_year: Progress | None = None) -> bytes:
    """Return `unit`'s form for `year` as .xlsx bytes (see `form_workbook`)."""
    buffer = io.BytesIO()
    form_workbook(plan, unit, year, due, last_year).save(buffer)
    return buffer.getvalue()


def form_workbook(plan: Plan, unit: str, year: int, due: date | None = None,
                  last_year: Progress | None = None) -> Workbook:
    """Return the workbook `unit` fills for `year`: header block, measures, hidden identity.

    With `last_year` (an earlier year's progress, of `plan`'s measure ids), a locked grey column
    beside each measure shows what the unit answered then, and marks a measure overdue then.
    """
    due = due or default_due(year)
    check_due(due, year)
    if last_year is not None and last_year.year >= year:
        raise EsepError(_("last year's progress is of {found}: give a year before {year}")
                        .format(found=last_year.year, year=year))
    lang = "ru" if plan.language == "ru" else "ky"
    rows = unit_measures(plan, unit, year)
    columns = form_columns(last_year.year if last_year else None)
    wb = Workbook()
    # The workbook's first font sets Excel's unit of column width (its digit width): Arial 10 here,
    # so the widths print alike in Excel and in LibreOffice, which lacks Calibri.
    wb._fonts = type(wb._fonts)([Font(name=FONT, size=INPUT_SIZE), *list(wb._fonts)[1:]])
    ws = wb.active
    ws.title = sheet_title(unit)
    _write_header_block(ws, plan, unit, year, due, lang, columns, last_year)
    _write_table(ws, plan, unit, rows, lang, columns, last_year)
    _add_status_list(wb, ws, len(rows), lang, columns)
    _add_mistake_rules(ws, rows, year, columns)
    _set_page(ws, len(rows), columns)
    _set_identity(wb, plan, unit, year)
    wb.properties.title = TITLES[lang].format(year=year)
    wb.properties.creator = "esep"
    return wb


def _write_header_block(ws, plan: Plan, unit: str, year: int, due: date, lang: str,
                        columns: tuple[Column, ...], last_year: Progress | None) -> None:
    last_column = get_column_letter(len(columns))
    title = set_cell(ws, TITLE_ROW, 1, TITLES[lang].format(year=year))
    title.font = Font(name=FONT, bold=True, size=14)
    ws.row_dimensions[TITLE_ROW].height = 20
    ws.merge_cells(f"A{TITLE_ROW}:{last_column}{TITLE_ROW}")
    values = {"unit": f"{unit}{UNIT_SEPARATOR}{plan.unit_name(unit)}", "year": year,
              "plan": plan.title, "due": due, "filled_on": None, "filled_by": None}
    for key, row in FIELD_ROWS.items():
        label = set_cell(ws, row, 1, header_label(key, lang))
        label.font = Font(name=FONT, bold=True, size=INPUT_SIZE)
        label.alignment = _WRAP_TOP
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=VALUE_COLUMN - 1)
        cell = set_cell(ws, row, VALUE_COLUMN, values[key])
        cell.font = Font(name=FONT, size=INPUT_SIZE)
        cell.alignment = Alignment(wrap_text=True, vertical="top", horizontal="left")
        if key in HEADER_INPUTS:
            cell.fill, cell.protection, cell.border = _INPUT_FILL, _UNLOCKED, _BORDER
            cell.number_format = "DD.MM.YYYY" if key == "filled_on" else "@"
        else:
            ws.merge_cells(start_row=row, start_column=VALUE_COLUMN, end_row=row,
                           end_column=len(columns))
            if key == "due":
                cell.number_format = "DD.MM.YYYY"
        label_width = sum(c.width for c in columns[:2])
        value_width = columns[2].width if key in HEADER_INPUTS else sum(c.width for c in columns[2:])
        ws.row_dimensions[row].height = max(
            text_height(label.value, label_width, INPUT_SIZE, bold=True),
            text_height(_shown(values[key]), value_width, INPUT_SIZE))
    text = INSTRUCTIONS[lang]
    if last_year is not None:
        text += PREVIOUS_NOTE[lang].format(year=last_year.year, next=year)
    instruction = set_cell(ws, INSTRUCTION_ROW, 1, text)
    instruction.font = Font(name=FONT, italic=True, size=INPUT_SIZE)
    instruction.alignment = _WRAP_TOP
    ws.merge_cells(f"A{INSTRUCTION_ROW}:{last_column}{INSTRUCTION_ROW}")
    ws.row_dimensions[INSTRUCTION_ROW].height = text_height(text, sum(c.width for c in columns),
                                                            INPUT_SIZE)


def _shown(value) -> str:
    return f"{value:%d.%m.%Y}" if isinstance(value, date) else str(value or "")


def _write_table(ws, plan: Plan, unit: str, rows: tuple[FormRow, ...], lang: str,
                 columns: tuple[Column, ...], last_year: Progress | None) -> None:
    for col, column in enumerate(columns, start=1):
        cell = set_cell(ws, HEADER_ROW, col, column.header(lang))
        cell.font = Font(name=FONT, bold=True, size=PLAN_SIZE)
        cell.fill, cell.border = _HEAD_FILL, _BORDER
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        ws.column_dimensions[get_column_letter(col)].width = column.width
    ws.row_dimensions[HEADER_ROW].height = max(
        text_height(c.header(lang), c.width, PLAN_SIZE, bold=True) for c in columns)
    roles = ROLE_LABELS[lang]
    plan_font, input_font = Font(name=FONT, size=PLAN_SIZE), Font(name=FONT, size=INPUT_SIZE)
    for offset, form_row in enumerate(rows):
        m = form_row.measure
        task = plan.task_of(m.id)
        values = {"id": m.id, "task": task.text if task else "", "measure": m.text,
                  "deadline": m.deadline.text, "expected": m.expected_result,
                  "role": roles[form_row.role]}
        previous = previous_answer(last_year, m.id, unit, lang) if last_year else None
        if previous is not None:
            values[PREVIOUS_KEY] = previous.text
        r = FIRST_ROW + offset
        for col, column in enumerate(columns, start=1):
            cell = set_cell(ws, r, col, values.get(column.key))
            cell.alignment, cell.border = _WRAP_TOP, _BORDER
            if column.key == PREVIOUS_KEY:
                cell.font = Font(name=FONT, size=PLAN_SIZE, italic=True, bold=previous.overdue)
                cell.fill = _PREVIOUS_FILL
            elif column.is_input:
                cell.font, cell.fill, cell.protection = input_font, _INPUT_FILL, _UNLOCKED
                cell.number_format = "@"
            else:
                cell.font = plan_font
                if column.key == "id":
                    cell.number_format = "@"  # "1.10" must not become the number 1.1
        ws.row_dimensions[r].height = _row_height(values, columns)


def _row_height(values: dict[str, str], columns: tuple[Column, ...]) -> float:
    """Return a row height that shows all the locked text, and a line's room to type below it."""
    tallest = max(text_height(values.get(c.key) or "", c.width, PLAN_SIZE)
                  for c in columns if not c.is_input)
    typing = _LINE_POINTS[INPUT_SIZE]
    return min(MAX_ROW_POINTS, max(tallest + typing, 2 * typing) + 4)


def text_height(text: str, width: float, size: int, bold: bool = False) -> float:
    """Return the points `text` takes wrapped in a column `width` units wide, in Arial `size`."""
    chars = max(1, int((width - 1) * _CHARS_PER_UNIT[size] * (0.9 if bold else 1.0)))
    return min(MAX_ROW_POINTS, wrapped_lines(str(text), chars) * _LINE_POINTS[size] + 3)


def wrapped_lines(text: str, chars: int) -> int:
    """Return the lines `text` takes wrapped at word ends in lines of `chars` characters."""
    total = 0
    for paragraph in text.split("\n"):
        lines, used = 1, 0
        for word in paragraph.split():
            length = len(word)
            if used and used + 1 + length > chars:
                lines, used = lines + 1, 0
            while length > chars:  # a word longer than the line is broken inside it
                lines, length = lines + 1, length - chars
            used += (1 if used else 0) + length
        total += lines
    return total


def column_letter(key: str, columns: tuple[Column, ...] = COLUMNS) -> str:
    """Return the letter of the form's column `key`, e.g. ``G`` for the status."""
    return get_column_letter(next(i for i, c in enumerate(columns, 1) if c.key == key))


def status_choices(lang: str) -> tuple[str, ...]:
    """Return the drop-down's words: the form's language first, then the other's spellings."""
    others = tuple(word for other in LANGUAGES_OF_STATUS if other != lang for word in labels(other))
    return labels(lang) + others


def _add_status_list(wb: Workbook, ws, count: int, lang: str, columns: tuple[Column, ...]) -> None:
    lists = wb.create_sheet(LIST_SHEET)
    choices = status_choices(lang)
    for r, text in enumerate(choices, start=1):
        set_cell(lists, r, 1, text)
    lists.sheet_state = "hidden"
    lists.protection.sheet = True
    # No "=" and no quotes: the form Excel itself writes (LIST_SHEET is a plain ASCII name).
    source = f"{LIST_SHEET}!$A$1:$A${len(choices)}"
    status_col = column_letter("status", columns)
    validation = DataValidation(type="list", formula1=source, allow_blank=True,
                                showErrorMessage=True, errorTitle="Статус",
                                error=STATUS_ERROR[lang], showDropDown=False,
                                showInputMessage=True, promptTitle=STATUS_PROMPT_TITLE[lang],
                                prompt=STATUS_PROMPT[lang])
    ws.add_data_validation(validation)
    if count:
        validation.add(f"{status_col}{FIRST_ROW}:{status_col}{FIRST_ROW + count - 1}")
    earliest = str(int(to_excel(EARLIEST_FILLED_ON)))  # Excel's serial number of the date
    dates = DataValidation(type="date", operator="greaterThan", formula1=earliest,
                           allow_blank=True, showErrorMessage=True, errorTitle=DATE_ERROR_TITLE[lang],
                           error=DATE_ERROR[lang])
    ws.add_data_validation(dates)
    dates.add(field_cell("filled_on"))


def mistake_formulas(first_row: int = FIRST_ROW,
                     columns: tuple[Column, ...] = COLUMNS) -> dict[str, str]:
    """Return the conditional-formatting formulas that mark a row, by the mistake they catch.

    `done-without-text`: "done" (either language) and nothing in "what was done";
    `not-done-without-reason`: "not done" and no reasons; `overdue-without-status`, for the rows
    of measures whose period has ended by the year's end: no status chosen.
    """
    status, done, reasons = (f"${column_letter(k, columns)}{first_row}" for k in ("status", "done",
                                                                            "reasons"))

    def said(key: str) -> str:
        words = [STATUS_LABELS[lang][key] for lang in LANGUAGES_OF_STATUS]
        return "OR(" + ",".join(f'TRIM({status})="{w}"' for w in words) + ")"

    return {"done-without-text": f"AND({said(DONE)},LEN(TRIM({done}))=0)",
            "not-done-without-reason": f"AND({said(NOT_DONE)},LEN(TRIM({reasons}))=0)",
            "overdue-without-status": f"LEN(TRIM({status}))=0"}


def _add_mistake_rules(ws, rows: tuple[FormRow, ...], year: int,
                       columns: tuple[Column, ...]) -> None:
    """Turn a row's cells red while it holds one of the mistakes collect would report."""
    if not rows:
        return
    last, last_column = FIRST_ROW + len(rows) - 1, get_column_letter(len(columns))
    whole = f"A{FIRST_ROW}:{last_column}{last}"
    formulas = mistake_formulas(FIRST_ROW, columns)
    for kind in ("done-without-text", "not-done-without-reason"):
        ws.conditional_formatting.add(whole, FormulaRule(
            formula=[formulas[kind]], fill=_MISTAKE_FILL, font=_MISTAKE_FONT))
    overdue = [f"A{r}:{last_column}{r}" for r, form_row in enumerate(rows, start=FIRST_ROW)
               if form_row.measure.deadline.has_ended_by(year)]
    if overdue:
        # One formula for every range: relative to the first row of the first range.
        first = int(overdue[0].split(":")[0][1:])
        ws.conditional_formatting.add(" ".join(overdue), FormulaRule(
            formula=[mistake_formulas(first, columns)["overdue-without-status"]], fill=_MISTAKE_FILL,
            font=_MISTAKE_FONT))


def _set_page(ws, count: int, columns: tuple[Column, ...]) -> None:
    ws.freeze_panes = f"A{FIRST_ROW}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.print_area = f"A1:{get_column_letter(len(columns))}{max(FIRST_ROW, HEADER_ROW + count)}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.3
    ws.page_margins.top = ws.page_margins.bottom = 0.4
    ws.page_margins.header = ws.page_margins.footer = 0.2
    # Protected without a password: a clerk may resize rows and columns, nothing else.
    ws.protection.sheet = True
    ws.protection.formatRows = False
    ws.protection.formatColumns = False
    ws.protection.selectLockedCells = False
    ws.protection.selectUnlockedCells = False


def _set_identity(wb: Workbook, plan: Plan, unit: str, year: int) -> None:
    identity = {"plan": plan.fingerprint(), "unit": unit, "year": str(year),
                "form_version": FORM_VERSION}
    for key, value in identity.items():
        wb.custom_doc_props.append(StringProperty(name=PROP_PREFIX + key, value=value))
        wb.defined_names[NAME_PREFIX + key] = DefinedName(NAME_PREFIX + key,
                                                          attr_text=f'"{value}"')
