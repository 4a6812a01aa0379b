"""Plan: drop a plan file; its sections, tasks and measures with warnings; versions and their diff."""

from __future__ import annotations

from datetime import datetime, timezone

from flask import (Blueprint, Response, abort, flash, g, redirect, render_template, send_file,
                   url_for)

from model.diff import summary
from model.errors import EsepError
from model.plan_warnings import shown, shown_message

from .. import words
from ..app import server, uploads
from ..jobs import Job
from ..workspace import PLAN_SUFFIXES

bp = Blueprint("plan", __name__)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@bp.get("/plan")
def page():
    ws = server().workspace
    versions = ws.plans()
    plan = ws.current_plan()
    warnings: dict[str, list[str]] = {}
    other: list[str] = []
    if plan:
        ids = {m.id for m in plan.measures()}
        for w in plan.warnings:  # beside its measure, or above the table when it names a place
            if w.where in ids:
                warnings.setdefault(w.where, []).append(shown_message(w))
            else:
                other.append(shown(w))
    changes = ws.changes(versions[-2], versions[-1]) if len(versions) > 1 else None
    sizes = {v.id: sum(1 for _ in ws.plan(v).measures()) for v in versions}
    return render_template("plan.html", plan=plan, versions=versions, warnings=warnings,
                           other_warnings=other, changes=changes, sizes=sizes,
                           plan_suffixes=PLAN_SUFFIXES,
                           counts=summary(changes) if changes else None)


@bp.post("/plan")
def upload():
    files, refused = uploads("file")
    for line in refused:
        flash(line, "error")
    if not files:
        return redirect(url_for(".page"))
    name, data = files[0]
    ws = server().workspace

    def work(job: Job) -> None:
        job.advance(0, 1, name)
        versions = ws.plans()
        version = ws.add_plan(data, name, lambda done, pages: job.advance(done, pages, name))
        if versions and versions[-1].id != version.id:
            ws.changes(versions[-1], version)
        # the forms received so far are read again against the new version, here, not on a page
        years = ws.years_received()
        for n, year in enumerate(years):
            job.advance(n, len(years), str(year))
            try:
                ws.read_again(year)
            except EsepError:
                pass  # a year the new version has no measure for: its page says so
        job.advance(len(years), len(years), name)

    job = server().jobs.start(words.say("reading_plan", g.lang, name=name),
                              url_for(".page"), work)
    return redirect(url_for("jobs.page", job_id=job.id))


@bp.get("/plan/diff/<int:old>/<int:new>.docx")
def diff_docx(old: int, new: int):
    from render.diff_docx import changes_to_docx  # python-docx is loaded only when asked
    ws = server().workspace
    old_v, new_v = ws.version(old), ws.version(new)
    if old_v is None or new_v is None:
        abort(404)
    data = changes_to_docx(ws.changes(old_v, new_v), ws.plan(old_v), ws.plan(new_v),
                           old_v.label, new_v.label, when=datetime.now(timezone.utc))
    return Response(data, mimetype=DOCX, headers={
        "Content-Disposition": 'attachment; filename="plan-diff.docx"'})


@bp.get("/plan/versions/<int:version_id>")
def version_file(version_id: int):
    ws = server().workspace
    version = ws.version(version_id)
    if version is None:
        abort(404)
    return send_file(ws.plan_file(version), mimetype="application/octet-stream",
                     as_attachment=True, download_name=version.file_name)
