"""Which unit reports on which measures for a year, and the rules of a form's names and dates.

Writing the workbook is render's work (`render.forms`); reading it back, ingest's (`ingest.forms`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .errors import EsepError
from .i18n import _
from .plan import Measure, Plan
from .progress import CO_EXECUTOR, LEAD

_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\']")
_BAD_FILE_CHARS = re.compile(r'[<>:"/\\|?*\x00-\x1f]')


@dataclass(frozen=True)
class FormRow:
    """A measure as it stands in a unit's form: the measure and the unit's role on it."""

    measure: Measure
    role: str  # LEAD or CO_EXECUTOR


def unit_measures(plan: Plan, unit: str, year: int) -> tuple[FormRow, ...]:
    """Return the measures `unit` reports on for `year` (lead or co-executor), in plan order.

    Every unit's list is made in one walk of the plan, once per plan and year.
    """
    return plan.view(("unit_measures", year), lambda: _rows_by_unit(plan, year)).get(unit, ())


def _rows_by_unit(plan: Plan, year: int) -> dict[str, tuple[FormRow, ...]]:
    rows: dict[str, list[FormRow]] = {}
    for m in plan.measures():
        if not m.executors.codes or not m.deadline.meets_year(year):
            continue
        for unit in dict.fromkeys(m.executors.codes):  # a code named twice: one row
            role = LEAD if m.executors.codes[0] == unit else CO_EXECUTOR
            rows.setdefault(unit, []).append(FormRow(m, role))
    return {unit: tuple(found) for unit, found in rows.items()}


def plan_years(plan: Plan) -> range:
    """Return the years the plan's dated measures span (ongoing ones alone set no bounds)."""
    years = [d.year for m in plan.measures() for d in (m.deadline.start, m.deadline.end) if d]
    return range(min(years), max(years) + 1) if years else range(0)


def form_units(plan: Plan, year: int) -> tuple[str, ...]:
    """Return the units that get a form for `year`: those with a measure in it, in the plan's years."""
    span = plan_years(plan)
    if span and year not in span:
        return ()  # "Туруктуу" measures meet every year, but the plan itself ends
    return tuple(u for u in plan.units() if unit_measures(plan, u, year))


def check_year(plan: Plan, year: int) -> None:
    """Raise EsepError when no unit has a measure of `plan` to report on for `year`.

    The one check of the reporting year, for making forms and for collecting them.
    """
    if form_units(plan, year):
        return
    span = plan_years(plan)
    message = (_("no measure of the plan is to be reported for {year} (the plan covers "
                  "{first}–{last})") if span else
               _("no measure of the plan is to be reported for {year}"))
    raise EsepError(message.format(year=year, first=span[0] if span else "",
                                   last=span[-1] if span else ""),
                    file=plan.source.file if plan.source else None)


def default_due(year: int) -> date:
    """Return the default date a form is due back: 15 January after the year (report: 1 Feb)."""
    return date(year + 1, 1, 15)


def check_due(due: date, year: int) -> None:
    """Raise EsepError when `due` is not after the reporting `year` ends: a form reports a year."""
    if due <= date(year, 12, 31):
        raise EsepError(_("the due date {due} is not after the end of {year}: the form reports "
                          "the whole year; give a date in {next} (by default {default})")
                        .format(due=f"{due:%d.%m.%Y}", year=year, next=year + 1,
                                default=f"{default_due(year):%d.%m.%Y}"))


def form_filename(unit: str, year: int) -> str:
    """Return the file name of `unit`'s form for `year`, e.g. ``2025-КБ.xlsx``."""
    return f"{year}-{_BAD_FILE_CHARS.sub('_', unit)}.xlsx"


def sheet_title(unit: str) -> str:
    """Return the form sheet's title for `unit` (Excel allows 31 characters, no []:*?/\\)."""
    return _BAD_SHEET_CHARS.sub("_", unit)[:31] or "form"
