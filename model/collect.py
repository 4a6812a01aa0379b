"""Filled unit forms in: read, checked against the plan, newest per unit kept, merged per measure.

The steps are separate functions so later stages can reuse them:

- `read_form(path)` opens one file and returns what it holds, plan-free: identity, header block,
  the measures table's rows (`read_rows`) and the problems of its layout;
- `check_form(form, plan, year)` checks it against the plan and gives the unit's entries;
- `merge(plan, year, forms)` picks the newest form per unit and merges the entries per measure.

`collect(plan, inputs, year)` runs them all. Input files are only ever read.
"""

from __future__ import annotations

import re
import warnings
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Iterable, Iterator

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from .form_layout import (COLUMNS, FORM_VERSION, IDENTITY_KEYS, LIST_SHEET, NAME_PREFIX,
                          PROP_PREFIX, UNIT_SEPARATOR, column_key, header_key)
from .forms import FormRow, check_year, form_units, unit_measures
from .errors import EsepError
from .plan import Plan
from .progress import (DONE, IN_PROGRESS, LEAD, NOT_DONE, NOT_YET_DUE, OUTCOME_DONE,
                       OUTCOME_IN_PROGRESS, OUTCOME_NO_INFO, OUTCOME_NOT_DONE,
                       OUTCOME_NOT_YET_DUE, OUTCOME_OVERDUE, Entry, MeasureProgress, Problem,
                       Progress, UnitReturn)
from .statuses import labels, normalize, status_key
from .xlsx_safety import UnsafeWorkbook, check_workbook

FORM_SUFFIXES = (".xlsx", ".xlsm")
NOTED_SUFFIXES = (".xls", ".xlsb", ".ods", ".csv")  # in a folder: read only to say what they are
HEADER_SEARCH_ROWS = 40
WARNING = "warning"


@dataclass(frozen=True)
class FormIdentity:
    """Which form a file is: from its hidden identity, or read from its visible header."""

    plan: str | None          # plan fingerprint; None when only the header was there
    unit: str | None
    year: int | None
    form_version: str | None
    hidden: bool              # True when read from the hidden identity


@dataclass(frozen=True)
class RowAnswer:
    """One row of the measures table as typed: the id and the input cells, plan-free."""

    row: int
    measure_id: str           # "" when the row has no id
    status_text: str
    done: str = ""
    figures: str = ""
    documents: str = ""
    reasons: str = ""

    def is_blank(self) -> bool:
        """Return True when nothing is typed in any input cell."""
        return not (self.status_text or self.done or self.figures or self.documents
                    or self.reasons)


@dataclass(frozen=True)
class FormFile:
    """What one file holds, before the plan is consulted; `ok` is False when it cannot be used."""

    file: str                                # the name problems and the summary use
    path: Path
    mtime: float
    ok: bool = False
    sheet: str = ""
    identity: FormIdentity | None = None
    header: dict[str, Any] = field(default_factory=dict)
    columns: dict[str, str] = field(default_factory=dict)  # column key -> letter
    rows: tuple[RowAnswer, ...] = ()
    problems: tuple[Problem, ...] = ()

    def cell(self, key: str, row: int) -> str:
        """Return the reference of column `key` in `row`, e.g. ``G12`` ("" if it is gone)."""
        letter = self.columns.get(key)
        return f"{letter}{row}" if letter else ""

    @property
    def filled_on(self) -> date | None:
        """Return the date typed in the form's "filled on" cell, if it reads as a date."""
        return _as_date(self.header.get("filled_on"))


@dataclass(frozen=True)
class CheckedForm:
    """A form checked against the plan: its unit, entries and problems; `usable` if it counts."""

    form: FormFile
    unit: str | None
    usable: bool
    entries: tuple[Entry, ...] = ()
    problems: tuple[Problem, ...] = ()


# --- finding and reading files ---------------------------------------------------------

