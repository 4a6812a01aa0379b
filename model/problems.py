"""Every kind of problem a collected form can have, each defined once.

A `ProblemType` holds the type code stored in the progress JSON, the severity, the message as a
plain format string with named fields, and which places it points to. Calling it makes the
`Problem` record:

>>> BAD_STATUS(file="2025-КБ.xlsx", sheet="КБ", cell="G12", measure="6.5.1",
...            text="бүттү", choices="аткарылды, ...").severity
'error'

One code may have two entries when the same thing is an error in one case and a warning in
another (a column missing: an input column or a plan column); docs/progress-json.md lists both.
Errors mean an answer was not taken as written; warnings are worth a look.
"""

from __future__ import annotations

from dataclasses import dataclass

from .i18n import N_, catalog, language
from .progress import ERROR, WARNING, Problem
from .text import quote

# The places a problem can name, coarse to fine.
FILE, SHEET, CELL, MEASURE = "file", "sheet", "cell", "measure"
IN_FILE, IN_SHEET, AT_CELL = (FILE,), (FILE, SHEET), (FILE, SHEET, CELL, MEASURE)
_OWN_WORDS = {"reason", "choices"}  # esep's own sentences, not quoted input: never cut


@dataclass(frozen=True)
class ProblemType:
    """One kind of problem: its code, severity, message template and the places it names."""

    type: str
    severity: str
    template: str
    points: tuple[str, ...]

    def __call__(self, *, file: str = "", sheet: str = "", cell: str = "", measure: str = "",
                 **fields: object) -> Problem:
        """Return the Problem at the places given, its template filled from them and `fields`."""
        where = {FILE: file, SHEET: sheet, CELL: cell, MEASURE: measure}
        stray = [name for name, value in where.items() if value and name not in self.points]
        if stray:
            raise TypeError(f"{self.type} does not point to a {', '.join(stray)}")
        # in the current language (the registry holds the English source); a field quoted
        # from a form is cut short and its control characters shown escaped
        shown = {k: quote(v) if isinstance(v, str) and k not in _OWN_WORDS else v
                 for k, v in fields.items()}
        lang = language()  # asked once: a problem is made for every row that has one
        return Problem(self.type, catalog(lang).gettext(self.template).format(**where, **shown),
                       file, sheet, cell, measure, self.severity, lang)


def _kind(type: str, severity: str, template: str, points: tuple[str, ...]) -> ProblemType:
    kind = ProblemType(type, severity, template, points)
    REGISTRY.append(kind)
    return kind


REGISTRY: list[ProblemType] = []

# --- a file as a whole (ingest.forms) --------------------------------------------------
UNSAFE_FILE = _kind("bad-file", ERROR, N_("{reason}"), IN_FILE)
UNREADABLE_FILE = _kind(
    "bad-file", ERROR, N_("Excel could not read it ({error}: {detail}); ask the unit to save it "
    "again as .xlsx and resend"), IN_FILE)
TOO_MANY_ROWS = _kind(
    "too-many-rows", ERROR, N_("the form has more rows than the {bound} it can hold (the plan's "
    "measures and some room); rows from {row} on were not read: send the form made by esep forms"),
    AT_CELL)
TOO_MANY_BLANK_ROWS = _kind(
    "too-many-rows", WARNING, N_("the form has more rows than the {bound} it can hold (the plan's "
    "measures and some room); rows from {row} on were not read (they look empty)"), AT_CELL)
CELL_TOO_LONG = _kind(
    "cell-too-long", ERROR, N_("the cell holds {length} characters, more than the {limit} Excel "
    "lets a cell hold (a broken or hostile file); only the first {limit} were read: ask the unit "
    "to shorten the text"), AT_CELL)
CONTROL_CHARACTERS = _kind(
    "control-characters", WARNING, N_("control characters (such as ESC or BEL, no letters) were "
    "removed from the text"), AT_CELL)
NO_FORM_TABLE = _kind(
    "no-form-table", ERROR, N_("no measures table found (no header row with the '№' and 'Статус' "
    "columns); send the form made by esep forms, filled in"), IN_FILE)
IDENTITY_LOST = _kind(
    "identity-lost", WARNING, N_("the form's hidden identity is missing (copied into a new "
    "workbook?); its unit and year were read from the header, the plan version could not be "
    "checked"), IN_SHEET)

# --- the measures table's columns (ingest.forms) ---------------------------------------
COLUMN_DUPLICATE = _kind(
    "column-duplicate", ERROR, N_("the column '{header}' appears twice; only the first one "
    "({first}) was read"), AT_CELL)
INPUT_COLUMN_MISSING = _kind(
    "column-missing", ERROR, N_("the column '{ky}' / '{ru}' is missing (renamed or deleted); its "
    "answers cannot be read. Put the header back as the form had it"), AT_CELL)
PLAN_COLUMN_MISSING = _kind(
    "column-missing", WARNING, N_("the column '{ky}' / '{ru}' is missing (renamed or deleted); the "
    "plan's text is not needed to read the answers. Put the header back as the form had it"),
    AT_CELL)
COLUMN_MOVED = _kind(
    "column-moved", WARNING, N_("the columns are not in the form's order (moved, or one inserted); "
    "they were read by their headers"), AT_CELL)
FILLED_COLUMN_UNKNOWN = _kind(
    "column-unknown", ERROR, N_("{title} is not one of the form's columns; the {count} cell(s) "
    "typed in it were not read — move them into the form's own columns"), AT_CELL)
EMPTY_COLUMN_UNKNOWN = _kind(
    "column-unknown", WARNING, N_("{title} is not one of the form's columns (it is empty)"), AT_CELL)

