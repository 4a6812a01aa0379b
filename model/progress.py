"""The progress units report on the plan's measures, merged per measure for one year.

`Progress` is what `esep collect` produces and `esep report` consumes; its JSON form is
described in ``docs/progress-json.md``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# Status keys, stored in JSON and code; labels are what a clerk reads and types.
DONE, IN_PROGRESS, NOT_DONE, NOT_YET_DUE = "done", "in_progress", "not_done", "not_yet_due"
STATUSES = (DONE, IN_PROGRESS, NOT_DONE, NOT_YET_DUE)
STATUS_LABELS = {
    "ky": {DONE: "аткарылды", IN_PROGRESS: "аткарылууда", NOT_DONE: "аткарылган жок",
           NOT_YET_DUE: "мөөнөтү келе элек"},
    "ru": {DONE: "выполнено", IN_PROGRESS: "в процессе исполнения", NOT_DONE: "не выполнено",
           NOT_YET_DUE: "срок не наступил"},
}

# Outcomes per measure for the year, computed from the deadline and the lead's status.
OUTCOME_DONE, OUTCOME_IN_PROGRESS, OUTCOME_NOT_DONE = "done", "in_progress", "not_done"
OUTCOME_OVERDUE, OUTCOME_NO_INFO, OUTCOME_NOT_YET_DUE = "overdue", "no_info", "not_yet_due"
OUTCOMES = (OUTCOME_DONE, OUTCOME_IN_PROGRESS, OUTCOME_NOT_DONE, OUTCOME_OVERDUE,
            OUTCOME_NO_INFO, OUTCOME_NOT_YET_DUE)

LEAD, CO_EXECUTOR = "lead", "co"


@dataclass(frozen=True)
class Entry:
    """One unit's answer on one measure, as typed in its form."""

    measure_id: str
    unit: str
    role: str                 # LEAD or CO_EXECUTOR
    status: str | None        # one of STATUSES, None when left empty
    done: str = ""            # what was done
    figures: str = ""         # counts, amounts
    documents: str = ""       # number and date of acts, links
    reasons: str = ""         # reasons and obstacles where not done
    file: str = ""            # the form it came from
    row: int = 0              # its row in that form


@dataclass(frozen=True)
class MeasureProgress:
    """Everything known for one measure in the year: the lead's status stands."""

    measure_id: str
    due: bool                       # the measure's period ends in the year, or it is annual/ongoing
    outcome: str                    # one of OUTCOMES
    status: str | None              # the lead's status (or, with no lead answer, None)
    entries: tuple[Entry, ...] = ()  # lead's first, then co-executors' in plan order


@dataclass(frozen=True)
class UnitReturn:
    """Whether a unit sent its form, which file counted, and which it superseded."""

    unit: str
    returned: bool
    file: str | None = None
    superseded: tuple[str, ...] = ()


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the collected forms, located to the cell where there is one."""

    type: str                 # e.g. "unknown-measure", "missing-status", "bad-file"
    message: str              # a sentence a clerk can act on
    file: str = ""
    sheet: str = ""
    cell: str = ""
    measure: str = ""
    severity: str = "error"   # "error" or "warning"

    def __str__(self) -> str:
        where = ", ".join(p for p in (self.file, self.sheet and f"sheet '{self.sheet}'",
                                      self.cell and f"cell {self.cell}",
                                      self.measure and f"measure {self.measure}") if p)
        return f"{where}: {self.message}" if where else self.message


@dataclass(frozen=True)
class Progress:
    """The year's progress on the plan, merged per measure."""

    year: int
    plan_fingerprint: str
    plan_title: str
    measures: tuple[MeasureProgress, ...]
    units: tuple[UnitReturn, ...] = ()
    problems: tuple[Problem, ...] = ()

    @property
    def valid(self) -> bool:
        """Return True when no error-severity problem stands."""
        return not any(p.severity == "error" for p in self.problems)

    def of(self, measure_id: str) -> MeasureProgress | None:
        """Return the progress of `measure_id`, or None when it is not in the year."""
        return next((m for m in self.measures if m.measure_id == measure_id), None)

    def counts(self) -> dict[str, int]:
        """Return the number of measures per outcome (every outcome present, zero or not)."""
        result = {o: 0 for o in OUTCOMES}
        for m in self.measures:
            result[m.outcome] += 1
        return result


def progress_to_dict(progress: Progress) -> dict[str, Any]:
    """Return the progress as its JSON object."""
    raise NotImplementedError  # written with `esep collect`


def progress_from_dict(data: dict[str, Any]) -> Progress:
    """Return the Progress held in its JSON object."""
    raise NotImplementedError  # written with `esep collect`