def find_inputs(inputs: Iterable[str | Path]) -> list[tuple[Path, str]]:
    """Return (path, display name) for every form file given or inside a folder given, sorted.

    Files inside a folder are named relative to it, or by the path as given where two such
    names would be the same; a file given twice (or inside two folders given) is read once.
    Excel's "~$" lock files are passed over. Raise EsepError when there is no file at all: an
    empty inbox is a wrong folder, not a year in which no unit answered.
    """
    inputs = [Path(item) for item in inputs]
    found: dict[Path, tuple[Path, str, str]] = {}  # resolved path -> (path, short, long name)
    for item in inputs:
        if item.is_dir():
            for path in sorted(item.rglob("*")):
                if (path.is_file() and path.suffix.lower() in FORM_SUFFIXES + NOTED_SUFFIXES
                        and not path.name.startswith(("~$", ".~lock"))):
                    found.setdefault(path.resolve(), (path, path.relative_to(item).as_posix(),
                                                      path.as_posix()))
        else:
            found.setdefault(item.resolve(), (item, str(item), str(item)))
    if not found:
        raise EsepError("no .xlsx or .xlsm forms found in " + ", ".join(map(str, inputs)))
    uses = Counter(short for _, short, _ in found.values())
    return [(path, short if uses[short] == 1 else long) for path, short, long in found.values()]


def read_form(path: str | Path, name: str | None = None) -> FormFile:
    """Return what the form file at `path` holds; its problems are in it, never raised."""
    path = Path(path)
    name = name or path.name
    mtime = path.stat().st_mtime
    try:
        check_workbook(path)
        # openpyxl warns of parts it drops (e.g. Excel's own drop-down extension): nothing the
        # clerk can act on, and none of it is read anyway. Rows are parsed lazily, so the whole
        # reading is inside.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = load_workbook(path, read_only=True, data_only=True, keep_links=False)
            try:
                return _read_open_workbook(wb, name, path, mtime)
            finally:
                wb.close()
    except UnsafeWorkbook as exc:
        return FormFile(name, path, mtime, problems=(_file_problem("bad-file", exc.message, name),))
    except Exception as exc:  # openpyxl, zipfile and the XML parser raise many kinds on broken parts
        reason = (f"Excel could not read it ({type(exc).__name__}: {_cut(str(exc), 120)}); "
                  "ask the unit to save it again as .xlsx and resend")
        return FormFile(name, path, mtime, problems=(_file_problem("bad-file", reason, name),))


def _read_open_workbook(wb, name: str, path: Path, mtime: float) -> FormFile:
    hidden = _hidden_identity(wb)
    for ws in wb.worksheets:
        if ws.title == LIST_SHEET or ws.sheet_state != "visible":
            continue
        if hasattr(ws, "reset_dimensions"):
            ws.reset_dimensions()  # some writers store a wrong size; read every row there is
        rows = ws.iter_rows(min_row=1, values_only=True)
        top: list[tuple] = []
        for number, values in enumerate(rows, start=1):
            if _header_columns(values):
                return _read_table(name, path, mtime, ws.title, hidden, top, number, values, rows)
            top.append(values)
            if number >= HEADER_SEARCH_ROWS:
                break
    return FormFile(name, path, mtime, problems=(_file_problem(
        "no-form-table", "no measures table found (no header row with the '№' and 'Статус' "
        "columns); send the form made by esep forms, filled in", name),))


def _header_columns(values: tuple) -> dict[int, str] | None:
    keys = {i: column_key(v) for i, v in enumerate(values) if isinstance(v, str)}
    keys = {i: k for i, k in keys.items() if k}
    found = set(keys.values())
    return keys if "id" in found and ("status" in found or len(found) >= 4) else None


