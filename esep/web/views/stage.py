"""Stage: the summary of the plan's years (2025–2027) as DOCX, PDF and HTML, once all are collected."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Callable

from flask import Blueprint, abort, g, redirect, render_template, send_file, url_for

from model.answers import merge
from model.errors import EsepError
from model.forms import plan_years
from model.plan import Plan
from model.progress import Progress
from model.stage import stage_summary
from render.publish import docx_to_pdf
from render.stage import TEMPLATE, render_stage, render_stage_html, stage_data

from .. import words
from ..app import server
from ..jobs import Job
from ..workspace import write_atomically
from .report import DOCX, send_template, settings_of, template_job

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
                           made=made, notes=ws.stage_notes(span) if span else (),
                           template=ws.template(span) if span else None)


def _plan_span() -> tuple[Plan, range]:
    """Return the current plan and its stage, or refuse before any plan is given."""
    plan = server().workspace.current_plan()
    span = _span()
    if plan is None or span is None:
        raise EsepError(words.say("no_plan_yet", g.lang))
    return plan, span


@bp.post("/stage")
def make():
    ws = server().workspace
    plan, span = _plan_span()
    settings = settings_of(span[-1])  # the summary goes out with the last year's report
    template = ws.template_path(span)

    def work(job: Job) -> None:
        job.advance(0, 4, "DOCX")
        years, notes = ws.store.stage_progress(plan, span)  # as `esep report --stage --workspace`
        summary = stage_summary(plan, years)
        docx = render_stage(stage_data(plan, summary, settings), template)
        write_atomically(ws.stage_path(span, "stage.docx"), docx)
        ws.record_stage(plan, span, docx, settings, notes)
        job.advance(1, 4, "HTML")
        public = stage_data(plan, summary, settings, public=True)
        write_atomically(ws.stage_path(span, "stage.html"),
                         render_stage_html(public).encode("utf-8"))
        job.advance(2, 4, "PDF (LibreOffice)")
        ws.stage_path(span, "stage.pdf").unlink(missing_ok=True)  # never an earlier run's
        write_atomically(ws.stage_path(span, "stage.pdf"),
                         docx_to_pdf(render_stage(public, template)))
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


def _years_so_far(store, plan: Plan, span: range) -> list[Progress]:
    """Return each year of `span` as on record in `store`, carried to `plan`; a year not
    collected yet has every measure empty, so a template can be checked before the last year."""
    return [store.carried_progress(year, plan)[0] or merge(plan, year, []) for year in span]


@bp.post("/stage/template")
def give_template():
    plan, span = _plan_span()
    settings = settings_of(span[-1])
    store = server().workspace.store

    def fill(path: Path, warn: Callable[[str], None]) -> None:
        """Fill the template as `esep report --stage --template` does."""
        summary = stage_summary(plan, _years_so_far(store, plan, span))
        render_stage(stage_data(plan, summary, settings), path, warn)

    return template_job(span, fill, url_for(".page"))


@bp.get("/stage/template.docx")
def template_file():
    _plan, span = _plan_span()
    return send_template(span, TEMPLATE, "stage-template.docx")


@bp.post("/stage/template/built-in")
def built_in_template():
    _plan, span = _plan_span()
    server().workspace.drop_template(span)
    return redirect(url_for(".page"))
