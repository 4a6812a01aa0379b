"""The units' answers: a form as read, checked against the plan, merged per measure.

Reading a file is ingest's work (`ingest.forms.read_form`); what it gives back is a `FormFile`,
plan-free. The steps here are pure functions over it:

- `read_rows(rows, index, first_row)` turns cell values into `RowAnswer`s;
- `check_form(form, plan, year)` checks a form against the plan and gives the unit's entries
  (`screen_form` only whether it counts, and for which unit);
- `merge(plan, year, forms)` picks the newest form per unit and merges the entries per measure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import compress, repeat
from operator import itemgetter
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, NamedTuple

from . import problems as P
from .form_layout import FORM_VERSION
from .forms import FormRow, form_units, unit_measures
from .i18n import _
from .plan import Measure, Plan
from .progress import (DONE, IN_PROGRESS, LEAD, NOT_DONE, NOT_YET_DUE, Entry, MeasureProgress,
                       Problem, Progress, UnitReturn, outcome)
from .statuses import closest, labels, status_key
from .text import CodeMatcher, normalize, quote


@dataclass(frozen=True)
class FormIdentity:
    """Which form a file is: from its hidden identity, or read from its visible header."""

    plan: str | None          # plan fingerprint; None when only the header was there
    unit: str | None
    year: int | None
    form_version: str | None


class RowAnswer(NamedTuple):
    """One row of the measures table as typed: the id and the input cells, plan-free.

    A named tuple, not a dataclass like the other records: collect makes one for every row of
    every form, and a tuple is made in half the time.
    """

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
        return as_date(self.header.get("filled_on"))


@dataclass(frozen=True)
class CheckedForm:
    """A form checked against the plan: its unit, entries and problems; `usable` if it counts."""

    form: FormFile
    unit: str | None
    usable: bool
    entries: tuple[Entry, ...] = ()
    problems: tuple[Problem, ...] = ()


READ_KEYS = ("id", "status", "done", "figures", "documents", "reasons")  # the columns read


def read_rows(rows: Iterable[tuple], index: dict[str, int],
              first_row: int) -> tuple[RowAnswer, ...]:
    """Return the measures table's rows as typed, from cell values per row and column positions.

    `index` maps column keys to 0-based positions (from the header row); rows with nothing in the
    id and input columns are passed over. This is the reading of a form's rows on its own, for
    any stage that needs id -> answer from a form.
    """
    rows = rows if isinstance(rows, list) else list(rows)
    # a column at a time: a form's cells are read in a few passes, not six calls a row
    narrowest = min(map(len, rows), default=0)
    columns = [_column_texts(rows, index.get(key), narrowest) for key in READ_KEYS]
    ids, lines = columns[0], "\n".join(columns[0])
    # most forms keep the ids as esep wrote them: one look at them all (and none a line break)
    if not (_CLEAN_IDS.fullmatch(lines) and lines.count("\n") == max(len(ids) - 1, 0)):
        ids = list(map(measure_id_text, ids))
    typed = map(any, zip(*columns))  # a blank row is passed over, no record made of it
    numbers = range(first_row, first_row + len(rows))
    made = map(tuple.__new__, repeat(RowAnswer), zip(numbers, ids, *columns[1:]))  # _make's way
    return tuple(compress(made, typed))


def column(rows: list[tuple], i: int, narrowest: int | None = None) -> list[Any]:
    """Return cell `i` of every row ("" where a row is shorter); `narrowest`, the shortest row's
    length, when the caller knows it."""
    if narrowest is None:
        narrowest = min(map(len, rows), default=0)
    if i < narrowest:  # calamine's rows are all of one width: one C-level pass
        return list(map(itemgetter(i), rows))
    return [values[i] if i < len(values) else "" for values in rows]


def _column_texts(rows: list[tuple], i: int | None, narrowest: int) -> list[str]:
    """Return column `i`'s cells as text (`cell_text`), one per row ("" where there is none)."""
    if i is None:
        return [""] * len(rows)
    cells = column(rows, i, narrowest)
    try:
        return list(map(str.strip, cells))  # most cells are text
    except TypeError:
        return list(map(cell_text, cells))


# --- checking against the plan ---------------------------------------------------------

def screen_form(form: FormFile, plan: Plan, year: int) -> CheckedForm:
    """Return whether `form` counts for `year`, and for which unit: its rows are not checked.

    A form passed over here is refused with the reason; one that counts has no entries yet —
    `check_form` gives them. `merge` checks the rows of the form that stands for each unit only.
    """
    if not form.ok or form.identity is None:
        return CheckedForm(form, None, False, problems=form.problems)
    unit = _known_unit(plan, form.identity.unit)
    refusal = _refusal(form, plan, year, unit)
    if refusal is not None:
        return CheckedForm(form, form.identity.unit, False, problems=form.problems + (refusal,))
    return CheckedForm(form, unit, True, problems=form.problems)