def _read_table(name: str, path: Path, mtime: float, sheet: str, hidden: dict[str, str],
                top: list[tuple], header_row: int, header: tuple, rows: Iterator) -> FormFile:
    problems: list[Problem] = []
    columns, index = _map_columns(header, header_row, name, sheet, problems)
    body = list(rows)
    answers = tuple(read_rows(body, index, header_row + 1))
    problems.extend(_unknown_columns(name, sheet, header, header_row, index, body))
    if not hidden:
        problems.append(Problem("identity-lost", "the form's hidden identity is missing (copied "
                                "into a new workbook?); its unit and year were read from the "
                                "header, the plan version could not be checked",
                                name, sheet, severity=WARNING))
    block = _read_header_block(top)
    return FormFile(name, path, mtime, ok=True, sheet=sheet, identity=_identity(hidden, block),
                    header=block, columns=columns, rows=answers, problems=tuple(problems))


def read_rows(rows: Iterable[tuple], index: dict[str, int], first_row: int) -> Iterator[RowAnswer]:
    """Yield the measures table's rows as typed, from cell values per row and column positions.

    `index` maps column keys to 0-based positions (from the header row); rows with nothing in the
    id and input columns are passed over. This is the reading of a form's rows on its own, for
    any stage that needs id -> answer from a form.
    """
    def text(values: tuple, key: str) -> str:
        i = index.get(key)
        return _text(values[i]) if i is not None and i < len(values) else ""

    for number, values in enumerate(rows, start=first_row):
        answer = RowAnswer(row=number, measure_id=_measure_id(text(values, "id")),
                           status_text=text(values, "status"), done=text(values, "done"),
                           figures=text(values, "figures"), documents=text(values, "documents"),
                           reasons=text(values, "reasons"))
        if answer.measure_id or not answer.is_blank():
            yield answer


def _map_columns(header: tuple, header_row: int, name: str, sheet: str,
                 problems: list[Problem]) -> tuple[dict[str, str], dict[str, int]]:
    index: dict[str, int] = {}
    for i, value in enumerate(header):
        key = column_key(value) if isinstance(value, str) else None
        if key is None:
            continue
        if key in index:
            problems.append(Problem(
                "column-duplicate", f"the column '{value}' appears twice; only the first one "
                f"({get_column_letter(index[key] + 1)}) was read", name, sheet,
                f"{get_column_letter(i + 1)}{header_row}"))
            continue
        index[key] = i
    for position, column in enumerate(COLUMNS):
        if column.key not in index:
            severity = "error" if column.is_input else WARNING
            consequence = ("its answers cannot be read" if column.is_input
                           else "the plan's text is not needed to read the answers")
            problems.append(Problem(
                "column-missing", f"the column '{column.ky}' / '{column.ru}' is missing (renamed "
                f"or deleted); {consequence}. Put the header back as the form had it",
                name, sheet, f"{get_column_letter(position + 1)}{header_row}", severity=severity))
    expected = [c.key for c in COLUMNS if c.key in index]
    if sorted(index, key=index.get) != expected:
        problems.append(Problem(
            "column-moved", "the columns are not in the form's order (moved, or one inserted); "
            "they were read by their headers", name, sheet, f"A{header_row}", severity=WARNING))
    return {k: get_column_letter(i + 1) for k, i in index.items()}, index


def _unknown_columns(name: str, sheet: str, header: tuple, header_row: int,
                     index: dict[str, int], body: list[tuple]) -> list[Problem]:
    """Return a problem for each column the form does not have: an error if anything is in it."""
    known = set(index.values())
    problems = []
    for i, value in enumerate(header):
        filled = sum(1 for values in body if i < len(values) and values[i] not in (None, ""))
        if i in known or (value in (None, "") and not filled):
            continue
        title = (f"the column '{_text(value)}'" if value not in (None, "")
                 else "a column without a header")
        if filled:
            problems.append(Problem(
                "column-unknown", f"{title} is not one of the form's columns; the {filled} "
                "cell(s) typed in it were not read — move them into the form's own columns",
                name, sheet, f"{get_column_letter(i + 1)}{header_row}"))
        else:
            problems.append(Problem(
                "column-unknown", f"{title} is not one of the form's columns (it is empty)",
                name, sheet, f"{get_column_letter(i + 1)}{header_row}", severity=WARNING))
    return problems


