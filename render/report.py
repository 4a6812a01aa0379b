"""The official report: plan and progress → report data → the filled Word template (DOCX bytes).

`report_data` gathers what the report says (summary, chart bars, table rows, annexes); `render_report`
fills the docxtpl template with it. The template's tags carry everything a clerk may reword; the main
table's body rows are built in code from the template's two pattern rows (see ``make_template.py``),
because template loops are fragile with rows that span the table.
"""

from __future__ import annotations

import io
import re
import tomllib
import traceback
import zipfile
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Callable

import jinja2
import jinja2.sandbox
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage

from ingest.package import check_package
from model.errors import EsepError
from model.i18n import _
from model.text import quote
from model.plan import Measure, Plan, Section, Task
from model.progress import (LEAD, OUTCOME_LABELS, OUTCOME_NO_INFO, OUTCOME_OVERDUE, OUTCOMES,
                            Entry, MeasureProgress, Progress)

from . import _oxml
from .template_safety import ReportSandbox, TemplateError, check_template_file
from .chart import status_chart
from .labels import LANGUAGES, labels_for

TEMPLATE = Path(__file__).with_name("templates") / "report.docx"
COLUMN_KEYS = ("number", "measure", "deadline", "executors", "information", "status")
SECTION_KEY = "section"
PROOFING = {"ky": "ky-KG", "ru": "ru-RU"}
CHART_WIDTH = Mm(150)
NO_EXECUTOR = "—"  # an empty cell would read as text lost on the way
_KEY = re.compile(r"^\s*\[([A-Za-z_]+)\]\s*$")


class ConfigError(EsepError):
    """The report settings file has a key or value the report does not know."""


@dataclass(frozen=True)
class ReportSettings:
    """Who signs and who prepared the report, and the letter's particulars; empty means a blank line."""

    lang: str = ""                 # "ky" or "ru"; empty: the plan's language
    addressee: str = ""            # empty: the authorized body, in the report's language
    outgoing_number: str = ""
    outgoing_date: str = ""
    signer_position: str = ""
    signer_name: str = ""
    report_date: str = ""
    preparer_name: str = ""
    preparer_phone: str = ""

    def __post_init__(self):
        if self.lang and self.lang not in LANGUAGES:
            raise ConfigError(_("report language '{lang}' is not one of {languages}")
                              .format(lang=self.lang, languages=", ".join(LANGUAGES)))

    @classmethod
    def from_toml(cls, path: str | Path) -> "ReportSettings":
        """Return the settings in the ``[report]`` table of the TOML file at `path`.

        Example file::

            [report]
            signer_position = "Башкармалыктын начальниги"
            signer_name = "А. Асанов"
        """
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(_("not valid TOML ({detail})").format(detail=exc),
                              file=str(path)) from None
        except UnicodeDecodeError:
            raise ConfigError(_("not UTF-8 text"), file=str(path)) from None
        except RecursionError:
            raise ConfigError(_("not a settings file: its arrays or tables are nested thousands "
                                "deep"), file=str(path)) from None
        table = data.get("report")
        if not isinstance(table, dict):
            raise ConfigError(_("no [report] table: put the settings under a line [report]"),
                              file=str(path))
        known = {f.name for f in fields(cls)}
        for key, value in table.items():
            if key not in known:
                raise ConfigError(_("unknown setting '{key}' in [report]; known: {known}")
                                  .format(key=key, known=", ".join(sorted(known))),
                                  file=str(path))
            if not isinstance(value, str):
                raise ConfigError(_("setting '{key}' must be text in quotes").format(key=key),
                                  file=str(path))
        return cls(**table)

    def updated(self, **values: str | None) -> "ReportSettings":
        """Return a copy with every value given (not None) replaced."""
        return replace(self, **{k: v for k, v in values.items() if v is not None})


# --- what the report says ----------------------------------------------------------------

@dataclass(frozen=True)
class SectionRow:
    """A heading row of the main table: one cell spanning it."""

    number: int
    text: str


@dataclass(frozen=True)
class MeasureRow:
    """A measure row of the main table; `task` is set on the first row of each task."""

    measure: Measure
    task: str
    executors: tuple[str, ...]
    deadline: str
    information: tuple[tuple[str, str], ...]   # (unit code, text), lead first
    outcome: str
    status: str


