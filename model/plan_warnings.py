"""Every kind of warning the plan reader gives, each defined once, and how a clerk reads it.

A `WarningKind` holds its code and its message as an English format string with named values;
calling it makes the `PlanWarning` record, whose `message` is that English sentence (the plan
JSON keeps it so, docs/plan-json.md). The places a warning names that are no measure ("line 41",
"table 1, row 5", "page 3", "title") are worded by `place`. Both are shown in the clerk's
language by `shown_message`, `shown_where` and `shown`; a plan JSON holds only the English, so
the same templates read the kind and its values back from it. A message of no known kind (a
plan JSON of another tool) is shown as it is written.

>>> FUNDING_EMPTY("5.2.3").message
'funding is empty'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Mapping

from .i18n import N_, _
from .plan import PlanWarning


@dataclass(frozen=True)
class _Template:
    """An English format string with named values, read back from its text by the same string."""

    template: str
    pattern: re.Pattern = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        pieces = re.split(r"\{(\w+)\}", self.template)  # text, name, text, name, ..., text
        regex = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)"
                        for i, p in enumerate(pieces))
        object.__setattr__(self, "pattern", re.compile(regex, re.DOTALL))

    def read(self, text: str) -> dict[str, str] | None:
        """Return the values `text` was made of by this template, or None when it is not one."""
        found = self.pattern.fullmatch(text)
        return found.groupdict() if found else None


@dataclass(frozen=True)
class WarningKind(_Template):
    """One kind of plan warning: its code, its English template, and which values are esep's
    own words (a field's name), translated when shown rather than quoted from the plan."""

    code: str = ""
    words: tuple[str, ...] = ()

    def __call__(self, where: str, **values: object) -> PlanWarning:
        """Return the warning at `where` (a measure id or a `place`), its template filled."""
        return PlanWarning(where, self.template.format(**values), self.code,
                           tuple((k, str(v)) for k, v in values.items()))


KINDS: dict[str, WarningKind] = {}


def _kind(code: str, template: str, words: tuple[str, ...] = ()) -> WarningKind:
    kind = WarningKind(template, code=code, words=words)
    KINDS[code] = kind
    return kind


# --- a measure's cells (ingest.assemble, ingest.executors) --------------------------------
EXECUTOR_READ_AS = _kind("executor-read-as", N_("executor '{printed}' read as '{code}'"))
DEADLINE_EMPTY = _kind("deadline-empty", N_("deadline is empty"))
DEADLINE_UNKNOWN = _kind("deadline-not-understood", N_("deadline '{text}' not understood"))
RESULT_EMPTY = _kind("result-empty", N_("expected result is empty"))
NO_EXECUTOR = _kind("no-executor", N_("no responsible executor"))
NO_GLOSSARY_CODE = _kind("no-glossary-code", N_("no glossary code among the executors"))
FUNDING_EMPTY = _kind("funding-empty", N_("funding is empty"))
WEAK_READING = _kind("weak-reading", N_("{field}: read '{chosen}' (or '{other}'? a line of the "
                                        "PDF ends there)"), words=("field",))

# --- the table's structure (ingest.assemble) ---------------------------------------------
SECTION_UNNUMBERED = _kind("section-unnumbered",
                           N_("section heading has no number; read as section {number}"))
TASK_BEFORE_SECTION = _kind("task-before-section", N_("task before any section heading"))
TASK_NUMBER_UNKNOWN = _kind("task-number-not-understood",
                            N_("task number '{printed}' not understood; read as {number}"))
MEASURE_WITHOUT_TASK = _kind("measure-without-task",
                             N_("measure row with no task above it: skipped"))
CONTROL_CHARACTERS = _kind("control-characters", N_("control characters (such as ESC or BEL, no "
                                                    "letters) were removed from the text"))

# --- the heading above the table (ingest.title) ------------------------------------------
STAMP_END_NOT_FOUND = _kind("stamp-end-not-found", N_(
    "the heading starts like an approval stamp ('{start}…') but its end was not found: the "
    "title may hold the stamp"))
STAMP_ONLY = _kind("stamp-only", N_("only an approval stamp above the table: the title is the "
                                    "stamp's text"))

# a measure's fields, as WEAK_READING names them
FIELDS = {"task": N_("task"), "measure": N_("measure"), "deadline": N_("deadline"),
          "expected result": N_("expected result"), "executors": N_("executors"),
          "funding": N_("funding")}

# --- the places a warning names that are no measure ----------------------------------------
PLACES: dict[str, _Template] = {name: _Template(text) for name, text in {
    "line": N_("line {line}"),                                  # a text export's line
    "row": N_("table {table}, row {row}"),                      # a Word or web page's table row
    "page": N_("page {page}"),                                  # a PDF's page
    "title": N_("title"),
    "above": N_("the text above the plan table"),
    "below": N_("the text below the plan table"),
}.items()}


def place(name: str, **values: object) -> str:
    """Return the place `name` ("line", "row", "page", "title", "above", "below") in English,
    as a warning's `where` holds it: ``place("line", line=41)`` gives "line 41"."""
    return PLACES[name].template.format(**values)


def kind_of(warning: PlanWarning) -> tuple[WarningKind, Mapping[str, str]] | None:
    """Return the kind of `warning` and its values: as made, or read back from its English
    message (a plan JSON holds only that); None when the message is of no known kind."""
    if warning.kind in KINDS:
        return KINDS[warning.kind], dict(warning.values)
    for kind in KINDS.values():
        values = kind.read(warning.message)
        if values is not None:
            return kind, values
    return None


def shown_message(warning: PlanWarning) -> str:
    """Return the warning's message in the current language (as written when of no known kind)."""
    known = kind_of(warning)
    if known is None:
        return warning.message
    kind, values = known
    own = {k: _(FIELDS[v]) if k in kind.words and v in FIELDS else v for k, v in values.items()}
    return _(kind.template).format(**own)


def shown_where(where: str) -> str:
    """Return the place `where` in the current language (a measure id, or unknown: as it is)."""
    for template in PLACES.values():
        values = template.read(where)
        if values is not None:
            return _(template.template).format(**values)
    return where


def shown(warning: PlanWarning) -> str:
    """Return the warning as one line in the current language: "place: message"."""
    return f"{shown_where(warning.where)}: {shown_message(warning)}"
