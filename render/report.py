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

from model.errors import EsepError
from model.text import quote
from model.plan import Measure, Plan, Section, Task
from model.progress import (LEAD, OUTCOME_LABELS, OUTCOME_NO_INFO, OUTCOME_OVERDUE, OUTCOMES,
                            Entry, MeasureProgress, Progress)

from . import _oxml
from .chart import status_chart
from .labels import LANGUAGES, labels_for

TEMPLATE = Path(__file__).with_name("templates") / "report.docx"
COLUMN_KEYS = ("number", "measure", "deadline", "executors", "information", "status")
SECTION_KEY = "section"
PROOFING = {"ky": "ky-KG", "ru": "ru-RU"}
CHART_WIDTH = Mm(150)
NO_EXECUTOR = "—"  # an empty cell would read as text lost on the way
_KEY = re.compile(r"^\s*\[([A-Za-z_]+)\]\s*$")


class TemplateError(EsepError):
    """The report template cannot be filled: a tag or the main table is broken."""


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
            raise ConfigError(f"report language '{self.lang}' is not one of {', '.join(LANGUAGES)}")

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
            raise ConfigError(f"not valid TOML ({exc})", file=str(path)) from None
        except UnicodeDecodeError:
            raise ConfigError("not UTF-8 text", file=str(path)) from None
        table = data.get("report")
        if not isinstance(table, dict):
            raise ConfigError("no [report] table: put the settings under a line [report]",
                              file=str(path))
        known = {f.name for f in fields(cls)}
        for key, value in table.items():
            if key not in known:
                raise ConfigError(f"unknown setting '{key}' in [report]; known: "
                                  f"{', '.join(sorted(known))}", file=str(path))
            if not isinstance(value, str):
                raise ConfigError(f"setting '{key}' must be text in quotes", file=str(path))
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
        raise EsepError(f"the progress is for {progress.year}, not {year}: collect the forms "
                        f"of {year} or give --year {progress.year}")
    if progress.plan_fingerprint and progress.plan_fingerprint != plan.fingerprint():
        raise EsepError("the progress was collected against another version of the plan: collect "
                        "the forms again with this plan")


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
    s, L = data.settings, data.labels
    next_year = data.year + 1
    blank_date = f"«____» ______________ {next_year} {L['year_word']}"
    return {
        "L": L, "year": data.year, "title": data.title, "summary_intro": data.summary_intro,
        "summary": list(data.summary), "overdue": list(data.overdue),
        "missing_units": list(data.missing_units), "no_info": list(data.no_info),
        "chart": InlineImage(tpl, io.BytesIO(chart_png(data)), width=CHART_WIDTH),
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
    name = str(template) if template else "the built-in template"
    if not path.is_file():
        raise TemplateError("template file not found", file=name)
    if not zipfile.is_zipfile(path):
        raise TemplateError("not a Word .docx file (save it in Word as .docx)", file=name)
    try:
        tpl = DocxTemplate(str(path))
        tpl.init_docx()
    except Exception as exc:  # python-docx raises several kinds on a damaged package
        raise TemplateError(f"cannot be opened as a Word document ({exc})", file=name) from None
    return tpl, name


def _environment() -> jinja2.Environment:
    """Return the sandbox templates are filled in: the report's data and jinja's filters, no more.

    A template comes by e-mail like any other file; in the sandbox a tag can read the context it
    is given but reach no attribute starting with "_", call no method that changes a value, and
    find no global (no ``range``, ``lipsum`` or ``namespace``), so it runs no code and opens no file.
    """
    env = jinja2.sandbox.ImmutableSandboxedEnvironment(undefined=jinja2.StrictUndefined,
                                                       autoescape=True)
    env.globals.clear()
    return env


def _fill(tpl: DocxTemplate, name: str, context: dict[str, Any]) -> None:
    env = _environment()
    _check_syntax(tpl, env, name)
    try:
        unknown = tpl.get_undeclared_template_variables(env, context)
    except jinja2.TemplateSyntaxError as exc:  # in a header or footer
        raise TemplateError(f"a tag in a page header or footer is broken: {exc.message}. "
                            "Retype the whole tag in one go, with straight quotes", file=name) from None
    if unknown:
        tags = ", ".join("{{ %s }}" % u for u in sorted(unknown))
        raise TemplateError(f"the template uses {tags}, which the report does not know; "
                            f"known names: {', '.join(sorted(context))}", file=name)
    try:
        tpl.render(context, env, autoescape=True)
    except jinja2.sandbox.SecurityError as exc:
        raise TemplateError(f"a tag{_failing_tag(tpl, exc)} asks for what a report template may "
                            f"not use ({exc.message or exc}); nothing was written. Use the "
                            "original template or remove that tag", file=name) from None
    except jinja2.UndefinedError as exc:
        missing = re.search(r"has no attribute '([^']+)'", exc.message or "")
        what = f"'{missing.group(1)}'" if missing else (exc.message or "a name")
        raise TemplateError(f"a tag asks for {what}, which the report does not have; known labels: "
                            f"L.{', L.'.join(sorted(context['L']))}", file=name) from None
    except jinja2.TemplateError as exc:
        raise TemplateError(f"a tag cannot be filled: {exc}", file=name) from None


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
        where = f" in «{text}»" if text else ""
        raise TemplateError(f"a tag is broken{where}: {exc.message}. Retype the whole tag in one "
                            "go, with straight quotes: {{ name }} or {% ... %}", file=name) from None


def _main_table(doc, name: str):
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
                    raise TemplateError(f"the main table's key row has a cell "
                                        f"«{_oxml.cell_text(tc)}» that is no column key; keep one "
                                        f"of [{'] ['.join(COLUMN_KEYS)}] in each cell", file=name)
                if text_key not in COLUMN_KEYS:
                    raise TemplateError(f"the main table's key row has [{text_key}], which is no "
                                        f"column key; use [{'] ['.join(COLUMN_KEYS)}]", file=name)
            measure_tr, keys = tr, names
        if measure_tr is not None:
            trs = table._tbl.tr_lst
            first_pattern = min(trs.index(t) for t in (section_tr, measure_tr) if t is not None)
            return table, trs[:first_pattern], section_tr, measure_tr, keys
    raise TemplateError("the template has no main table: keep the table row holding the column "
                        f"keys [{'] ['.join(COLUMN_KEYS)}] under the table's header", file=name)


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


def _fill_main_table(doc, data: ReportData, name: str) -> None:
    table, header, section_tr, measure_tr, keys = _main_table(doc, name)
    for tr in header:
        _oxml.mark_header_row(tr)
    columns = _oxml.grid_width(table._tbl) or len(keys)
    anchor = measure_tr
    for row in data.rows:
        if isinstance(row, SectionRow):
            (tr,) = _oxml.clone_after(anchor, [section_tr if section_tr is not None else measure_tr])
            _oxml.span_row(tr, columns)
            _oxml.fill_cell(_oxml.row_cells(tr)[0], [[(row.text, section_tr is None, False)]])
        else:
            (tr,) = _oxml.clone_after(anchor, [measure_tr])
            for key, tc in zip(keys, _oxml.row_cells(tr)):
                _oxml.fill_cell(tc, _cell_paragraphs(row, key))
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


def render_data(data: ReportData, template: str | Path | None = None,
                warn: Callable[[str], None] | None = None) -> bytes:
    """Return the report holding `data` as .docx bytes; `warn` hears of links dropped from it.

    A template's external links other than hyperlinks (an attached template, a picture linked by
    URL or file path) are not copied into the report: Word would fetch them on opening it.
    """
    tpl, name = _open_template(template)
    _fill(tpl, name, _context(data, tpl))
    doc = tpl.docx
    for link in _oxml.drop_external_links(doc.part.package):
        if warn:
            warn(f"{name}: the template links to an outside file ({quote(link)}), which Word "
                 "would fetch on opening the report; the link was left out of the report")
    _fill_main_table(doc, data, name)
    _oxml.set_language(doc.styles.element, PROOFING[data.lang])
    doc.core_properties.title = data.title[:250]
    doc.core_properties.language = PROOFING[data.lang]
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