@dataclass(frozen=True)
class ReportData:
    """Everything the report says, in the report's language, ready for DOCX or HTML."""

    lang: str
    year: int
    labels: dict[str, str]
    title: str
    summary_intro: str
    summary: tuple[dict[str, str], ...]
    bars: tuple[tuple[str, dict[str, int]], ...]
    rows: tuple[SectionRow | MeasureRow, ...]
    overdue: tuple[dict[str, str], ...]
    missing_units: tuple[dict[str, str], ...]
    no_info: tuple[dict[str, str], ...]
    settings: ReportSettings = field(default_factory=ReportSettings)


def entry_text(entry: Entry, labels: dict[str, str]) -> str:
    """Return what a unit wrote on a measure as one text: done, figures, documents, then reasons."""
    parts = [p.strip() for p in (entry.done, entry.figures, entry.documents) if p and p.strip()]
    if entry.reasons and entry.reasons.strip():
        parts.append(f"{labels['reasons']}: {entry.reasons.strip()}")
    return "\n".join(parts)


def _share(count: int, total: int) -> str:
    value = 100.0 * count / total if total else 0.0
    return f"{value:.1f}".replace(".", ",") + " %"


def check_progress(plan: Plan, progress: Progress, year: int) -> None:
    """Raise EsepError unless `progress` is of `year` and was collected against `plan`."""
    if progress.year != year:
        raise EsepError(_("the progress is for {found}, not {year}: collect the forms of {year} "
                          "or give --year {found}").format(found=progress.year, year=year))
    if progress.plan_fingerprint and progress.plan_fingerprint != plan.fingerprint():
        raise EsepError(_("the progress was collected against another version of the plan: "
                          "collect the forms again with this plan"))


def report_data(plan: Plan, progress: Progress, year: int,
                settings: ReportSettings | None = None) -> ReportData:
    """Return what the report for `year` says about `plan`, given the collected `progress`."""
    settings = settings or ReportSettings()
    check_progress(plan, progress, year)
    lang = settings.lang or (plan.language if plan.language in LANGUAGES else "ky")
    labels = labels_for(lang)
    for n in (1, 2, 3):
        labels[f"annex_{n}"] = labels["annex"].format(number=n)
    outcome_names = OUTCOME_LABELS[lang]
    known = {m.measure_id: m for m in progress.measures}

    rows: list[SectionRow | MeasureRow] = []
    bars: list[tuple[str, dict[str, int]]] = []
    overdue, no_info = [], []
    for section in plan.sections:
        section_rows, counts = _section_rows(section, known, labels, outcome_names)
        if not section_rows:
            continue
        rows.append(SectionRow(section.number, labels["section"].format(
            number=section.number, title=section.title)))
        rows.extend(section_rows)
        bars.append((str(section.number), counts))
        for row in section_rows:
            m = row.measure
            if row.outcome == OUTCOME_OVERDUE:
                mp = known[m.id]
                reasons = [f"{e.unit}: {e.reasons.strip()}" for e in mp.entries
                           if e.reasons and e.reasons.strip()]
                overdue.append({"id": m.id, "text": m.text, "deadline": m.deadline.text,
                                "lead": _executors(m)[0],
                                "reasons": "\n".join(reasons) or "—"})
            elif row.outcome == OUTCOME_NO_INFO:
                no_info.append({"id": m.id, "text": m.text, "deadline": m.deadline.text,
                                "executors": "\n".join(row.executors)})

    counts = progress.counts()
    total = len(progress.measures)
    due = sum(1 for m in progress.measures if m.due)
    summary = [{"label": labels["in_year"], "count": str(total), "share": _share(total, total)},
               {"label": labels["due"], "count": str(due), "share": _share(due, total)}]
    for outcome in OUTCOMES:
        name = outcome_names[outcome]
        summary.append({"label": name[:1].upper() + name[1:], "count": str(counts[outcome]),
                        "share": _share(counts[outcome], total)})
    missing = [{"code": u.unit, "name": plan.unit_name(u.unit)} for u in progress.units
               if not u.returned and not u.other_version]
    return ReportData(
        lang=lang, year=year, labels=labels,
        title=labels["title"].format(plan=plan.title, year=year),
        summary_intro=labels["summary_intro"].format(year=year, total=total, due=due),
        summary=tuple(summary), bars=tuple(bars), rows=tuple(rows), overdue=tuple(overdue),
        missing_units=tuple(missing), no_info=tuple(no_info), settings=settings)