# --- which form it is (model.answers) --------------------------------------------------
UNKNOWN_UNIT = _kind(
    "unknown-unit", ERROR, N_("the unit '{unit}' in the form is not an executor in the plan; its "
    "answers were not taken"), IN_SHEET)
OTHER_YEAR = _kind(
    "other-year", ERROR, N_("this is a form for {form_year}, not {year}; its answers were not taken"),
    IN_SHEET)
OTHER_PLAN = _kind(
    "other-plan", ERROR, N_("the form was made from another version of the plan; its answers were "
    "not taken: give that version with --previous-plan (or collect into a --workspace that "
    "holds it) to carry them over"), IN_SHEET)
OTHER_FORM_VERSION = _kind(
    "other-form-version", ERROR, N_("form version {version} is not known to this esep (it reads "
    "version {known})"), IN_SHEET)
EMPTY_FORM = _kind(
    "empty-form", ERROR, N_("the form came back with nothing filled in; it is counted as not "
    "returned"), IN_SHEET)

# --- rows (model.answers) --------------------------------------------------------------
ROW_DELETED = _kind(
    "row-deleted", ERROR, N_("the row of measure {measure} is missing from the form (deleted?); no "
    "answer from this unit is counted for it"), (FILE, SHEET, MEASURE))
ROW_ADDED = _kind(
    "row-added", ERROR, N_("row {row} has answers but no measure number; rows cannot be added to the "
    "form — write this under the measure it belongs to"), AT_CELL)
ROW_NOTE = _kind(
    "row-added", WARNING, N_("'{text}' is not a measure number; the row was not read"), AT_CELL)
UNKNOWN_MEASURE = _kind(
    "unknown-measure", ERROR, N_("there is no measure {measure} in the plan"), AT_CELL)
NOT_UNIT_MEASURE = _kind(
    "not-unit-measure", ERROR, N_("measure {measure} is not {unit}'s: the plan names {codes} for it"),
    AT_CELL)
NOT_IN_YEAR = _kind(
    "not-in-year", ERROR, N_("measure {measure} is not to be reported for {year} (its deadline: "
    "{deadline})"), AT_CELL)
DUPLICATE_MEASURE = _kind(
    "duplicate-measure", ERROR, N_("measure {measure} appears twice (rows {first} and {row}); only "
    "row {first} was taken"), AT_CELL)

# --- answers (model.answers) -----------------------------------------------------------
NOTHING_FILLED = _kind(
    "missing-status", ERROR, N_("nothing is filled in for this measure: choose a status and write "
    "what was done"), AT_CELL)
MISSING_STATUS = _kind(
    "missing-status", ERROR, N_("no status chosen: pick one from the list"), AT_CELL)
BAD_STATUS_GUESS = _kind(
    "bad-status", ERROR, N_("'{text}' is not a status — did you mean '{guess}'? Choose one of: "
                            "{choices}"), AT_CELL)
BAD_STATUS = _kind(
    "bad-status", ERROR, N_("'{text}' is not a status; choose one of: {choices}"), AT_CELL)
DONE_WITHOUT_TEXT = _kind(
    "done-without-text", ERROR, N_("the status says done but 'what was done' is empty: write what "
    "was done"), AT_CELL)
STATUS_CONTRADICTS_DEADLINE = _kind(
    "status-contradicts-deadline", WARNING, N_("status '{text}', but the deadline ({deadline}) has "
    "passed by the end of {year}"), AT_CELL)
MISSING_REASON = _kind(
    "missing-reason", WARNING, N_("the period has ended and it is not done: write the reasons and "
    "obstacles"), AT_CELL)

# --- the plan itself (model.answers) ---------------------------------------------------
NO_EXECUTOR = _kind(
    "no-executor", WARNING, N_("the plan names no unit from the glossary as its executor, so no "
    "form asks about it"), (MEASURE,))

# --- forms made from an older plan version (model.carry) -------------------------------
CARRY_UNKNOWN = _kind(
    "carry-unknown", ERROR, N_("there is no measure {measure} in the plan version this form was made "
    "from; the row was not carried"), AT_CELL)
CARRY_UNCERTAIN = _kind(
    "carry-uncertain", ERROR, N_("measure {measure} of the form's plan version may be {candidates} in "
    "the current plan; its answer was not carried: copy it to the right measure by hand"), AT_CELL)
CARRIED = _kind(
    "carried", WARNING, N_("answer carried from the form's older plan version to {where} of the "
    "current plan{since}"), AT_CELL)
CARRY_REMOVED = _kind(
    "carry-removed", WARNING, N_("measure {measure} was removed from the current plan; this row's "
    "answer was not carried"), AT_CELL)
NEW_MEASURE = _kind(
    "new-measure", WARNING, N_("measure {measure} is new to this unit in the current plan; the form, "
    "{made_from}, does not ask about it: ask the unit for its answer"), (FILE, SHEET, MEASURE))

# --- a year's progress carried to the current plan version (model.carry.carry_progress) --
CARRY_DROPPED = _kind(
    "carry-dropped", WARNING, N_("this measure of the older plan version is not in the current "
    "plan (removed); its {year} answers are left out"), (MEASURE,))
CARRY_DROPPED_UNCERTAIN = _kind(
    "carry-dropped", WARNING, N_("this measure of the older plan version may be {candidates} in "
    "the current plan; its {year} answers are left out"), (MEASURE,))


def kinds(severity: str) -> set[str]:
    """Return the type codes that have an entry of `severity` ("error" or "warning")."""
    return {k.type for k in REGISTRY if k.severity == severity}
