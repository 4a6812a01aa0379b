"""Report: who signs, numbers and dates (kept in the workspace); the DOCX, PDF, HTML and page 1."""

from __future__ import annotations

import hashlib
import io
from datetime import datetime
from dataclasses import fields
from pathlib import Path
from typing import Callable

from flask import Blueprint, abort, g, redirect, render_template, request, send_file, url_for

from model.answers import merge
from model.errors import EsepError
from render.labels import LANGUAGES, labels_for
from render.preview import pdf_page_png
from render.publish import docx_to_pdf, public_data, render_html
from render.report import (TEMPLATE, ReportSettings, letter_context, render_data,
                           report_data)

from .. import words
from ..app import server, uploads
from ..jobs import Job
from ..workspace import write_atomically
from .common import chosen_year

bp = Blueprint("report", __name__)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FIELDS = tuple(f.name for f in fields(ReportSettings))
MADE = {"pdf": ("report.pdf", "application/pdf"), "html": ("report.html", "text/html"),
        "png": ("page-1.png", "image/png")}


def settings_of(year: int) -> ReportSettings:
    """Return the report settings saved for `year`."""
    saved = server().workspace.report_settings(year)
    return ReportSettings(**{k: v for k, v in saved.items() if k in FIELDS})


def _inputs(year: int):
    ws = server().workspace
    plan = ws.current_plan()
    progress = ws.progress(year) if plan else None
    if plan is None or progress is None:
        raise EsepError(words.say("nothing_to_report", g.lang, year=year))
    return plan, progress


@bp.get("/report")
def page():
    ws = server().workspace
    plan = ws.current_plan()
    year = chosen_year(plan)
    made = {k: ws.report_path(year, name).is_file() for k, (name, _) in MADE.items()} if year \
        else {}
    if made.get("html"):  # a version made before the settings last changed shows its time
        stamp = ws.report_path(year, MADE["html"][0]).stat().st_mtime
        made["when"] = datetime.fromtimestamp(stamp).strftime("%Y-%m-%d %H:%M")
    settings = settings_of(year) if year else None
    return render_template("report.html", plan=plan, year=year, settings=settings,
                           fields=FIELDS, languages=LANGUAGES, made=made,
                           progress=ws.progress(year) if year else None,
                           template=ws.template(year) if year else None,
                           printed=_printed_when_empty(plan, year, settings) if year else {})


def _printed_when_empty(plan, year: int, settings: ReportSettings) -> dict[str, str]:
    """Return what the report prints for each setting left empty (the fields' placeholders)."""
    lang = settings.lang or (plan.language if plan.language in LANGUAGES else "ky")
    return letter_context(ReportSettings(), labels_for(lang), year + 1)


def _asked_year() -> int:
    """Return the year a POST is for, or answer 404 before any plan."""
    year = chosen_year(server().workspace.current_plan())
    if year is None:
        abort(404)
    return year


@bp.post("/report/settings")
def save():
    year = _asked_year()
    _save_settings(year)
    return redirect(url_for(".page", year=year, saved=1))


def _save_settings(year: int) -> None:
    """Save the settings the request's form carries for `year` (none carried: nothing changes)."""
    if not any(k in request.form for k in FIELDS):
        return
    values = {k: request.form.get(k, "").strip() for k in FIELDS}
    ReportSettings(**values)  # a language it does not know is refused here, with its line
    server().workspace.save_report_settings(year, values)


@bp.get("/report/<int:year>/report.docx")
def docx(year: int):
    plan, progress = _inputs(year)
    settings = settings_of(year)
    ws = server().workspace
    data = render_data(report_data(plan, progress, year, settings), ws.template_path(year))
    issued = ws.store.reports(year)
    if not issued or issued[-1].sha256 != hashlib.sha256(data).hexdigest():
        # the record of reports issued, as `esep report --workspace` keeps it
        ws.record_report(plan, year, data, settings.outgoing_number, settings.outgoing_date)
    return send_file(io.BytesIO(data), mimetype=DOCX, as_attachment=True,
                     download_name=f"report-{year}.docx")


