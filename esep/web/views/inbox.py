"""Inbox: drop the returned forms, many at once; the board of units and the problems found."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime

from flask import Blueprint, abort, flash, g, redirect, render_template, request, send_file, url_for

from model.errors import EsepError
from model.forms import check_due, default_due, form_units
from model.i18n import N_
from model.plan import Plan
from model.progress import Progress

from .. import words
from ..app import server, uploads
from ..jobs import Job
from ..workspace import RECEIVED_SUFFIXES, suffix_of
from .common import chosen_year

bp = Blueprint("inbox", __name__)


def board(plan: Plan, progress: Progress | None, year: int) -> dict:
    """Return the board: one row per unit (returned, missing, superseded, problems), files unread."""
    returns = {u.unit: u for u in progress.units} if progress else {}
    problems = progress.problems if progress else ()
    unit_of_file = {}
    for u in returns.values():
        for name in (u.file, *u.superseded):
            if name:
                unit_of_file[name] = u.unit
    rows = []
    for unit in form_units(plan, year):
        r = returns.get(unit)
        own = [p for p in problems if unit_of_file.get(p.file) == unit]
        rows.append({"unit": unit, "name": plan.unit_name(unit),
                     "returned": bool(r and r.returned), "file": r.file if r else None,
                     "other_version": bool(r and r.other_version),
                     "superseded": r.superseded if r else (), "filled_on": r.filled_on if r else None,
                     "filled_by": r.filled_by if r else "",
                     "errors": [p for p in own if p.severity == "error"],
                     "warnings": [p for p in own if p.severity != "error"]})
    unread = [p for p in problems if p.file not in unit_of_file]
    returned = sum(1 for r in rows if r["returned"])
    return {"rows": rows, "unread": unread, "returned": returned, "total": len(rows)}


@bp.get("/inbox")
def page():
    ws = server().workspace
    plan = ws.current_plan()
    year = chosen_year(plan)
    progress = ws.progress(year) if year else None
    made = ws.feedback_made(year) if year else None
    if made:  # when it was made, in the PC's time, and the date its letters ask for
        stamp = ws.feedback_path(year).stat().st_mtime
        made = {**made, "when": datetime.fromtimestamp(stamp).strftime("%Y-%m-%d %H:%M"),
                "due": date.fromisoformat(made["due"]).strftime("%d.%m.%Y")}
    return render_template("inbox.html", plan=plan, year=year, progress=progress,
                           board=board(plan, progress, year) if year else None,
                           received=ws.received(year) if year else (),
                           due=_due(year).isoformat() if year else "", feedback_made=made)


def _due(year: int) -> date:
    """Return the date to ask the forms back by: the one the last feedback asked for, else the
    forms' own, else 15 January after the year."""
    ws = server().workspace
    made = ws.feedback_made(year) or ws.forms_made(year)
    return date.fromisoformat(made["due"]) if made else default_due(year)


@bp.post("/inbox")
def upload():
    ws = server().workspace
    plan = ws.current_plan()
    if plan is None:
        raise EsepError(words.say("no_plan_yet", g.lang))
    year = chosen_year(plan)
    files, refused = uploads("files")
    taken = []
    for name, data in files:
        try:
            suffix_of(name, RECEIVED_SUFFIXES, N_("a form"))
            taken.append((name, data))
        except EsepError as exc:
            refused.append(str(exc))
    for line in refused:
        flash(line, "error")
    if not taken:
        return redirect(url_for(".page", year=year))

    def work(job: Job) -> None:
        ws.receive(year, taken, on_file=job.advance)  # one transaction, as `esep collect`
        job.advance(len(taken), len(taken))

    job = server().jobs.start(words.say("reading_forms", g.lang, n=len(taken), year=year),
                              url_for(".page", year=year), work)
    return redirect(url_for("jobs.page", job_id=job.id))


@bp.post("/inbox/<int:year>/feedback")
def feedback(year: int):
    from esep.feedback import feedback_files  # the same letters and copies as `collect --feedback`
    ws = server().workspace
    plan = ws.current_plan()
    files = ws.received_files(year)
    dropped = len(ws.received(year))  # what the letters know of
    if plan is None or not files:
        raise EsepError(words.say("no_forms_yet", g.lang))
    try:
        due = date.fromisoformat(request.form.get("due", ""))
    except ValueError:
        raise EsepError(words.say("bad_due", g.lang)) from None
    check_due(due, year)
    current = ws.store.version_of(plan)
    previous = [ws.plan(v) for v in ws.plans() if current is None or v.id != current.id]

    def work(job: Job) -> None:
        job.advance(0, 1, str(year))
        made, _marked, _reminded = feedback_files(plan, files, year, previous, due)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, data in made:
                zf.writestr(name, data)
        ws.record_feedback(year, due, out.getvalue(), dropped)
        job.advance(1, 1, str(year))

    job = server().jobs.start(words.say("making_feedback", g.lang, year=year),
                              url_for(".page", year=year), work)
    return redirect(url_for("jobs.page", job_id=job.id))


@bp.get("/inbox/<int:year>/feedback.zip")
def feedback_zip(year: int):
    path = server().workspace.feedback_path(year)
    if not path.is_file():
        abort(404)
    return send_file(path, mimetype="application/zip", as_attachment=True,
                     download_name=f"feedback-{year}.zip")
