"""The plan's first stage run end to end on the samples: 2025, 2026 and 2027, then the summary.

Each year it makes the units' forms with `esep forms` (from 2026 on with last year's answers
beside each measure), fills them as units do (the answers below, made by rule from each
measure's text so that every year differs), collects them with `esep collect`, and at the end
writes the stage summary with `esep report --stage 2025-2027`. On the way:

- the plan is amended in 2026 (samples/plan-ky-v2.*: a task inserted in section 6, a measure
  removed, others changed); the 2026 and 2027 forms are made from it, and 2025's answers are
  carried to it;
- ОИБ fills in 2026 the blank form it kept from the old plan version; it is collected with
  --previous-plan;
- УКЖКААБ sends its 2027 form twice: a first one, then a corrected one filled four days later;
- ДКЖАКБ never returns its form; ЭАКБ does not return it in 2026.

`run(out)` returns what was typed, for the tests to check the summary against (see
tests/test_three_years.py). Usage: python samples/three_years.py [OUT] [--public]   (default out/stage)
"""

from __future__ import annotations

import os
import shutil
import sys
import zlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from openpyxl import load_workbook

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT)]

from esep.cli import cli  # noqa: E402
from model.form_layout import FIRST_ROW, HEADER_ROW, column_key  # noqa: E402
from model.plan import Plan, plan_from_json  # noqa: E402
from model.progress import DONE, IN_PROGRESS, NOT_DONE, STATUS_LABELS  # noqa: E402

V1, V2 = HERE / "plan-ky.docx", HERE / "plan-ky-v2.docx"
YEARS = (2025, 2026, 2027)
NEVER = "ДКЖАКБ"                       # never returns its form
SKIPS = {2026: ("ЭАКБ",)}              # units that do not return their form that year
OLD_FORM = {2026: "ОИБ"}               # fills the blank form of the old plan version
RESUBMITS = {2027: "УКЖКААБ"}          # sends a first try, then a corrected form

# Five courses a measure may take over the stage, chosen by its text; the last year of each
# course repeats when the measure runs longer.
COURSES = (
    (DONE, DONE, DONE),
    (IN_PROGRESS, DONE, DONE),
    (IN_PROGRESS, IN_PROGRESS, DONE),
    (NOT_DONE, IN_PROGRESS, NOT_DONE),
    (DONE, IN_PROGRESS, DONE),          # an annual round missed in 2026: done again in 2027
)
DONE_TEXT = {
    DONE: "{year}-жылы иш-чара толук аткарылды: {unit} тарабынан {n} иш-чара өткөрүлдү.",
    IN_PROGRESS: "{year}-жылы иш уланды: {unit} тарабынан {n} документтин долбоору даярдалды.",
    NOT_DONE: "",
}
REASONS = "{year}-жылы каржылоо толук бөлүнгөн жок; иш {next}-жылы уланат."


@dataclass(frozen=True)
class Typed:
    """One answer typed into a form: whose, on which measure (that form's id), in which year."""

    year: int
    unit: str
    measure_id: str
    measure_text: str
    status: str
    done: str
    reasons: str


def course(text: str) -> tuple[str, str, str]:
    """Return the statuses a measure's lead gives year by year, chosen by the measure's text."""
    return COURSES[zlib.crc32(text.encode("utf-8")) % len(COURSES)]


def answer(year: int, unit: str, measure_id: str, text: str) -> Typed:
    """Return what `unit` types on a measure in `year`: lead and co-executors follow its course."""
    status = course(text)[YEARS.index(year)]
    n = zlib.crc32(f"{year}{unit}{measure_id}".encode("utf-8")) % 9 + 1
    done = DONE_TEXT[status].format(year=year, unit=unit, n=n)
    reasons = "" if status == DONE else REASONS.format(year=year, next=year + 1)
    return Typed(year, unit, measure_id, text, status, done, reasons)


def esep(*args: str | Path) -> None:
    """Run one esep command as a clerk would type it, showing the command and what it says."""
    line = [str(a) for a in args]
    shown = [os.path.relpath(a) if a.startswith("/") and a.startswith(os.getcwd()) else a
             for a in line]
    print("$ esep " + " ".join(a if " " not in a else f"'{a}'" for a in shown), flush=True)
    cli.main(args=line, prog_name="esep", standalone_mode=False)