@bp.post("/report/<int:year>/report.docx")
def save_and_docx(year: int):
    """The settings as typed on the page (saved, as Save does), then the report made with them."""
    _save_settings(year)
    return docx(year)


@bp.post("/report/<int:year>/public")
def public(year: int):
    _save_settings(year)  # typed beside the button and not saved yet: the version shows them
    plan, progress = _inputs(year)
    settings = settings_of(year)
    ws = server().workspace
    template = ws.template_path(year)

    def work(job: Job) -> None:
        data = public_data(plan, progress, year, settings)
        job.advance(0, 3, "HTML")
        write_atomically(ws.report_path(year, "report.html"), render_html(data).encode("utf-8"))
        job.advance(1, 3, "PDF (LibreOffice)")
        pdf = docx_to_pdf(render_data(data, template))
        write_atomically(ws.report_path(year, "report.pdf"), pdf)
        job.advance(2, 3, "PNG")
        write_atomically(ws.report_path(year, "page-1.png"), pdf_page_png(pdf))
        job.advance(3, 3)

    job = server().jobs.start(words.say("making_public", g.lang, year=year),
                              url_for(".page", year=year), work)
    return redirect(url_for("jobs.page", job_id=job.id))


@bp.get("/report/<int:year>/made.<kind>")
def made(year: int, kind: str):
    if kind not in MADE:
        abort(404)
    name, mimetype = MADE[kind]
    path = server().workspace.report_path(year, name)
    if not path.is_file():
        abort(404)
    return send_file(path, mimetype=mimetype, as_attachment=kind != "png",
                     download_name=f"report-{year}.{kind}" if kind != "png" else name)


@bp.post("/report/template")
def give_template():
    ws = server().workspace
    plan = ws.current_plan()
    year = _asked_year()
    settings = settings_of(year)

    def fill(path: Path, warn: Callable[[str], None]) -> None:
        """Fill the template as `esep report --template` does."""
        progress = ws.progress(year) or merge(plan, year, [])  # before any form: all empty
        render_data(report_data(plan, progress, year, settings), path, warn)

    return template_job(year, fill, url_for(".page", year=year))


def template_job(of: int | range, fill: Callable[[Path, Callable[[str], None]], None],
                 next_url: str):
    """Start checking the template dropped on the page by `fill(path, warn)`, in the sandbox of
    the command line's `--template`; keep it for `of` (a year, or a stage's span) if it passes.

    A template that cannot be filled ends the job with its one line, naming the file as the
    clerk named it; the warnings `fill` gives are shown beside the template on the page.
    """
    files, refused = uploads("template")
    if not files:
        raise EsepError(refused[0])
    name, data = files[0]
    ws = server().workspace

    def check(path: Path) -> list[str]:
        notes: list[str] = []
        try:
            fill(path, notes.append)
        except EsepError as exc:
            exc.file = name  # the clerk's name for it, not the folder it was checked in
            raise
        return [note.replace(str(path), name) for note in notes]

    def work(job: Job) -> None:
        job.advance(0, 1, name)
        ws.add_template(of, name, data, check)
        job.advance(1, 1, name)

    job = server().jobs.start(words.say("checking_template", g.lang, name=name), next_url, work)
    return redirect(url_for("jobs.page", job_id=job.id))


def send_template(of: int | range, built_in: Path, name: str):
    """Send the template `of` is made from (the one given, else `built_in`) to edit in Word."""
    chosen = server().workspace.template(of)
    path = server().workspace.template_path(of) or built_in
    return send_file(path, mimetype=DOCX, as_attachment=True,
                     download_name=chosen["name"] if chosen else name)


@bp.get("/report/<int:year>/template.docx")
def template_file(year: int):
    return send_template(year, TEMPLATE, "report-template.docx")


@bp.post("/report/template/built-in")
def built_in_template():
    year = _asked_year()
    server().workspace.drop_template(year)
    return redirect(url_for(".page", year=year))
