"""The stage summary: several years' progress on the plan, per measure and per year.

`stage_summary(plan, years)` takes the current plan and one `Progress` per year of the stage
(each already carried to the current plan's ids: ``model.carry.carry_progress``) and gives, per
measure, its outcome each year, the year it was done, what was done over the stage by which unit;
per year, the counts of outcomes; the measures not done by the stage's end with the reasons the
units gave; and the units that never returned a form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from .errors import EsepError
from .plan import Plan
from .progress import OUTCOME_DONE, OUTCOMES, Entry, Progress
from .i18n import _


@dataclass(frozen=True)
class YearEntry:
    """What one unit wrote on a measure in one year."""

    year: int
    entry: Entry


@dataclass(frozen=True)
class StageMeasure:
    """One measure over the stage: its outcome each year it was reported on, and what was done."""

    measure_id: str
    outcomes: tuple[tuple[int, str | None], ...]   # (year, outcome); None: not a year of it
    final: str                                     # the outcome in the last year it was asked
    done_in: int | None                            # the year it was done (and stayed done)
    entries: tuple[YearEntry, ...]                 # year by year, lead first within a year

    def outcome_in(self, year: int) -> str | None:
        """Return the measure's outcome in `year`, or None when the year did not ask about it."""
        return dict(self.outcomes).get(year)

    @property
    def done(self) -> bool:
        """Return True when the measure stands done at the stage's end."""
        return self.final == OUTCOME_DONE

    def reasons(self) -> tuple[YearEntry, ...]:
        """Return the answers giving reasons, the latest year first."""
        found = [e for e in self.entries if e.entry.reasons.strip()]
        return tuple(sorted(found, key=lambda e: -e.year))


@dataclass(frozen=True)
class StageSummary:
    """The plan's stage from `first` to `last`: per measure, per year, and what stands undone."""

    first: int
    last: int
    plan_fingerprint: str
    measures: tuple[StageMeasure, ...]
    year_counts: tuple[tuple[int, dict[str, int]], ...]   # every outcome present, zero or not
    never_returned: tuple[str, ...]                       # units that sent no form in any year
    returned: tuple[tuple[int, int, int], ...]            # (year, units returned, units asked)

    @property
    def years(self) -> range:
        """Return the stage's years."""
        return range(self.first, self.last + 1)

    def not_done(self) -> tuple[StageMeasure, ...]:
        """Return the measures not done by the stage's end, in plan order."""
        return tuple(m for m in self.measures if not m.done)

    def final_counts(self) -> dict[str, int]:
        """Return the number of measures per outcome at the stage's end."""
        counts = {o: 0 for o in OUTCOMES}
        for m in self.measures:
            counts[m.final] += 1
        return counts

    def of(self, measure_id: str) -> StageMeasure | None:
        """Return the stage record of `measure_id`, or None when no year asked about it."""
        return next((m for m in self.measures if m.measure_id == measure_id), None)


_STAGE = re.compile(r"^\s*(\d{4})\s*(?:[-–—]\s*(\d{4})\s*)?$", re.ASCII)


def parse_stage(text: str) -> range:
    """Return the years of a stage written ``2025-2027`` (or one year, ``2026``).

    >>> list(parse_stage("2025–2027"))
    [2025, 2026, 2027]
    """
    found = _STAGE.match(text)
    shown = " ".join(text.split())[:40]
    if not found:
        raise EsepError(_("the stage '{stage}' is not a span of years: write it like 2025-2027")
                        .format(stage=shown))
    first = int(found.group(1))
    last = int(found.group(2) or first)
    if last < first:
        raise EsepError(_("the stage '{stage}' ends before it begins: write it like 2025-2027")
                        .format(stage=shown))
    return range(first, last + 1)


def stage_summary(plan: Plan, years: Iterable[Progress]) -> StageSummary:
    """Return the stage summary of `plan` over the given years' progress (one per year, in a row).

    Every progress must be of `plan` (carry an older version's first); raise EsepError when a
    year is given twice, missing between others, or of another plan version.
    """
    by_year = _check_years(plan, years)
    span = range(min(by_year), max(by_year) + 1)
    known = {y: {m.measure_id: m for m in p.measures} for y, p in by_year.items()}
    measures = []
    for m in plan.measures():
        asked = [(y, known[y].get(m.id)) for y in span]
        if not any(mp for _, mp in asked):
            continue
        outcomes = tuple((y, mp.outcome if mp else None) for y, mp in asked)
        entries = tuple(YearEntry(y, e) for y, mp in asked if mp for e in mp.entries)
        final = next(o for _, o in reversed(outcomes) if o is not None)
        measures.append(StageMeasure(m.id, outcomes, final, _done_in(outcomes), entries))
    counts = tuple((y, by_year[y].counts()) for y in span)
    return StageSummary(span.start, span.stop - 1, plan.fingerprint(), tuple(measures), counts,
                        _never_returned(plan, by_year.values()),
                        tuple((y, sum(u.returned for u in by_year[y].units), len(by_year[y].units))
                              for y in span))


def _check_years(plan: Plan, years: Iterable[Progress]) -> dict[int, Progress]:
    by_year: dict[int, Progress] = {}
    for progress in years:
        if progress.year in by_year:
            raise EsepError(_("two progress files for {year}: give one per year")
                            .format(year=progress.year))
        if progress.plan_fingerprint != plan.fingerprint():
            raise EsepError(_("the progress of {year} was collected against another version of "
                              "the plan: give that version with --previous-plan")
                            .format(year=progress.year))
        by_year[progress.year] = progress
    if not by_year:
        raise EsepError(_("no year's progress given for the stage"))
    missing = [y for y in range(min(by_year), max(by_year) + 1) if y not in by_year]
    if missing:
        raise EsepError(_("no progress for {years}: give one progress file for every year of "
                          "the stage").format(years=", ".join(map(str, missing))))
    return by_year


def _done_in(outcomes: tuple[tuple[int, str | None], ...]) -> int | None:
    """Return the first year of the last run of "done" that lasts to the measure's last year."""
    asked = [(y, o) for y, o in outcomes if o is not None]
    year = None
    for y, o in reversed(asked):
        if o != OUTCOME_DONE:
            break
        year = y
    return year


def _never_returned(plan: Plan, years: Iterable[Progress]) -> tuple[str, ...]:
    asked: dict[str, bool] = {}
    for progress in years:
        for u in progress.units:
            # a form of another plan version came back: the unit did report
            asked[u.unit] = asked.get(u.unit, False) or u.returned or u.other_version
    order = {code: i for i, code in enumerate(plan.units())}
    return tuple(sorted((u for u, sent in asked.items() if not sent),
                        key=lambda u: order.get(u, len(order))))