def _read_header_block(top: list[tuple]) -> dict[str, Any]:
    block: dict[str, Any] = {}
    for values in top:
        for i, value in enumerate(values):
            key = header_key(value) if isinstance(value, str) else None
            if key:
                block[key] = next((v for v in values[i + 1:] if v not in (None, "")), None)
                break
    return block


def _hidden_identity(wb) -> dict[str, str]:
    found: dict[str, str] = {}
    try:
        for prop in wb.custom_doc_props:
            if prop.name and prop.name.startswith(PROP_PREFIX):
                found[prop.name[len(PROP_PREFIX):]] = str(prop.value)
    except AttributeError:
        pass
    for key in IDENTITY_KEYS:
        defined = wb.defined_names.get(NAME_PREFIX + key)
        if key not in found and defined is not None and defined.attr_text:
            found[key] = defined.attr_text.strip().strip('"')
    return found if {"unit", "year"} <= set(found) else {}


def _identity(hidden: dict[str, str], block: dict[str, Any]) -> FormIdentity:
    if hidden:
        return FormIdentity(plan=hidden.get("plan"), unit=hidden["unit"],
                            year=_as_year(hidden["year"]), form_version=hidden.get("form_version"),
                            hidden=True)
    unit_text = _text(block.get("unit"))
    unit = unit_text.split(UNIT_SEPARATOR)[0].strip() if unit_text else None
    return FormIdentity(plan=None, unit=unit or None, year=_as_year(block.get("year")),
                        form_version=None, hidden=False)


# --- checking against the plan ---------------------------------------------------------

def check_form(form: FormFile, plan: Plan, year: int) -> CheckedForm:
    """Return `form` checked against `plan` for `year`: the unit's entries and every problem."""
    if not form.ok or form.identity is None:
        return CheckedForm(form, None, False, problems=form.problems)
    ident, name, sheet = form.identity, form.file, form.sheet
    problems = list(form.problems)

    def refuse(kind: str, message: str) -> CheckedForm:
        return CheckedForm(form, ident.unit, False,
                           problems=tuple(problems) + (Problem(kind, message, name, sheet),))

    unit = _known_unit(plan, ident.unit)
    if unit is None:
        return refuse("unknown-unit", f"the unit '{ident.unit or ''}' in the form is not an "
                      "executor in the plan; its answers were not taken")
    if ident.year != year:
        return refuse("other-year", f"this is a form for {ident.year or 'an unknown year'}, not "
                      f"{year}; its answers were not taken")
    if ident.plan is not None and ident.plan != plan.fingerprint():
        return refuse("other-plan", "the form was made from another version of the plan; its "
                      "answers were not taken (make a new form from the current plan, or carry "
                      "the answers over)")
    if ident.form_version not in (None, FORM_VERSION):
        return refuse("other-form-version", f"form version {ident.form_version} is not known to "
                      f"this esep (it reads version {FORM_VERSION})")
    if all(answer.is_blank() for answer in form.rows):
        return refuse("empty-form", "the form came back with nothing filled in; it is counted "
                      "as not returned")
    expected = {r.measure.id: r for r in unit_measures(plan, unit, year)}
    entries: list[Entry] = []
    seen: dict[str, int] = {}
    for answer in form.rows:
        entry = _check_row(form, plan, year, unit, expected, seen, answer, problems)
        if entry is not None:
            entries.append(entry)
    for measure_id, form_row in expected.items():
        if measure_id not in seen:
            problems.append(Problem(
                "row-deleted", f"the row of measure {measure_id} is missing from the form "
                "(deleted?); no answer from this unit is counted for it", name, sheet,
                measure=measure_id))
    return CheckedForm(form, unit, True, tuple(entries), tuple(problems))


