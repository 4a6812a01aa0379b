"""The stage summary as a document: stage → its data → the filled Word template, the HTML page.

The same mechanism as the yearly report (``render.report``): a docxtpl template whose tags a clerk
may reword (``templates/stage.docx``, built by ``make_template.py``), filled through the report's
own fill step, and a main table built in code from its pattern rows; the public version is the
same data without phone numbers, as a PDF (LibreOffice) and one HTML page.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from docx.shared import Mm
from docxtpl import InlineImage

from model.plan import Measure, Plan
from model.progress import OUTCOMES, LEAD
from model.stage import StageMeasure, StageSummary

from . import _oxml
from .chart import status_chart
from .labels import LANGUAGES, OUTCOME_LABELS, stage_labels_for
from .publish import _environment as _html_environment
from .publish import public_settings, scrub_phones
from .report import (PROOFING, ReportSettings, SectionRow, _executors, entry_text,
                     fill_main_table, fill_template, letter_context)

TEMPLATE = Path(__file__).with_name("templates") / "stage.docx"
HTML_TEMPLATE = "stage.html"
STAGE_CHART_WIDTH = Mm(130)  # the chart and the table by year share the first page
STAGE_KEYS = ("number", "measure", "executors", "years", "done_in", "information")


@dataclass(frozen=True)
class StageRow:
    """A measure row of the stage table; `task` is set on the first row of each task."""

    measure: Measure
    task: str
    executors: tuple[str, ...]
    years: tuple[tuple[int, str], ...]          # (year, outcome name or a dash)
    done_in: str                                # the year, or a dash
    information: tuple[tuple[str, str], ...]    # ("2026, КБ", text), year by year, lead first
    final: str                                  # outcome key at the stage's end


@dataclass(frozen=True)
class StageData:
    """Everything the stage summary says, in its language, ready for DOCX or HTML."""

    lang: str
    first: int
    last: int
    labels: dict[str, str]
    title: str
    intro: str
    by_year: tuple[dict[str, str], ...]         # one row per year, then the stage's end
    bars: tuple[tuple[str, dict[str, int]], ...]
    rows: tuple[SectionRow | StageRow, ...]
    not_done: tuple[dict[str, str], ...]
    never_returned: tuple[dict[str, str], ...]
    settings: ReportSettings = field(default_factory=ReportSettings)


def stage_data(plan: Plan, summary: StageSummary, settings: ReportSettings | None = None,
               public: bool = False) -> StageData:
    """Return what the stage summary says; `public` drops phone numbers and the preparer's phone."""
    settings = public_settings(settings) if public else (settings or ReportSettings())
    lang = settings.lang or (plan.language if plan.language in LANGUAGES else "ky")
    L = stage_labels_for(lang)
    for n in (1, 2):
        L[f"annex_{n}"] = L["annex"].format(number=n)
    names = OUTCOME_LABELS[lang]
    clean = scrub_phones if public else (lambda text: text)
    known = {m.measure_id: m for m in summary.measures}
    rows: list[SectionRow | StageRow] = []
    for section in plan.sections:
        section_rows = []
        for task in section.tasks:
            first = True
            for m in task.measures:
                if m.id in known:
                    section_rows.append(_row(task, m, known[m.id], L, names, first, clean))
                    first = False
        if section_rows:
            rows.append(SectionRow(section.number, L["section"].format(
                number=section.number, title=section.title)))
            rows.extend(section_rows)
    final = summary.final_counts()
    return StageData(
        lang=lang, first=summary.first, last=summary.last, labels=L,
        title=L["stage_title"].format(plan=plan.title, first=summary.first, last=summary.last),
        intro=L["stage_intro"].format(first=summary.first, last=summary.last,
                                      total=len(summary.measures), done=final["done"],
                                      open=len(summary.measures) - final["done"]),
        by_year=tuple(_count_rows(summary, L)),
        bars=tuple((str(y), counts) for y, counts in summary.year_counts),
        rows=tuple(rows), not_done=tuple(_not_done(plan, summary, names, clean)),
        never_returned=tuple({"code": u, "name": plan.unit_name(u)}
                             for u in summary.never_returned),
        settings=settings)


