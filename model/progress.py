"""The progress units report on the plan's measures, merged per measure for one year.

`Progress` is what `esep collect` produces and `esep report` consumes; its JSON form is
described in ``docs/progress-json.md``.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from .errors import EsepError, located, place
from .i18n import _, language, ngettext

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
# In this order everywhere: the summary, the report's table and its chart (bottom to top).
OUTCOMES = (OUTCOME_DONE, OUTCOME_IN_PROGRESS, OUTCOME_NOT_DONE, OUTCOME_OVERDUE,
            OUTCOME_NO_INFO, OUTCOME_NOT_YET_DUE)
# "en" is the command line's; "ky" and "ru" the report's.
OUTCOME_LABELS: dict[str, dict[str, str]] = {
    "en": {OUTCOME_DONE: "done", OUTCOME_IN_PROGRESS: "in progress", OUTCOME_NOT_DONE: "not done",
           OUTCOME_OVERDUE: "overdue", OUTCOME_NO_INFO: "no information",
           OUTCOME_NOT_YET_DUE: "not yet due"},
    "ky": {OUTCOME_DONE: "аткарылды", OUTCOME_IN_PROGRESS: "аткарылууда",
           OUTCOME_NOT_DONE: "аткарылган жок", OUTCOME_OVERDUE: "мөөнөтү өтүп кеткен",
           OUTCOME_NO_INFO: "маалымат жок", OUTCOME_NOT_YET_DUE: "мөөнөтү келе элек"},
    "ru": {OUTCOME_DONE: "выполнено", OUTCOME_IN_PROGRESS: "в процессе исполнения",
           OUTCOME_NOT_DONE: "не выполнено", OUTCOME_OVERDUE: "просрочено",
           OUTCOME_NO_INFO: "нет информации", OUTCOME_NOT_YET_DUE: "срок не наступил"},
}

ERROR, WARNING = "error", "warning"  # a problem's severity

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
    """One thing wrong in the collected forms, located to the cell where there is one.

    Made by the kinds of ``model.problems``, each of which sets the type and severity.
    """

    type: str                 # e.g. "unknown-measure", "missing-status", "bad-file"
    message: str              # a sentence a clerk can act on
    file: str = ""
    sheet: str = ""
    cell: str = ""
    measure: str = ""
    severity: str = ERROR     # ERROR or WARNING
    lang: str = field(default_factory=language)  # the language `message` is written in

    def __str__(self) -> str:
        return located(place(self.file, self.sheet, self.cell, self.measure), self.message)


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
        return not self.errors

    @property
    def errors(self) -> tuple[Problem, ...]:
        """Return the problems of severity error: answers not taken as written."""
        return tuple(p for p in self.problems if p.severity == ERROR)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """Return the problems of severity warning: worth a look."""
        return tuple(p for p in self.problems if p.severity != ERROR)

    def flatten(self, keys: Iterable[str] = ("type", "file", "cell")) -> list[list]:
        """Return each problem as a row of its fields `keys`, e.g. ``[["bad-status", "G12"]]``."""
        keys = tuple(keys)
        return [[getattr(p, k) for k in keys] for p in self.problems]

    def of(self, measure_id: str) -> MeasureProgress | None:
        """Return the progress of `measure_id`, or None when it is not in the year."""
        return next((m for m in self.measures if m.measure_id == measure_id), None)

    def counts(self) -> dict[str, int]:
        """Return the number of measures per outcome (every outcome present, zero or not)."""
        result = {o: 0 for o in OUTCOMES}
        for m in self.measures:
            result[m.outcome] += 1
        return result

    def summary(self, unit_name: Callable[[str], str] = str) -> list[str]:
        """Return the lines a person reads: returns, outcomes, missing units, problems.

        `unit_name` gives a unit's full name for the units that did not return their form.
        """
        returned = [u for u in self.units if u.returned]
        other = [u for u in self.units if u.other_version]
        missing = [u for u in self.units if not u.returned and not u.other_version]
        counts = self.counts()
        words = OUTCOME_LABELS.get(language(), OUTCOME_LABELS["en"])
        due = sum(1 for m in self.measures if m.due)
        units = ngettext("{year}: {returned} of {n} unit returned its form;",
                         "{year}: {returned} of {n} units returned their form;",
                         len(self.units)).format(year=self.year, returned=len(returned),
                                                 n=len(self.units))
        another = ngettext("{n} returned a form of another plan version;",
                           "{n} returned a form of another plan version;",
                           len(other)).format(n=len(other)) + " " if other else ""
        measures = ngettext("{n} measure in the year ({due} due by its end).",
                            "{n} measures in the year ({due} due by its end).",
                            len(self.measures)).format(n=len(self.measures), due=due)
        told = ", ".join(f"{words[o]} {counts[o]}" for o in OUTCOMES)
        lines = [f"{units} {another}{measures}", _("Outcomes: {counts}.").format(counts=told)]
        if other:
            lines.append(_("Returned, another version: {units} (give the plan version they were "
                           "made from with --previous-plan, or collect with --workspace holding "
                           "it).").format(units=", ".join(u.unit for u in other)))
        if missing:
            names = "; ".join(f"{u.unit} ({unit_name(u.unit)})" for u in missing)
            lines.append(_("Not returned: {units}.").format(units=names))
        lines.extend(_("{unit}: {file} counts; superseded: {files}.").format(
            unit=u.unit, file=u.file, files=", ".join(u.superseded))
            for u in returned if u.superseded)
        if not self.problems:
            return lines + [_("No problems found.")]
        errors, warnings = len(self.errors), len(self.warnings)
        lines.append(_("Problems: {errors}, {warnings}:").format(
            errors=ngettext("{n} error", "{n} errors", errors).format(n=errors),
            warnings=ngettext("{n} warning", "{n} warnings", warnings).format(n=warnings)))
        error_word, warning_word = _("error:"), _("warning:")
        width = max(len(error_word), len(warning_word)) + 1  # the notes start in one column
        lines.extend(_capped(f"{error_word:<{width - 1}}", self.errors))
        lines.extend(_capped(f"{warning_word:<{width - 1}}", self.warnings))
        return lines


SHOWN_PER_KIND = 10  # problems of one kind printed per file; a broken form can have thousands


def _capped(label: str, problems: Iterable[Problem], shown: int = SHOWN_PER_KIND) -> list[str]:
    """Return a line per problem, at most `shown` of one kind per file, then how many more."""
    problems = list(problems)
    seen = Counter((p.file, p.type) for p in problems)
    lines, told = [], Counter()
    for p in problems:
        key = (p.file, p.type)
        told[key] += 1
        if told[key] <= shown:
            lines.append(f"  {label} {p}")
        if told[key] == shown and seen[key] > shown:
            lines.append(f"  {label} {p.file}: and {seen[key] - shown} more of the same kind")
    return lines


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
        raise ProgressFormatError(_("not esep progress (schema_version 1 expected)"))
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
                    measure=p.get("measure", ""), severity=p.get("severity", ERROR),
                    lang=p.get("lang", "en"))
            for p in data.get("problems", []))
        return Progress(year=int(data["year"]), plan_fingerprint=data["plan"]["fingerprint"],
                        plan_title=data["plan"]["title"], measures=measures, units=units,
                        problems=problems)
    except (KeyError, TypeError, ValueError) as exc:
        raise ProgressFormatError(_("progress JSON is missing or mangles the key {key}")
                                  .format(key=exc)) from None


def progress_to_json(progress: Progress) -> str:
    """Return the progress as indented UTF-8 JSON text (Cyrillic kept as is)."""
    return json.dumps(progress_to_dict(progress), ensure_ascii=False, indent=2) + "\n"


def progress_from_json(text: str) -> Progress:
    """Return the Progress held in JSON `text`."""
    from .progress_schema import check_progress_json  # it imports this module's names
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ProgressFormatError(_("not valid JSON (line {line}: {detail})")
                                  .format(line=exc.lineno, detail=exc.msg)) from None
    except RecursionError:
        raise ProgressFormatError(_("not esep progress: its lists or objects are nested "
                                    "thousands deep")) from None
    if isinstance(data, dict) and data.get("schema_version") == SCHEMA_VERSION:
        check_progress_json(data)
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