def check_form(form: FormFile, plan: Plan, year: int) -> CheckedForm:
    """Return `form` checked against `plan` for `year`: the unit's entries and every problem."""
    screened = screen_form(form, plan, year)
    if not screened.usable:
        return screened
    unit, problems = screened.unit, list(form.problems)
    expected = {r.measure.id: r for r in unit_measures(plan, unit, year)}
    entries: list[Entry] = []
    seen: dict[str, int] = {}
    for answer in form.rows:
        entry = _check_row(form, plan, year, unit, expected, seen, answer, problems)
        if entry is not None:
            entries.append(entry)
    problems.extend(P.ROW_DELETED(file=form.file, sheet=form.sheet, measure=measure_id)
                    for measure_id in expected if measure_id not in seen)
    return CheckedForm(form, unit, True, tuple(entries), tuple(problems))


def _refusal(form: FormFile, plan: Plan, year: int, unit: str | None) -> Problem | None:
    """Return why the whole form is not taken (another unit, year, plan, version; empty), or None."""
    ident, at = form.identity, {"file": form.file, "sheet": form.sheet}
    if unit is None:
        return P.UNKNOWN_UNIT(**at, unit=ident.unit or "")
    if ident.year != year:
        return P.OTHER_YEAR(**at, form_year=ident.year or _("an unknown year"), year=year)
    if ident.plan is not None and ident.plan != plan.fingerprint():
        return P.OTHER_PLAN(**at)
    if ident.form_version not in (None, FORM_VERSION):
        return P.OTHER_FORM_VERSION(**at, version=ident.form_version, known=FORM_VERSION)
    if all(answer.is_blank() for answer in form.rows):
        return P.EMPTY_FORM(**at)
    return None


def _check_row(form: FormFile, plan: Plan, year: int, unit: str, expected: dict[str, FormRow],
               seen: dict[str, int], answer: RowAnswer, problems: list[Problem]) -> Entry | None:
    mid, row = answer.measure_id, answer.row

    def problem(kind: P.ProblemType, key: str, **fields: object) -> None:
        problems.append(kind(file=form.file, sheet=form.sheet, cell=form.cell(key, row),
                             measure=mid, **fields))

    if not _ID.match(mid):
        if answer.is_blank():
            problem(P.ROW_NOTE, "id", text=mid[:60])
        else:
            problem(P.ROW_ADDED, "id", row=row)
        return None
    if mid not in expected:
        kind, fields = _not_expected(plan, year, unit, mid)
        problem(kind, "id", **fields)
        return None
    if mid in seen:
        problem(P.DUPLICATE_MEASURE, "id", first=seen[mid], row=row)
        return None
    seen[mid] = row
    measure = expected[mid].measure
    status = status_key(answer.status_text)
    if not answer.status_text:
        if answer.is_blank():
            problem(P.NOTHING_FILLED, "status")
            return None
        problem(P.MISSING_STATUS, "status")
    elif status is None:
        guess = closest(answer.status_text, plan.language)
        problem(P.BAD_STATUS_GUESS if guess else P.BAD_STATUS, "status", text=answer.status_text,
                guess=guess, choices=", ".join(labels(plan.language)))
    if status == DONE and not answer.done:
        problem(P.DONE_WITHOUT_TEXT, "done")
    ended = measure.deadline.has_ended_by(year)
    if status == NOT_YET_DUE and ended:
        problem(P.STATUS_CONTRADICTS_DEADLINE, "status", text=answer.status_text,
                deadline=measure.deadline.text, year=year)
    if status in (NOT_DONE, IN_PROGRESS) and not answer.reasons and (status == NOT_DONE or ended):
        problem(P.MISSING_REASON, "reasons")
    return Entry(measure_id=mid, unit=unit, role=expected[mid].role, status=status,
                 done=answer.done, figures=answer.figures, documents=answer.documents,
                 reasons=answer.reasons, file=form.file, row=row)


def _not_expected(plan: Plan, year: int, unit: str,
                  mid: str) -> tuple[P.ProblemType, dict[str, object]]:
    """Return why measure `mid` is not in `unit`'s form for `year`: the kind and its fields."""
    measure = plan.measure(mid)
    if measure is None:
        return P.UNKNOWN_MEASURE, {}
    if unit not in measure.executors.codes:
        return P.NOT_UNIT_MEASURE, {"unit": unit,
                                    "codes": ", ".join(measure.executors.codes) or _("no unit")}
    return P.NOT_IN_YEAR, {"year": year, "deadline": measure.deadline.text}