def _section_rows(section: Section, known: dict[str, MeasureProgress], labels: dict[str, str],
                  outcome_names: dict[str, str]) -> tuple[list[MeasureRow], dict[str, int]]:
    rows: list[MeasureRow] = []
    counts: dict[str, int] = {}
    for task in section.tasks:
        first = True
        for m in task.measures:
            mp = known.get(m.id)
            if mp is None:
                continue
            rows.append(_measure_row(task, m, mp, labels, outcome_names, first))
            counts[mp.outcome] = counts.get(mp.outcome, 0) + 1
            first = False
    return rows, counts


def _executors(m: Measure) -> tuple[str, ...]:
    """Return the executors as the report lists them, lead first; a dash where the plan has none."""
    if m.executors.codes:
        return m.executors.codes + m.executors.others
    return (m.executors.text,) if m.executors.text.strip() else (NO_EXECUTOR,)


def _measure_row(task: Task, m: Measure, mp: MeasureProgress, labels: dict[str, str],
                 outcome_names: dict[str, str], first: bool) -> MeasureRow:
    entries = sorted(mp.entries, key=lambda e: e.role != LEAD)  # stable: lead first
    information = tuple((e.unit, text) for e in entries if (text := entry_text(e, labels)))
    return MeasureRow(
        measure=m, task=labels["task"].format(id=task.id, text=task.text) if first else "",
        executors=_executors(m),
        deadline=m.deadline.text, information=information, outcome=mp.outcome,
        status=outcome_names[mp.outcome])


# --- the Word document -------------------------------------------------------------------

def _context(data: ReportData, tpl: DocxTemplate) -> dict[str, Any]:
    return {
        "L": data.labels, "year": data.year, "title": data.title,
        "summary_intro": data.summary_intro,
        "summary": list(data.summary), "overdue": list(data.overdue),
        "missing_units": list(data.missing_units), "no_info": list(data.no_info),
        "chart": InlineImage(tpl, io.BytesIO(chart_png(data)), width=CHART_WIDTH),
        **letter_context(data.settings, data.labels, data.year + 1),
    }


def letter_context(s: ReportSettings, L: dict[str, str], next_year: int) -> dict[str, str]:
    """Return the letter's tags (addressee, number, date, signature), blank lines where unset."""
    blank_date = f"«____» ______________ {next_year} {L['year_word']}"
    return {
        "addressee": s.addressee or L["addressee"],
        "outgoing_number": s.outgoing_number or "______________",
        "outgoing_date": s.outgoing_date or blank_date,
        "signer_position": s.signer_position or "______________________",
        "signer_name": s.signer_name or "______________________",
        "report_date": s.report_date or blank_date,
        "preparer_name": s.preparer_name, "preparer_phone": s.preparer_phone,
    }


def chart_png(data: ReportData) -> bytes:
    """Return the status-by-section chart of `data` as PNG bytes."""
    return status_chart(data.bars, OUTCOME_LABELS[data.lang], data.labels["chart_axis"])


def _open_template(template: str | Path | None) -> tuple[DocxTemplate, str]:
    path = Path(template) if template else TEMPLATE
    name = str(template) if template else _("the built-in template")
    if not path.is_file():
        raise TemplateError(_("template file not found"), file=name)
    if not zipfile.is_zipfile(path):
        raise TemplateError(_("not a Word .docx file (save it in Word as .docx)"), file=name)
    check_package(path, name, _("save the template again in Word as .docx"))
    check_template_file(path, name)
    try:
        tpl = DocxTemplate(str(path))
        tpl.init_docx()
    except Exception as exc:  # python-docx raises several kinds on a damaged package
        raise TemplateError(_("cannot be opened as a Word document ({detail})").format(detail=exc),
                            file=name) from None
    return tpl, name


def _environment(name: str) -> jinja2.Environment:
    """Return the sandbox the template `name` is filled in: the report's data, no more.

    A template comes by e-mail like any other file; in the sandbox a tag can read the context it
    is given but reach no attribute starting with "_", call no method, and find no global (no
    ``range``, ``lipsum`` or ``namespace``), so it runs no code and opens no file; its tags and
    what they fill in are bounded (render.template_safety).
    """
    env = ReportSandbox(name)
    env.undefined = jinja2.StrictUndefined
    return env


