"""The units' answers: a form as read, checked against the plan, merged per measure.

Reading a file is ingest's work (`ingest.forms.read_form`); what it gives back is a `FormFile`,
plan-free. The steps here are pure functions over it:

- `read_rows(rows, index, first_row)` turns cell values into `RowAnswer`s;
- `check_form(form, plan, year)` checks a form against the plan and gives the unit's entries;
- `merge(plan, year, forms)` picks the newest form per unit and merges the entries per measure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Iterable, Iterator

from .form_layout import FORM_VERSION
from .forms import FormRow, form_units, unit_measures
from .i18n import _
from .plan import Plan
from .progress import (DONE, IN_PROGRESS, LEAD, NOT_DONE, NOT_YET_DUE, Entry, MeasureProgress,
                       Problem, Progress, UnitReturn, outcome)
from .statuses import closest, labels, status_key
from .text import match_code, normalize

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
        return as_date(self.header.get("filled_on"))


@dataclass(frozen=True)
class CheckedForm:
    """A form checked against the plan: its unit, entries and problems; `usable` if it counts."""

    form: FormFile
    unit: str | None
    usable: bool
    entries: tuple[Entry, ...] = ()
    problems: tuple[Problem, ...] = ()


def read_rows(rows: Iterable[tuple], index: dict[str, int], first_row: int) -> Iterator[RowAnswer]:
    """Yield the measures table's rows as typed, from cell values per row and column positions.

    `index` maps column keys to 0-based positions (from the header row); rows with nothing in the
    id and input columns are passed over. This is the reading of a form's rows on its own, for
    any stage that needs id -> answer from a form.
    """
    def text(values: tuple, key: str) -> str:
        i = index.get(key)
        return cell_text(values[i]) if i is not None and i < len(values) else ""

    for number, values in enumerate(rows, start=first_row):
        answer = RowAnswer(row=number, measure_id=measure_id_text(text(values, "id")),
                           status_text=text(values, "status"), done=text(values, "done"),
                           figures=text(values, "figures"), documents=text(values, "documents"),
                           reasons=text(values, "reasons"))
        if answer.measure_id or not answer.is_blank():
            yield answer


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
        return refuse("unknown-unit", _("the unit '{unit}' in the form is not an executor in "
                                        "the plan; its answers were not taken")
                      .format(unit=ident.unit or ""))
    if ident.year != year:
        if ident.year is None:
            return refuse("other-year", _("the form names no year, and {year} is collected; its "
                                          "answers were not taken").format(year=year))
        return refuse("other-year", _("this is a form for {form_year}, not {year}; its answers "
                                      "were not taken").format(form_year=ident.year, year=year))
    if ident.plan is not None and ident.plan != plan.fingerprint():
        return refuse("other-plan", _("the form was made from another version of the plan; "
                                      "its answers were not taken: give that version with "
                                      "--previous-plan (or collect into a --workspace that "
                                      "holds it) to carry them over"))
    if ident.form_version not in (None, FORM_VERSION):
        return refuse("other-form-version", _("form version {version} is not known to this "
                                              "esep (it reads version {known})")
                      .format(version=ident.form_version, known=FORM_VERSION))
    if all(answer.is_blank() for answer in form.rows):
        return refuse("empty-form", _("the form came back with nothing filled in; it is "
                                      "counted as not returned"))
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
                "row-deleted", _("the row of measure {measure} is missing from the form "
                                 "(deleted?); no answer from this unit is counted for it")
                .format(measure=measure_id), name, sheet,
                measure=measure_id))
    return CheckedForm(form, unit, True, tuple(entries), tuple(problems))


def _check_row(form: FormFile, plan: Plan, year: int, unit: str, expected: dict[str, FormRow],
               seen: dict[str, int], answer: RowAnswer, problems: list[Problem]) -> Entry | None:
    name, sheet, mid, row = form.file, form.sheet, answer.measure_id, answer.row

    def problem(kind: str, message: str, key: str, severity: str = "error") -> None:
        problems.append(Problem(kind, message, name, sheet, form.cell(key, row), mid, severity))

    if not _ID.match(mid):
        if answer.is_blank():
            problem("row-added", _("'{text}' is not a measure number; the row was not read")
                    .format(text=mid[:60]), "id", WARNING)
        else:
            problem("row-added", _("row {row} has answers but no measure number; rows cannot "
                                   "be added to the form — write this under the measure it "
                                   "belongs to").format(row=row), "id")
        return None
    if mid not in expected:
        measure = plan.measure(mid)
        if measure is None:
            problem("unknown-measure", _("there is no measure {measure} in the plan")
                    .format(measure=mid), "id")
        elif unit not in measure.executors.codes:
            named = ", ".join(measure.executors.codes)
            problem("not-unit-measure", (_("measure {measure} is not {unit}'s: the plan names "
                                           "{units} for it") if named else
                                         _("measure {measure} is not {unit}'s: the plan names no "
                                           "unit for it"))
                    .format(measure=mid, unit=unit, units=named), "id")
        else:
            problem("not-in-year", _("measure {measure} is not to be reported for {year} (its "
                                     "deadline: {deadline})")
                    .format(measure=mid, year=year, deadline=measure.deadline.text), "id")
        return None
    if mid in seen:
        problem("duplicate-measure", _("measure {measure} appears twice (rows {first} and "
                                       "{row}); only row {first} was taken")
                .format(measure=mid, first=seen[mid], row=row), "id")
        return None
    seen[mid] = row
    measure = expected[mid].measure
    status = status_key(answer.status_text)
    if not answer.status_text:
        if answer.is_blank():
            problem("missing-status", _("nothing is filled in for this measure: choose a "
                                        "status and write what was done"), "status")
            return None
        problem("missing-status", _("no status chosen: pick one from the list"), "status")
    elif status is None:
        guess = closest(answer.status_text, plan.language)
        choices = ", ".join(labels(plan.language))
        problem("bad-status", (_("'{text}' is not a status — did you mean '{guess}'? Choose "
                                 "one of: {choices}") if guess else
                               _("'{text}' is not a status; choose one of: {choices}"))
                .format(text=answer.status_text, guess=guess, choices=choices), "status")
    if status == DONE and not answer.done:
        problem("done-without-text", _("the status says done but 'what was done' is empty: "
                                       "write what was done"), "done")
    ended = measure.deadline.has_ended_by(year)
    if status == NOT_YET_DUE and ended:
        problem("status-contradicts-deadline", _("status '{status}', but the deadline "
                                                 "({deadline}) has passed by the end of {year}")
                .format(status=answer.status_text, deadline=measure.deadline.text, year=year),
                "status", WARNING)
    if status in (NOT_DONE, IN_PROGRESS) and not answer.reasons and (status == NOT_DONE or ended):
        problem("missing-reason", _("the period has ended and it is not done: write the "
                                    "reasons and obstacles"), "reasons", WARNING)
    return Entry(measure_id=mid, unit=unit, role=expected[mid].role, status=status,
                 done=answer.done, figures=answer.figures, documents=answer.documents,
                 reasons=answer.reasons, file=name, row=row)


def _known_unit(plan: Plan, text: str | None) -> str | None:
    if not text:
        return None
    units = plan.units()
    code = match_code(text, units, shortened=False)
    if code is not None:
        return code
    folded = normalize(text)
    return next((c for c in units if normalize(plan.unit_name(c)) == folded), None)


# --- choosing and merging --------------------------------------------------------------

def merge(plan: Plan, year: int, checked: Iterable[CheckedForm]) -> Progress:
    """Return the year's Progress: the newest usable form per unit counts, merged per measure.

    `checked` is consumed one form at a time and only the newest per unit is kept, so memory
    stays flat however many files an inbox holds.
    """
    problems: list[Problem] = []
    newest: dict[str, CheckedForm] = {}
    older: dict[str, list[tuple[tuple, str]]] = {}
    other_version: dict[str, CheckedForm] = {}  # unit -> its newest form of another version
    for form in checked:
        if not (form.usable and form.unit):
            problems.extend(form.problems)
            if form.unit and any(p.type == "other-plan" for p in form.problems):
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
    measures = []
    for m in plan.measures():
        if not m.deadline.meets_year(year):
            continue
        if not m.executors.codes:
            problems.append(Problem("no-executor", _("the plan names no unit from the glossary "
                                                     "as its executor, so no form asks about it"),
                                    measure=m.id,
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


def _newness(form: CheckedForm) -> tuple:
    typed = form.form.filled_on
    stamp = datetime.fromtimestamp(form.form.mtime)
    return (typed or stamp.date(), form.form.mtime, form.form.file)


# --- cell values -----------------------------------------------------------------------

_ID = re.compile(r"^\d+(\.\d+)*$")


def cell_text(value: Any) -> str:
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


def measure_id_text(text: str) -> str:
    compact = re.sub(r"\s+", "", text).rstrip(".")
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