def _check_row(form: FormFile, plan: Plan, year: int, unit: str, expected: dict[str, FormRow],
               seen: dict[str, int], answer: RowAnswer, problems: list[Problem]) -> Entry | None:
    name, sheet, mid, row = form.file, form.sheet, answer.measure_id, answer.row

    def problem(kind: str, message: str, key: str, severity: str = "error") -> None:
        problems.append(Problem(kind, message, name, sheet, form.cell(key, row), mid, severity))

    if not _ID.match(mid):
        if answer.is_blank():
            problem("row-added", f"'{mid[:60]}' is not a measure number; the row was not read",
                    "id", WARNING)
        else:
            problem("row-added", f"row {row} has answers but no measure number; rows cannot be "
                    "added to the form — write this under the measure it belongs to", "id")
        return None
    if mid not in expected:
        measure = plan.measure(mid)
        if measure is None:
            problem("unknown-measure", f"there is no measure {mid} in the plan", "id")
        elif unit not in measure.executors.codes:
            problem("not-unit-measure", f"measure {mid} is not {unit}'s: the plan names "
                    f"{', '.join(measure.executors.codes) or 'no unit'} for it", "id")
        else:
            problem("not-in-year", f"measure {mid} is not to be reported for {year} "
                    f"(its deadline: {measure.deadline.text})", "id")
        return None
    if mid in seen:
        problem("duplicate-measure", f"measure {mid} appears twice (rows {seen[mid]} and {row}); "
                f"only row {seen[mid]} was taken", "id")
        return None
    seen[mid] = row
    measure = expected[mid].measure
    status = status_key(answer.status_text)
    if not answer.status_text:
        if answer.is_blank():
            problem("missing-status", "nothing is filled in for this measure: choose a status "
                    "and write what was done", "status")
            return None
        problem("missing-status", "no status chosen: pick one from the list", "status")
    elif status is None:
        problem("bad-status", f"'{answer.status_text}' is not a status; choose one of: "
                f"{', '.join(labels(plan.language))}", "status")
    if status == DONE and not answer.done:
        problem("done-without-text", "the status says done but 'what was done' is empty: "
                "write what was done", "done")
    ended = measure.deadline.has_ended_by(year)
    if status == NOT_YET_DUE and ended:
        problem("status-contradicts-deadline", f"status '{answer.status_text}', but the deadline "
                f"({measure.deadline.text}) has passed by the end of {year}", "status", WARNING)
    if status in (NOT_DONE, IN_PROGRESS) and not answer.reasons and (status == NOT_DONE or ended):
        problem("missing-reason", "the period has ended and it is not done: write the reasons "
                "and obstacles", "reasons", WARNING)
    return Entry(measure_id=mid, unit=unit, role=expected[mid].role, status=status,
                 done=answer.done, figures=answer.figures, documents=answer.documents,
                 reasons=answer.reasons, file=name, row=row)


def _known_unit(plan: Plan, text: str | None) -> str | None:
    if not text:
        return None
    units = plan.units()
    if text in units:
        return text
    folded = normalize(text)
    for code in units:
        if normalize(code) == folded or normalize(plan.unit_name(code)) == folded:
            return code
    return None


# --- choosing and merging --------------------------------------------------------------