def _fill(tpl: DocxTemplate, name: str, context: dict[str, Any]) -> None:
    env = _environment(name)
    _check_syntax(tpl, env, name)
    try:
        unknown = tpl.get_undeclared_template_variables(env, context)
    except jinja2.TemplateSyntaxError as exc:  # in a header or footer
        raise TemplateError(_("a tag in a page header or footer is broken: {detail}. Retype the "
                              "whole tag in one go, with straight quotes")
                            .format(detail=exc.message), file=name) from None
    if unknown:
        tags = ", ".join("{{ %s }}" % u for u in sorted(unknown))
        raise TemplateError(_("the template uses {tags}, which the report does not know; known "
                              "names: {known}").format(tags=tags, known=", ".join(sorted(context))),
                            file=name)
    try:
        tpl.render(context, env, autoescape=True)
    except jinja2.sandbox.SecurityError as exc:
        raise TemplateError(_("a tag{tag} asks for what a report template may not use "
                              "({detail}); nothing was written. Use the original template or "
                              "remove that tag").format(tag=_failing_tag(tpl, exc),
                                                        detail=exc.message or exc),
                            file=name) from None
    except jinja2.UndefinedError as exc:
        missing = re.search(r"has no attribute '([^']+)'", exc.message or "")
        what = f"'{missing.group(1)}'" if missing else (exc.message or _("a name"))
        raise TemplateError(_("a tag asks for {what}, which the report does not have; known "
                              "labels: {known}")
                            .format(what=what, known="L." + ", L.".join(sorted(context["L"]))),
                            file=name) from None
    except jinja2.TemplateError as exc:
        raise TemplateError(_("a tag cannot be filled: {detail}").format(detail=exc),
                            file=name) from None


def _failing_tag(tpl: DocxTemplate, exc: jinja2.TemplateError) -> str:
    """Return ' «tag»' quoting the tag of the template line `exc` was raised on, or ''."""
    lines = [f.lineno for f in traceback.extract_tb(exc.__traceback__) if f.filename == "<template>"]
    part = getattr(tpl, "current_rendering_part", None)
    if not lines or part is None:
        return ""
    xml = tpl.xml_to_string(tpl.docx._element.body) if part is tpl.docx._part else \
        tpl.get_part_xml(part)
    source = re.sub(r"<w:p([ >])", r"\n<w:p\1", tpl.patch_xml(xml)).splitlines()
    if lines[-1] > len(source):
        return ""
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", source[lines[-1] - 1])).strip()
    tags = re.findall(r"\{[{%].*?[}%]\}", text) or [text]
    attribute = getattr(exc, "message", "") or ""
    named = re.search(r"attribute '([^']+)'", attribute)
    tag = next((t for t in tags if named and named.group(1) in t), tags[0])
    return f" «{quote(tag)}»"


def _check_syntax(tpl: DocxTemplate, env: jinja2.Environment, name: str) -> None:
    """Raise TemplateError quoting the paragraph whose tag is broken, as the clerk sees it."""
    xml = tpl.patch_xml(tpl.xml_to_string(tpl.docx._element.body))
    source = re.sub(r"<w:p([ >])", r"\n<w:p\1", xml)  # one paragraph per line, as docxtpl does
    try:
        env.parse(source)
    except jinja2.TemplateSyntaxError as exc:
        lines = source.splitlines()
        line = lines[exc.lineno - 1] if exc.lineno and exc.lineno <= len(lines) else ""
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", line)).strip()[:160]
        where = _(" in «{text}»").format(text=text) if text else ""
        raise TemplateError(_("a tag is broken{where}: {detail}. Retype the whole tag in one go, "
                              "with straight quotes: {tag} or {block}")
                            .format(where=where, detail=exc.message, tag="{{ name }}",
                                    block="{% ... %}"), file=name) from None


def _main_table(doc, name: str, column_keys: tuple[str, ...] = COLUMN_KEYS):
    """Return (table, header rows, section pattern row or None, measure pattern row, keys)."""
    for table in doc.tables:
        section_tr, measure_tr, keys = None, None, []
        for tr in table._tbl.tr_lst:
            found = [_KEY.match(_oxml.cell_text(tc)) for tc in _oxml.row_cells(tr)]
            if not any(found):
                continue
            names = [f.group(1) if f else None for f in found]
            if names == [SECTION_KEY]:
                section_tr = tr
                continue
            for text_key, tc in zip(names, _oxml.row_cells(tr)):
                if text_key is None:
                    raise TemplateError(_("the main table's key row has a cell «{text}» that is "
                                          "no column key; keep one of {keys} in each cell")
                                        .format(text=_oxml.cell_text(tc), keys=_keys(column_keys)),
                                        file=name)
                if text_key not in column_keys:
                    raise TemplateError(_("the main table's key row has [{key}], which is no "
                                          "column key; use {keys}")
                                        .format(key=text_key, keys=_keys(column_keys)), file=name)
            measure_tr, keys = tr, names
        if measure_tr is not None:
            trs = table._tbl.tr_lst
            first_pattern = min(trs.index(t) for t in (section_tr, measure_tr) if t is not None)
            return table, trs[:first_pattern], section_tr, measure_tr, keys
    raise TemplateError(_("the template has no main table: keep the table row holding the column "
                          "keys {keys} under the table's header").format(keys=_keys(column_keys)),
                        file=name)


