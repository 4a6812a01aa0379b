"""The progress units report on the plan's measures, merged per measure for one year.

`Progress` is what `esep collect` produces and `esep report` consumes; its JSON form is
described in ``docs/progress-json.md``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from .errors import EsepError, place
from .i18n import language

# Status keys, stored in JSON and code; labels are what a clerk reads and types.
DONE, IN_PROGRESS, NOT_DONE, NOT_YET_DUE = "done", "in_progress", "not_done", "not_yet_due"
STATUSES = (DONE, IN_PROGRESS, NOT_DONE, NOT_YET_DUE)
STATUS_LABELS = {
    "ky": {DONE: "аткарылды", IN_PROGRESS: "аткарылууда", NOT_DONE: "аткарылган жок",
           NOT_YET_DUE: "мөөнөтү келе элек"},
    "ru": {DONE: "выполнено", IN_PROGRESS: "в процессе исполнения", NOT_DONE: "не выполнено",
           NOT_YET_DUE: "срок не наступил"},
}
LANGUAGES_OF_STATUS = tuple(STATUS_LABELS)

# Outcomes per measure for the year, computed from the deadline and the lead's status.
OUTCOME_DONE, OUTCOME_IN_PROGRESS, OUTCOME_NOT_DONE = "done", "in_progress", "not_done"
OUTCOME_OVERDUE, OUTCOME_NO_INFO, OUTCOME_NOT_YET_DUE = "overdue", "no_info", "not_yet_due"
OUTCOMES = (OUTCOME_DONE, OUTCOME_IN_PROGRESS, OUTCOME_NOT_DONE, OUTCOME_OVERDUE,
            OUTCOME_NO_INFO, OUTCOME_NOT_YET_DUE)

LEAD, CO_EXECUTOR = "lead", "co"


class ProgressFormatError(EsepError):
    """The progress JSON does not follow its format (docs/progress-json.md)."""


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
    filled_on: str | None = None   # the date typed in the form (YYYY-MM-DD), if any
    filled_by: str = ""            # who filled it, as typed in the form
    other_version: bool = False    # not returned as such: its form is of another plan version


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
    lang: str = field(default_factory=language)  # the language `message` is written in

    def __str__(self) -> str:
        where = place(self.file, self.sheet, self.cell, self.measure)
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


SCHEMA_VERSION = 1


def _entry_to_dict(e: Entry) -> dict[str, Any]:
    return {"unit": e.unit, "role": e.role, "status": e.status, "done": e.done,
            "figures": e.figures, "documents": e.documents, "reasons": e.reasons,
            "file": e.file, "row": e.row}


def progress_to_dict(progress: Progress) -> dict[str, Any]:
    """Return the progress as its JSON object (schema_version 1, ``docs/progress-json.md``)."""
    return {
        "schema_version": SCHEMA_VERSION,
        "year": progress.year,
        "plan": {"fingerprint": progress.plan_fingerprint, "title": progress.plan_title},
        "valid": progress.valid,
        "counts": progress.counts(),
        "measures": [
            {"id": m.measure_id, "due": m.due, "outcome": m.outcome, "status": m.status,
             "entries": [_entry_to_dict(e) for e in m.entries]}
            for m in progress.measures],
        "units": [
            {"unit": u.unit, "returned": u.returned, "file": u.file,
             "superseded": list(u.superseded), "filled_on": u.filled_on, "filled_by": u.filled_by,
             "other_version": u.other_version}
            for u in progress.units],
        "problems": [
            {"type": p.type, "severity": p.severity, "message": p.message, "file": p.file,
             "sheet": p.sheet, "cell": p.cell, "measure": p.measure, "lang": p.lang}
            for p in progress.problems],
    }


def progress_from_dict(data: dict[str, Any]) -> Progress:
    """Return the Progress held in its JSON object; raise ProgressFormatError if it is not one."""
    if not isinstance(data, dict) or data.get("schema_version") != SCHEMA_VERSION:
        raise ProgressFormatError("not esep progress (schema_version 1 expected)")
    try:
        measures = tuple(
            MeasureProgress(
                measure_id=m["id"], due=bool(m["due"]), outcome=m["outcome"], status=m["status"],
                entries=tuple(
                    Entry(measure_id=m["id"], unit=e["unit"], role=e["role"], status=e["status"],
                          done=e.get("done", ""), figures=e.get("figures", ""),
                          documents=e.get("documents", ""), reasons=e.get("reasons", ""),
                          file=e.get("file", ""), row=int(e.get("row", 0)))
                    for e in m.get("entries", [])))
            for m in data["measures"])
        units = tuple(
            UnitReturn(unit=u["unit"], returned=bool(u["returned"]), file=u.get("file"),
                       superseded=tuple(u.get("superseded", [])), filled_on=u.get("filled_on"),
                       filled_by=u.get("filled_by", ""),
                       other_version=bool(u.get("other_version", False)))
            for u in data.get("units", []))
        problems = tuple(
            Problem(type=p["type"], message=p["message"], file=p.get("file", ""),
                    sheet=p.get("sheet", ""), cell=p.get("cell", ""),
                    measure=p.get("measure", ""), severity=p.get("severity", "error"),
                    lang=p.get("lang", "en"))
            for p in data.get("problems", []))
        return Progress(year=int(data["year"]), plan_fingerprint=data["plan"]["fingerprint"],
                        plan_title=data["plan"]["title"], measures=measures, units=units,
                        problems=problems)
    except (KeyError, TypeError, ValueError) as exc:
        raise ProgressFormatError(f"progress JSON is missing or mangles the key {exc}") from None


def progress_to_json(progress: Progress) -> str:
    """Return the progress as indented UTF-8 JSON text (Cyrillic kept as is)."""
    return json.dumps(progress_to_dict(progress), ensure_ascii=False, indent=2) + "\n"


def progress_from_json(text: str) -> Progress:
    """Return the Progress held in JSON `text`."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ProgressFormatError(f"not valid JSON (line {exc.lineno}: {exc.msg})") from None
    return progress_from_dict(data)


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
