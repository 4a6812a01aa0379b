"""The action plan as immutable records, and their JSON form (schema_version 1).

The JSON form is the project's interchange format, described in ``docs/plan-json.md``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Callable, Hashable, Iterator

from .errors import PlanFormatError
from .i18n import _

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Deadline:
    """When a measure is due: the printed text and the period it means."""

    text: str
    start: date | None = None
    end: date | None = None
    annual: bool = False    # "жыл сайын" / "ежегодно": reported every year
    ongoing: bool = False   # "Туруктуу" / "Постоянно": no end date

    def meets_year(self, year: int) -> bool:
        """Return True when the measure is to be worked on in `year`."""
        if self.ongoing:
            return True
        if self.start is None and self.end is None:
            return self.annual  # "жыл сайын" with no years printed: every year of the plan
        first = self.start.year if self.start else (self.end.year if self.end else year)
        last = self.end.year if self.end else first
        if self.start is None and self.end is not None:
            first = min(first, year)  # "до 1 июля 2026": worked on up to that date
        return first <= year <= last

    def is_due_in(self, year: int) -> bool:
        """Return True when the measure's period ends in or before `year`, or it is reported yearly."""
        if self.ongoing or self.annual:
            return self.meets_year(year)
        return self.end is not None and self.end.year <= year and self.meets_year(year)

    def has_ended_by(self, year: int) -> bool:
        """Return True when the work due for `year` had to be finished by the end of `year`.

        A fixed period ends in its end year; an annual measure's round ends with each year;
        an ongoing measure never ends, so it is never overdue.
        """
        if self.ongoing:
            return False
        if self.annual:
            return self.meets_year(year)
        return self.end is not None and self.end.year <= year


@dataclass(frozen=True)
class Executors:
    """The responsible executors cell: glossary codes (lead first) and other text."""

    text: str
    codes: tuple[str, ...] = ()
    others: tuple[str, ...] = ()

    @property
    def lead(self) -> str | None:
        """Return the lead executor's code, or None when the cell names no glossary code."""
        return self.codes[0] if self.codes else None


@dataclass(frozen=True)
class Measure:
    """One measure (иш-чара / мероприятие) with its deadline, result, executors and funding."""

    id: str
    number: int
    text: str
    deadline: Deadline
    expected_result: str
    executors: Executors
    funding: str
    # columns beyond the plan's seven ("Индикаторы", "Примечание"): (header as printed, text)
    extra: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Task:
    """A task (милдет / задача) and its measures."""

    id: str
    number: int
    text: str
    measures: tuple[Measure, ...]


@dataclass(frozen=True)
class Section:
    """A section of the plan: a heading row spanning the table."""

    number: int
    title: str
    tasks: tuple[Task, ...]


@dataclass(frozen=True)
class GlossaryEntry:
    """An abbreviation from "Колдонулган кыскартуулар" / "Используемые сокращения"."""

    code: str
    name: str


@dataclass(frozen=True)
class PlanWarning:
    """Something read but worth a look: `where` is a measure id or a place in the source.

    `message` is the English sentence, as the plan JSON keeps it; `kind` and `values` are what
    it was made of (``model.plan_warnings``), so that it is shown in the clerk's language.
    """

    where: str
    message: str
    kind: str = field(default="", compare=False)
    values: tuple[tuple[str, str], ...] = field(default=(), compare=False)

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass(frozen=True)
class Source:
    """The file a plan was read from."""

    file: str
    format: str  # as given: "docx" | "doc" | "odt" | "rtf" | "pdf" | "html" | "txt"
    sha256: str


@dataclass(frozen=True)
class Plan:
    """The whole action plan."""

    title: str
    language: str  # "ky" | "ru"
    sections: tuple[Section, ...]
    glossary: tuple[GlossaryEntry, ...] = ()
    note: str = ""
    warnings: tuple[PlanWarning, ...] = ()
    source: Source | None = None
    approved_by: str = ""  # the approval stamp above the title ("Тиркеме / … бекитилген")
    _index: dict = field(default=None, init=False, repr=False, compare=False, hash=False)
    _fingerprint: str = field(default=None, init=False, repr=False, compare=False, hash=False)
    _views: dict = field(default=None, init=False, repr=False, compare=False, hash=False)

    def view(self, key: Hashable, make: Callable[[], Any]) -> Any:
        """Return `make()`, computed once per plan for `key` (e.g. the measures of each unit).

        The records never change, so neither does any view of them: collecting 500 forms walks
        the plan once for each view, not once per form.
        """
        if self._views is None:
            object.__setattr__(self, "_views", {})
        if key not in self._views:
            self._views[key] = make()
        return self._views[key]

    def __hash__(self) -> int:
        # the records' own hash: hashing every field of a big plan would cost a walk of it
        return hash(self.fingerprint())

    def tasks(self) -> Iterator[Task]:
        """Yield every task in plan order."""
        for section in self.sections:
            yield from section.tasks

    def measures(self) -> Iterator[Measure]:
        """Yield every measure in plan order."""
        for task in self.tasks():
            yield from task.measures

    def measure(self, measure_id: str) -> Measure | None:
        """Return the measure with `measure_id`, or None."""
        if self._index is None:
            object.__setattr__(self, "_index", {m.id: m for m in self.measures()})
        return self._index.get(measure_id)

    def section_of(self, measure_id: str) -> Section | None:
        """Return the section holding `measure_id`."""
        number = int(measure_id.split(".")[0])
        return next((s for s in self.sections if s.number == number), None)

    def task_of(self, measure_id: str) -> Task | None:
        """Return the task holding `measure_id`."""
        task_id = measure_id.rsplit(".", 1)[0]
        return next((t for t in self.tasks() if t.id == task_id), None)

    def unit_name(self, code: str) -> str:
        """Return the glossary's full name for `code`, or the code itself."""
        return next((g.name for g in self.glossary if g.code == code), code)

    def units(self) -> tuple[str, ...]:
        """Return every executor code named in the plan, in glossary order then first use."""
        return self.view("units", self._units)

    def _units(self) -> tuple[str, ...]:
        used: dict[str, None] = {}
        for m in self.measures():
            for code in m.executors.codes:
                used.setdefault(code, None)
        ordered = [g.code for g in self.glossary if g.code in used]
        return tuple(ordered + [c for c in used if c not in ordered])

    def fingerprint(self) -> str:
        """Return the sha256 of the records, the same whichever file format they came from."""
        if self._fingerprint is None:  # records never change: hash them once
            object.__setattr__(self, "_fingerprint", self._hash())
        return self._fingerprint

    def _hash(self) -> str:
        data = plan_to_dict(replace(self, source=None))
        data.pop("source", None)
        data.pop("warnings", None)
        blob = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()