def _known_unit(plan: Plan, text: str | None) -> str | None:
    if not text:
        return None
    units = plan.units()
    code = plan.view("unit codes", lambda: CodeMatcher(units)).match(text, shortened=False)
    if code is not None:
        return code
    folded = normalize(text)
    return next((c for c in units if normalize(plan.unit_name(c)) == folded), None)


# --- choosing and merging --------------------------------------------------------------

def merge(plan: Plan, year: int, checked: Iterable[CheckedForm],
          finish: Callable[[CheckedForm], CheckedForm] | None = None) -> Progress:
    """Return the year's Progress: the newest usable form per unit counts, merged per measure.

    `checked` is consumed one form at a time and only the newest per unit is kept, so memory
    stays flat however many files an inbox holds. Forms given by `screen_form` are `finish`ed
    (by `check_form`) once they are known to stand for their unit: a form another replaces
    has its rows read but never checked, as nothing of them is shown.
    """
    problems: list[Problem] = []
    newest: dict[str, CheckedForm] = {}
    older: dict[str, list[tuple[tuple, str]]] = {}
    other_version: dict[str, CheckedForm] = {}  # unit -> its newest form of another version
    for form in checked:
        if not (form.usable and form.unit):
            problems.extend(form.problems)
            if form.unit and any(p.type == P.OTHER_PLAN.type for p in form.problems):
                known = other_version.get(form.unit)
                if known is None or _newness(form) > _newness(known):
                    other_version[form.unit] = form
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
            other = other_version.get(unit)
            units.append(UnitReturn(unit, returned=False, file=other and other.form.file,
                                    other_version=other is not None))
            continue
        if finish is not None:
            best = finish(best)
        winners[unit] = best
        superseded = tuple(name for _, name in sorted(older.get(unit, []), reverse=True))
        filled = best.form.filled_on
        units.append(UnitReturn(unit, True, best.form.file, superseded,
                                filled.isoformat() if filled else None,
                                cell_text(best.form.header.get("filled_by"))))
        problems.extend(best.problems)
    entries: dict[str, list[Entry]] = {}
    for form in winners.values():
        for entry in form.entries:
            entries.setdefault(entry.measure_id, []).append(entry)
    measures = tuple(_measure_progress(m, year, entries.get(m.id, []), problems)
                     for m in plan.measures() if m.deadline.meets_year(year))
    return Progress(year=year, plan_fingerprint=plan.fingerprint(), plan_title=plan.title,
                    measures=measures, units=tuple(units), problems=tuple(problems))


def _measure_progress(m: Measure, year: int, entries: list[Entry],
                      problems: list[Problem]) -> MeasureProgress:
    """Return measure `m`'s progress from its `entries`: the lead's status stands."""
    if not m.executors.codes:
        problems.append(P.NO_EXECUTOR(measure=m.id))
    order = {code: i for i, code in enumerate(m.executors.codes)}
    found = tuple(sorted(entries, key=lambda e: order.get(e.unit, len(order))))
    lead = next((e for e in found if e.role == LEAD), None)
    status = lead.status if lead else None
    return MeasureProgress(m.id, m.deadline.is_due_in(year),
                           outcome(status, m.deadline.has_ended_by(year)), status, found)


def _newness(form: CheckedForm) -> tuple:
    typed = form.form.filled_on
    stamp = datetime.fromtimestamp(form.form.mtime)
    return (typed or stamp.date(), form.form.mtime, form.form.file)


# --- cell values -----------------------------------------------------------------------

_ID = re.compile(r"^\d+(\.\d+)*$")


def cell_text(value: Any) -> str:
    """Return a cell value as the text a clerk typed (numbers without a trailing .0)."""
    if type(value) is str:  # most cells: checked first, as collect reads every one
        return value.strip()
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


_SPACES = re.compile(r"\s+")
_CLEAN_ID = re.compile(r"\d+(?:\.\d+)*\Z")
_CLEAN_IDS = re.compile(r"(?:\d+(?:\.\d+)*)?(?:\n(?:\d+(?:\.\d+)*)?)*")  # lines of ids or none


def measure_id_text(text: str) -> str:
    if _CLEAN_ID.match(text):  # as the form wrote it
        return text
    compact = _SPACES.sub("", text).rstrip(".")
    return compact if _ID.match(compact) else text


def as_year(value: Any) -> int | None:
    text = cell_text(value)
    match = re.search(r"\b(19|20)\d\d\b", text)
    return int(match.group(0)) if match else None


def as_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = cell_text(value)
    for pattern in ("%d.%m.%Y", "%Y-%m-%d", "%d/%m/%Y", "%d.%m.%y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None