def merge(plan: Plan, year: int, checked: Iterable[CheckedForm]) -> Progress:
    """Return the year's Progress: the newest usable form per unit counts, merged per measure.

    `checked` is consumed one form at a time and only the newest per unit is kept, so memory
    stays flat however many files an inbox holds.
    """
    problems: list[Problem] = []
    newest: dict[str, CheckedForm] = {}
    older: dict[str, list[tuple[tuple, str]]] = {}
    for form in checked:
        if not (form.usable and form.unit):
            problems.extend(form.problems)
            continue
        best = newest.get(form.unit)
        if best is not None and _newness(best) >= _newness(form):
            older.setdefault(form.unit, []).append((_newness(form), form.form.file))
            continue
        if best is not None:
            older.setdefault(form.unit, []).append((_newness(best), best.form.file))
        newest[form.unit] = form
    winners: dict[str, CheckedForm] = {}
    units: list[UnitReturn] = []
    for unit in form_units(plan, year):
        best = newest.get(unit)
        if best is None:
            units.append(UnitReturn(unit, returned=False))
            continue
        winners[unit] = best
        superseded = tuple(name for _, name in sorted(older.get(unit, []), reverse=True))
        filled = best.form.filled_on
        units.append(UnitReturn(unit, True, best.form.file, superseded,
                                filled.isoformat() if filled else None,
                                _text(best.form.header.get("filled_by"))))
        problems.extend(best.problems)
    entries: dict[str, list[Entry]] = {}
    for form in winners.values():
        for entry in form.entries:
            entries.setdefault(entry.measure_id, []).append(entry)
    measures = []
    for m in plan.measures():
        if not m.deadline.meets_year(year):
            continue
        if not m.executors.codes:
            problems.append(Problem("no-executor", "the plan names no unit from the glossary as "
                                    "its executor, so no form asks about it", measure=m.id,
                                    severity=WARNING))
        order = {code: i for i, code in enumerate(m.executors.codes)}
        found = tuple(sorted(entries.get(m.id, []), key=lambda e: order.get(e.unit, len(order))))
        lead = next((e for e in found if e.role == LEAD), None)
        status = lead.status if lead else None
        measures.append(MeasureProgress(m.id, m.deadline.is_due_in(year),
                                        outcome(status, m.deadline.has_ended_by(year)),
                                        status, found))
    return Progress(year=year, plan_fingerprint=plan.fingerprint(), plan_title=plan.title,
                    measures=tuple(measures), units=tuple(units), problems=tuple(problems))


def outcome(status: str | None, ended: bool) -> str:
    """Return a measure's outcome for the year from the lead's status and whether its period ended.

    See the table in docs/progress-json.md.
    """
    if status is None:
        return OUTCOME_NO_INFO
    if status == DONE:
        return OUTCOME_DONE
    if ended:
        return OUTCOME_OVERDUE
    return {IN_PROGRESS: OUTCOME_IN_PROGRESS, NOT_DONE: OUTCOME_NOT_DONE,
            NOT_YET_DUE: OUTCOME_NOT_YET_DUE}[status]


def _newness(form: CheckedForm) -> tuple:
    typed = form.form.filled_on
    stamp = datetime.fromtimestamp(form.form.mtime)
    return (typed or stamp.date(), form.form.mtime, form.form.file)


def collect(plan: Plan, inputs: Iterable[str | Path], year: int,
            previous: Iterable[Plan] = ()) -> Progress:
    """Return the Progress of `year` from every form file in `inputs` (files or folders).

    Forms made from one of the `previous` plan versions have their rows carried over (model.carry).
    """
    from .carry import check_any_version  # carry builds on this module's checks
    check_year(plan, year)
    previous = tuple(previous)
    if not previous:  # the same result, without looking for older versions
        checked = (check_form(read_form(path, name), plan, year)
                   for path, name in find_inputs(inputs))
    else:
        checked = (check_any_version(read_form(path, name), plan, year, previous)
                   for path, name in find_inputs(inputs))
    return merge(plan, year, checked)


# --- cell values -----------------------------------------------------------------------

_ID = re.compile(r"^\d+(\.\d+)*$")


def _text(value: Any) -> str:
    """Return a cell value as the text a clerk typed (numbers without a trailing .0)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        midnight = value.time() == datetime.min.time()
        return value.date().isoformat() if midnight else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _measure_id(text: str) -> str:
    compact = re.sub(r"\s+", "", text).rstrip(".")
    return compact if _ID.match(compact) else text


def _as_year(value: Any) -> int | None:
    text = _text(value)
    match = re.search(r"\b(19|20)\d\d\b", text)
    return int(match.group(0)) if match else None


def _as_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    for pattern in ("%d.%m.%Y", "%Y-%m-%d", "%d/%m/%Y", "%d.%m.%y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _cut(text: str, limit: int) -> str:
    """Return `text` cut to about `limit` characters at a word's end, marked with an ellipsis."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:") + " …"


def _file_problem(kind: str, message: str, name: str) -> Problem:
    return Problem(kind, message, name)


