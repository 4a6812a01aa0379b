"""Plan: drop a plan file; its sections, tasks and measures with warnings; versions and their diff."""

from __future__ import annotations

from datetime import datetime, timezone

from flask import Blueprint, Response, abort, flash, g, redirect, render_template, url_for

from model.diff import summary
from model.errors import EsepError

from .. import words
from ..app import server, uploads
from ..jobs import Job

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
                warnings.setdefault(w.where, []).append(w.message)
            else:
                other.append(str(w))
    changes = None
    if len(versions) > 1:
        old, new = versions[-2], versions[-1]
        changes = ws.changes(old.sha256, new.sha256)
    return render_template("plan.html", plan=plan, versions=versions, warnings=warnings,
                           other_warnings=other, changes=changes,
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
        version = ws.add_plan(data, name)
        if versions and versions[-1].sha256 != version.sha256:
            ws.changes(versions[-1].sha256, version.sha256)
        # the forms received so far are read again against the new version, here, not on a page
        for year in ws.years_received():
            job.advance(0, 0, f"{year}")
            try:
                ws.progress(year, on_file=lambda n, total, file: job.advance(n, total, file))
            except EsepError:
                pass  # a year the new version has no measure for: its page says so
        job.advance(1, 1, name)

    job = server().jobs.start(words.say("reading_plan", g.lang, name=name),
                              url_for(".page"), work)
    return redirect(url_for("jobs.page", job_id=job.id))


@bp.get("/plan/diff/<old>/<new>.docx")
def diff_docx(old: str, new: str):
    from render.diff_docx import changes_to_docx  # python-docx is loaded only when asked
    ws = server().workspace
    versions = {v.sha256: v for v in ws.plans()}
    if old not in versions or new not in versions:
        abort(404)
    old_plan, new_plan = ws.plan(old), ws.plan(new)
    data = changes_to_docx(ws.changes(old, new), old_plan, new_plan,
                           versions[old].name, versions[new].name,
                           when=datetime.now(timezone.utc))
    return Response(data, mimetype=DOCX, headers={
        "Content-Disposition": 'attachment; filename="plan-diff.docx"'})


@bp.get("/plan/versions/<digest>")
def version_file(digest: str):
    ws = server().workspace
    version = next((v for v in ws.plans() if v.sha256 == digest), None)
    if version is None:
        abort(404)
    data = ws.plan_file(version).read_bytes()
    return Response(data, mimetype="application/octet-stream", headers={
        "Content-Disposition": f'attachment; filename="plan-{digest[:12]}.{version.kind}"'})