def _row(task, m: Measure, sm: StageMeasure, L: dict[str, str], names: dict[str, str],
         first: bool, clean) -> StageRow:
    information = []
    for year in sorted({e.year for e in sm.entries}):
        entries = sorted((e.entry for e in sm.entries if e.year == year),
                         key=lambda e: e.role != LEAD)
        information.extend((f"{year}, {e.unit}", clean(text)) for e in entries
                           if (text := entry_text(e, L)))
    return StageRow(
        measure=m, task=L["task"].format(id=task.id, text=task.text) if first else "",
        executors=_executors(m),
        years=tuple((y, names[o] if o else L["not_asked"]) for y, o in sm.outcomes),
        done_in=str(sm.done_in) if sm.done_in else L["not_asked"],
        information=tuple(information), final=sm.final)


def _count_rows(summary: StageSummary, L: dict[str, str]):
    returned = {y: (n, of) for y, n, of in summary.returned}
    for year, counts in summary.year_counts:
        n, of = returned[year]
        yield {"year": str(year), "total": str(sum(counts.values())), "returned": f"{n} / {of}",
               **{o: str(counts[o]) for o in OUTCOMES}}
    final = summary.final_counts()
    yield {"year": L["stage_end"], "total": str(len(summary.measures)), "returned": "",
           **{o: str(final[o]) for o in OUTCOMES}}


def _not_done(plan: Plan, summary: StageSummary, names: dict[str, str], clean):
    for sm in summary.not_done():
        m = plan.measure(sm.measure_id)
        reasons = [f"{e.year}, {e.entry.unit}: {clean(e.entry.reasons.strip())}"
                   for e in sm.reasons()]
        yield {"id": m.id, "text": m.text, "deadline": m.deadline.text,
               "lead": _executors(m)[0], "final": names[sm.final],
               "reasons": "\n".join(reasons) or "—"}


def stage_chart_png(data: StageData) -> bytes:
    """Return the chart of the stage by year (black-and-white stacked bars) as PNG bytes."""
    return status_chart(data.bars, OUTCOME_LABELS[data.lang], data.labels["stage_chart_axis"])


# --- the Word document -------------------------------------------------------------------

def _context(data: StageData, tpl) -> dict[str, Any]:
    return {
        "L": data.labels, "first": data.first, "last": data.last, "title": data.title,
        "intro": data.intro, "by_year": list(data.by_year), "not_done": list(data.not_done),
        "never_returned": list(data.never_returned),
        "chart": InlineImage(tpl, io.BytesIO(stage_chart_png(data)), width=STAGE_CHART_WIDTH),
        **letter_context(data.settings, data.labels, data.last + 1),
    }


def _cell(row: StageRow, key: str) -> list[list[_oxml.Run]]:
    if key == "number":
        return [[(row.measure.id, False, False)]]
    if key == "measure":
        first = [[(row.task, True, True)]] if row.task else []
        return first + [[(row.measure.text, False, False)]]
    if key == "executors":
        return [[(code, False, False)] for code in row.executors]
    if key == "years":
        return [[(f"{year}: ", True, False), (name, False, False)] for year, name in row.years]
    if key == "done_in":
        return [[(row.done_in, False, False)]]
    return [[(f"{who}: ", True, False), (text, False, False)] for who, text in row.information]


def render_stage(data: StageData, template: str | Path | None = None,
                 warn: Callable[[str], None] | None = None) -> bytes:
    """Return the stage summary holding `data` as .docx bytes, from `template` or the built-in.

    `warn` hears of outside links left out of it (see ``render.report.fill_template``).
    """
    doc, name = fill_template(template, lambda tpl: _context(data, tpl), warn, TEMPLATE)
    fill_main_table(doc, data.rows, name, _cell, STAGE_KEYS)
    _oxml.set_language(doc.styles.element, PROOFING[data.lang])
    doc.core_properties.title = data.title[:250]
    doc.core_properties.language = PROOFING[data.lang]
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def render_stage_html(data: StageData) -> str:
    """Return the public stage summary as one HTML page, the chart inside it as a data: URI."""
    chart = "data:image/png;base64," + base64.b64encode(stage_chart_png(data)).decode("ascii")
    return _html_environment().get_template(HTML_TEMPLATE).render(
        data=data, L=data.labels, chart=chart, outcomes=OUTCOMES,
        outcome_names=OUTCOME_LABELS[data.lang])

