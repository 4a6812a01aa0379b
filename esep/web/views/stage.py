"""Stage: the summary of the plan's years (2025–2027) as DOCX, PDF and HTML, once all are collected."""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, abort, g, redirect, render_template, send_file, url_for

from model.errors import EsepError
from model.forms import plan_years
from model.stage import stage_summary
from render.publish import docx_to_pdf
from render.stage import render_stage, render_stage_html, stage_data

from .. import words
from ..app import server
from ..jobs import Job
from ..workspace import write_atomically
from .report import DOCX, settings_of

bp = Blueprint("stage", __name__)
MADE = {"docx": ("stage.docx", DOCX), "pdf": ("stage.pdf", "application/pdf"),
        "html": ("stage.html", "text/html")}


def _span() -> range | None:
    plan = server().workspace.current_plan()
    years = list(plan_years(plan)) if plan else []
    return range(years[0], years[-1] + 1) if years else None


@bp.get("/stage")
def page():
    ws = server().workspace
    span = _span()
    collected = set(ws.store.collected_years())
    missing = [y for y in span if y not in collected] if span else []
    made = {k: ws.stage_path(span, name).is_file() for k, (name, _) in MADE.items()} if span \
        else {}
    if made.get("docx"):
        stamp = ws.stage_path(span, MADE["docx"][0]).stat().st_mtime
        made["when"] = datetime.fromtimestamp(stamp).strftime("%Y-%m-%d %H:%M")
    return render_template("stage.html", plan=ws.current_plan(), span=span, missing=missing,
                           made=made, notes=ws.stage_notes(span) if span else ())


@bp.post("/stage")
def make():
    ws = server().workspace
    plan = ws.current_plan()
    span = _span()
    if plan is None or span is None:
        raise EsepError(words.say("no_plan_yet", g.lang))
    settings = settings_of(span[-1])  # the summary goes out with the last year's report

    def work(job: Job) -> None:
        job.advance(0, 4, "DOCX")
        years, notes = ws.store.stage_progress(plan, span)  # as `esep report --stage --workspace`
        summary = stage_summary(plan, years)
        docx = render_stage(stage_data(plan, summary, settings))
        write_atomically(ws.stage_path(span, "stage.docx"), docx)
        ws.record_stage(plan, span, docx, settings, notes)
        job.advance(1, 4, "HTML")
        public = stage_data(plan, summary, settings, public=True)
        write_atomically(ws.stage_path(span, "stage.html"),
                         render_stage_html(public).encode("utf-8"))
        job.advance(2, 4, "PDF (LibreOffice)")
        ws.stage_path(span, "stage.pdf").unlink(missing_ok=True)  # never an earlier run's
        write_atomically(ws.stage_path(span, "stage.pdf"), docx_to_pdf(render_stage(public)))
        job.advance(4, 4)

    job = server().jobs.start(words.say("making_stage", g.lang, first=span[0], last=span[-1]),
                              url_for(".page"), work)
    return redirect(url_for("jobs.page", job_id=job.id))


@bp.get("/stage/<int:first>-<int:last>.<kind>")
def made(first: int, last: int, kind: str):
    span = _span()
    if kind not in MADE or span is None or (first, last) != (span[0], span[-1]):
        abort(404)
    name, mimetype = MADE[kind]
    path = server().workspace.stage_path(span, name)
    if not path.is_file():
        abort(404)
    return send_file(path, mimetype=mimetype, as_attachment=True,
                     download_name=f"stage-{first}-{last}.{kind}")