def fill(path: Path, plan: Plan, year: int, filled_on: date, who: str,
         change: dict[str, str] | None = None) -> list[Typed]:
    """Type the unit's answers into the form at `path` (columns found by their headers)."""
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    columns = {column_key(c.value): c.column for c in ws[HEADER_ROW] if c.value}
    unit = wb.custom_doc_props["esep.unit"].value
    typed = []
    for r in range(FIRST_ROW, ws.max_row + 1):
        measure_id = ws.cell(r, columns["id"]).value
        if not measure_id:
            continue
        a = answer(year, unit, measure_id, plan.measure(measure_id).text)
        if change and measure_id in change:
            a = Typed(a.year, a.unit, a.measure_id, a.measure_text, change[measure_id], a.done,
                      a.reasons)
        ws.cell(r, columns["status"], STATUS_LABELS["ky"][a.status])
        ws.cell(r, columns["done"], a.done or None)
        ws.cell(r, columns["reasons"], a.reasons or None)
        typed.append(a)
    ws["C6"], ws["C7"] = filled_on, who
    wb.save(path)
    return typed


def _fill_year(plan: Plan, year: int, blank: Path, inbox: Path,
               old: dict[str, Plan]) -> list[Typed]:
    """Fill every unit's form of `year` into `inbox`; `old` names units holding an older form."""
    typed: list[Typed] = []
    inbox.mkdir(parents=True, exist_ok=True)
    for form in sorted(blank.glob("*.xlsx")):
        unit = form.stem.split("-", 1)[1]
        if unit == NEVER or unit in SKIPS.get(year, ()):
            continue
        target = inbox / form.name
        shutil.copy(form, target)
        if RESUBMITS.get(year) == unit:
            first = inbox / f"{form.stem} (биринчи вариант).xlsx"
            shutil.copy(form, first)
            fill(first, plan, year, date(year + 1, 1, 10), "Ж. Асанова",
                 change={m: NOT_DONE for m in _ids(first)})
        typed += fill(target, old.get(unit, plan), year, date(year + 1, 1, 14),
                      f"{unit}: аткаруучу")
    return typed


def _ids(path: Path) -> list[str]:
    ws = load_workbook(path, read_only=True).worksheets[0]
    return [row[0] for row in ws.iter_rows(min_row=FIRST_ROW, values_only=True) if row[0]]


def run(out: Path, public: bool = False) -> list[Typed]:
    """Run the three years into the folder `out`; return every answer that counts, as typed.

    `public` also writes the summary's public PDF and HTML (LibreOffice makes the PDF).
    """
    if out.exists():
        shutil.rmtree(out)
    v1 = plan_from_json((HERE / "plan-ky.expected.json").read_text(encoding="utf-8"))
    v2 = plan_from_json((HERE / "plan-ky-v2.expected.json").read_text(encoding="utf-8"))
    typed: list[Typed] = []
    for year in YEARS:
        plan_file, plan = (V1, v1) if year == 2025 else (V2, v2)
        blank, inbox = out / "forms" / str(year), out / "inbox" / str(year)
        last = ["--last-year", out / f"progress-{year - 1}.json"] if year > 2025 else []
        older = ["--previous-plan", V1] if year == 2026 else []
        esep("forms", plan_file, "--year", year, "-o", blank, *last, *older)
        if year in OLD_FORM:  # a blank form of the old version, kept from before the amendment
            esep("forms", V1, "--year", year, "-o", out / "forms" / f"{year}-old",
                 "--unit", OLD_FORM[year])
            kept = out / "forms" / f"{year}-old" / f"{year}-{OLD_FORM[year]}.xlsx"
            shutil.copy(kept, blank / kept.name)
        old = {OLD_FORM[year]: v1} if year in OLD_FORM else {}
        typed += _fill_year(plan, year, blank, inbox, old)
        esep("collect", plan_file, inbox, "--year", year, "-o", out / f"progress-{year}.json",
             *older)
    esep("report", V2, "--stage", "2025-2027",
         *[a for y in YEARS for a in ("--progress", out / f"progress-{y}.json")],
         "--previous-plan", V1, "-o", out / "stage.docx", *(["--public"] if public else []))
    return typed


if __name__ == "__main__":
    names = [a for a in sys.argv[1:] if a != "--public"]
    run(Path(names[0]) if names else ROOT / "out" / "stage", public="--public" in sys.argv)