# --- JSON -----------------------------------------------------------------------------

def _date(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _measure_to_dict(m: Measure) -> dict[str, Any]:
    data = {"id": m.id, "number": m.number, "text": m.text,
            "deadline": {"text": m.deadline.text, "start": _date(m.deadline.start),
                         "end": _date(m.deadline.end), "annual": m.deadline.annual,
                         "ongoing": m.deadline.ongoing},
            "expected_result": m.expected_result,
            "executors": {"text": m.executors.text, "codes": list(m.executors.codes),
                          "others": list(m.executors.others)},
            "funding": {"text": m.funding}}
    if m.extra:  # only where the plan has such columns: the records of others stay as they were
        data["extra"] = dict(m.extra)
    return data


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    """Return the plan as the schema_version 1 interchange object."""
    stamp = {"approved_by": plan.approved_by} if plan.approved_by else {}
    return {
        "schema_version": SCHEMA_VERSION,
        "title": plan.title,
        **stamp,
        "language": plan.language,
        "source": ({"file": plan.source.file, "format": plan.source.format,
                    "sha256": plan.source.sha256} if plan.source else None),
        "sections": [
            {"number": s.number, "title": s.title, "tasks": [
                {"id": t.id, "number": t.number, "text": t.text,
                 "measures": [_measure_to_dict(m) for m in t.measures]}
                for t in s.tasks]}
            for s in plan.sections],
        "glossary": [{"code": g.code, "name": g.name} for g in plan.glossary],
        "note": plan.note,
        "warnings": [{"where": w.where, "message": w.message} for w in plan.warnings],
    }


def plan_to_json(plan: Plan) -> str:
    """Return the plan as indented UTF-8 JSON text (Cyrillic kept as is)."""
    return json.dumps(plan_to_dict(plan), ensure_ascii=False, indent=2) + "\n"


def _iso(value: Any, where: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise PlanFormatError(_("{where}: '{value}' is not a YYYY-MM-DD date")
                              .format(where=where, value=value)) from None


def _extra(value: Any, where: str) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise PlanFormatError(_("{where}: 'extra' must map column names to texts")
                              .format(where=where))
    return tuple(value.items())


def plan_from_dict(data: dict[str, Any]) -> Plan:
    """Return the Plan held in a schema_version 1 object; raise PlanFormatError if it is not one."""
    if not isinstance(data, dict) or data.get("schema_version") != SCHEMA_VERSION:
        raise PlanFormatError(_("not an esep plan (schema_version 1 expected)"))
    try:
        sections = tuple(
            Section(number=s["number"], title=s["title"], tasks=tuple(
                Task(id=t["id"], number=t["number"], text=t["text"], measures=tuple(
                    Measure(id=m["id"], number=m["number"], text=m["text"],
                            deadline=Deadline(text=m["deadline"]["text"],
                                              start=_iso(m["deadline"]["start"], m["id"]),
                                              end=_iso(m["deadline"]["end"], m["id"]),
                                              annual=bool(m["deadline"]["annual"]),
                                              ongoing=bool(m["deadline"]["ongoing"])),
                            expected_result=m["expected_result"],
                            executors=Executors(text=m["executors"]["text"],
                                                codes=tuple(m["executors"]["codes"]),
                                                others=tuple(m["executors"]["others"])),
                            funding=m["funding"]["text"],
                            extra=_extra(m.get("extra", {}), m["id"]))
                    for m in t["measures"]))
                for t in s["tasks"]))
            for s in data["sections"])
        src = data.get("source")
        return Plan(
            title=data["title"], language=data.get("language", "ky"), sections=sections,
            glossary=tuple(GlossaryEntry(g["code"], g["name"]) for g in data.get("glossary", [])),
            note=data.get("note", ""), approved_by=data.get("approved_by", ""),
            warnings=tuple(PlanWarning(w["where"], w["message"]) for w in data.get("warnings", [])),
            source=Source(src["file"], src["format"], src["sha256"]) if src else None)
    except (KeyError, TypeError) as exc:
        raise PlanFormatError(_("plan JSON is missing or mangles the key {key}").format(key=exc)) \
            from None


def plan_from_json(text: str) -> Plan:
    """Return the Plan held in JSON `text`."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise PlanFormatError(_("not valid JSON (line {line}: {detail})")
                              .format(line=exc.lineno, detail=exc.msg)) from None
    return plan_from_dict(data)
