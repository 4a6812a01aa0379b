"""The public version of the report: the PDF (through LibreOffice) and one self-contained HTML page.

The public version says what the official one says, less personal phone numbers: the preparer's
phone is dropped and phone numbers inside the units' texts are blotted out.
"""

from __future__ import annotations

import base64
import re
from dataclasses import replace
from pathlib import Path

import jinja2

from ingest.office import OfficeError, convert
from model.errors import EsepError
from model.plan import Plan
from model.progress import Progress
from model.i18n import _

from .report import MeasureRow, ReportData, ReportSettings, SectionRow, chart_png, report_data

HTML_TEMPLATE = "public.html"
SOFFICE_TIMEOUT = 300  # seconds; a 2,000-measure report takes about a minute

# +996 312 54 11 22, 0312-54-11-22, (0312) 541122, 0555 12 34 56: 9 to 15 digits with separators.
_PHONE = re.compile(r"(?<![\w/.-])\+?\(?\d[\d\s()-]{7,22}\d(?![\w/])")
HIDDEN = "[…]"


class PublishError(EsepError):
    """The public version cannot be made (e.g. LibreOffice is missing or fails)."""


def scrub_phones(text: str) -> str:
    """Return `text` with phone numbers replaced by ``[…]``; dates, years and ids are kept."""
    def hide(match: re.Match) -> str:
        digits = re.sub(r"\D", "", match.group(0))
        return HIDDEN if 9 <= len(digits) <= 15 else match.group(0)
    return _PHONE.sub(hide, text)


def public_progress(progress: Progress) -> Progress:
    """Return `progress` with phone numbers blotted out of every text the units wrote."""
    def clean(entry):
        return replace(entry, done=scrub_phones(entry.done), figures=scrub_phones(entry.figures),
                       documents=scrub_phones(entry.documents), reasons=scrub_phones(entry.reasons))
    return replace(progress, measures=tuple(
        replace(m, entries=tuple(clean(e) for e in m.entries)) for m in progress.measures))


def public_settings(settings: ReportSettings | None) -> ReportSettings:
    """Return `settings` without the preparer's phone."""
    return replace(settings or ReportSettings(), preparer_phone="")


def public_data(plan: Plan, progress: Progress, year: int,
                settings: ReportSettings | None = None) -> ReportData:
    """Return the report data for the public version."""
    return report_data(plan, public_progress(progress), year, public_settings(settings))


def docx_to_pdf(docx: bytes) -> bytes:
    """Return `docx` converted to PDF by LibreOffice (``soffice``, through `ingest.office`)."""
    try:
        return convert(docx, "docx", "pdf", file="report.docx", timeout=SOFFICE_TIMEOUT,
                       missing=_("no PDF was made; install it (apt-get install "
                                 "libreoffice-writer), or write the report with `esep report -o "
                                 "report.docx`, open it in Word and save it as PDF"),
                       failed=_("open report.docx in Word and save it as PDF"))
    except OfficeError as exc:
        raise PublishError(exc.message) from None


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(Path(__file__).with_name("templates"))),
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def render_html(data: ReportData) -> str:
    """Return the public report as one HTML page, the chart inside it as a data: URI."""
    chart = "data:image/png;base64," + base64.b64encode(chart_png(data)).decode("ascii")
    rows = []
    for row in data.rows:
        if isinstance(row, SectionRow):
            rows.append({"section": row.text})
        else:
            assert isinstance(row, MeasureRow)
            rows.append({"section": None, "id": row.measure.id, "task": row.task,
                         "text": row.measure.text, "deadline": row.deadline,
                         "executors": row.executors, "information": row.information,
                         "status": row.status, "outcome": row.outcome})
    return _environment().get_template(HTML_TEMPLATE).render(
        data=data, L=data.labels, rows=rows, chart=chart)