def _keys(column_keys: tuple[str, ...]) -> str:
    return "[" + "] [".join(column_keys) + "]"


def _cell_paragraphs(row: MeasureRow, key: str) -> list[list[_oxml.Run]]:
    if key == "number":
        return [[(row.measure.id, False, False)]]
    if key == "measure":
        first = [[(row.task, True, True)]] if row.task else []
        return first + [[(row.measure.text, False, False)]]
    if key == "deadline":
        return [[(row.deadline, False, False)]]
    if key == "executors":
        return [[(code, False, False)] for code in row.executors]
    if key == "information":
        return [[(f"{unit}: ", True, False), (text, False, False)] for unit, text in row.information]
    return [[(row.status, False, False)]]


def fill_main_table(doc, rows, name: str, cell: Callable[[Any, str], list],
                    column_keys: tuple[str, ...] = COLUMN_KEYS) -> None:
    """Fill the template's main table with `rows`: a spanning row per section, `cell(row, key)`
    giving the paragraphs of each measure's cell; the template's sample rows are removed."""
    table, header, section_tr, measure_tr, keys = _main_table(doc, name, column_keys)
    for tr in header:
        _oxml.mark_header_row(tr)
    columns = _oxml.grid_width(table._tbl) or len(keys)
    anchor = measure_tr
    for row in rows:
        if isinstance(row, SectionRow):
            (tr,) = _oxml.clone_after(anchor, [section_tr if section_tr is not None else measure_tr])
            _oxml.span_row(tr, columns)
            _oxml.fill_cell(_oxml.row_cells(tr)[0], [[(row.text, section_tr is None, False)]])
        else:
            (tr,) = _oxml.clone_after(anchor, [measure_tr])
            for key, tc in zip(keys, _oxml.row_cells(tr)):
                _oxml.fill_cell(tc, cell(row, key))
        anchor = tr
    for tr in (section_tr, measure_tr):
        if tr is not None:
            tr.getparent().remove(tr)


def render_report(plan: Plan, progress: Progress, year: int,
                  settings: ReportSettings | None = None,
                  template: str | Path | None = None) -> bytes:
    """Return the official report for `year` as .docx bytes, filled from `template` (or the built-in).

    Example: ``Path("report.docx").write_bytes(render_report(plan, progress, 2025))``.
    """
    data = report_data(plan, progress, year, settings)
    return render_data(data, template)


def fill_template(template: str | Path | None, context: Callable[[DocxTemplate], dict[str, Any]],
                  warn: Callable[[str], None] | None = None, built_in: Path = TEMPLATE):
    """Return (document, name) of `template` (or `built_in`) filled with `context(tpl)`.

    The one filling of a report template, for the yearly report and the stage summary alike:
    in the sandbox, its external links dropped (`warn` hears of each).
    """
    tpl, name = _open_template(template or built_in)
    if template is None:
        name = _("the built-in template")
    _fill(tpl, name, context(tpl))
    doc = tpl.docx
    for link in _oxml.drop_external_links(doc.part.package):
        if warn:
            warn(_("{name}: the template links to an outside file ({link}), which Word would "
                   "fetch on opening the report; the link was left out of the report")
                 .format(name=name, link=quote(link)))
    return doc, name


def render_data(data: ReportData, template: str | Path | None = None,
                warn: Callable[[str], None] | None = None) -> bytes:
    """Return the report holding `data` as .docx bytes; `warn` hears of links dropped from it.

    A template's external links other than hyperlinks (an attached template, a picture linked by
    URL or file path) are not copied into the report: Word would fetch them on opening it.
    """
    doc, name = fill_template(template, lambda tpl: _context(data, tpl), warn)
    fill_main_table(doc, data.rows, name, _cell_paragraphs)
    _oxml.set_language(doc.styles.element, PROOFING[data.lang])
    doc.core_properties.title = data.title[:250]
    doc.core_properties.language = PROOFING[data.lang]
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
