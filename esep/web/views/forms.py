"""Forms: choose the year and the due date; all the units' forms as one .zip, or one unit's."""

from __future__ import annotations

import io
import zipfile
from datetime import date

from flask import Blueprint, abort, g, redirect, render_template, request, send_file, url_for

from model.errors import EsepError
from model.forms import check_due, check_year, default_due, form_filename, form_units, plan_years
from render.forms import form_bytes

from .. import words
from ..app import server
from ..jobs import Job
from ..workspace import write_atomically
from .common import chosen_year

bp = Blueprint("forms", __name__)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.get("/forms")
def page():
    ws = server().workspace
    plan = ws.current_plan()
    year = chosen_year(plan)
    made = ws.forms_made(year) if year else None
    units = form_units(plan, year) if year else ()
    zip_ready = bool(year) and _zip_path(year).is_file() and made is not None
    return render_template("forms.html", plan=plan, year=year,
                           years=list(plan_years(plan)) if plan else [], made=made, units=units,
                           due=(made or {}).get("due") or (default_due(year).isoformat()
                                                           if year else ""),
                           zip_ready=zip_ready)


def _zip_path(year: int):
    return server().workspace.path("forms", str(year), f"forms-{year}.zip")


@bp.post("/forms")
def make():
    ws = server().workspace
    plan = ws.current_plan()
    if plan is None:
        raise EsepError(words.say("no_plan_yet", g.lang))
    year = request.form.get("year", type=int)
    check_year(plan, year or 0)
    try:
        due = date.fromisoformat(request.form.get("due", ""))
    except ValueError:
        raise EsepError(words.say("bad_due", g.lang)) from None
    check_due(due, year)
    units = form_units(plan, year)
    target = _zip_path(year)  # the job runs outside the request

    def work(job: Job) -> None:
        out, made = io.BytesIO(), []
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
            for n, unit in enumerate(units):
                job.advance(n, len(units), unit)
                made.append((unit, form_filename(unit, year), form_bytes(plan, unit, year, due)))
                zf.writestr(made[-1][1], made[-1][2])
        ws.record_forms(plan, year, due, made)  # on the record of forms sent, as `esep forms`
        write_atomically(target, out.getvalue())
        job.advance(len(units), len(units))

    job = server().jobs.start(words.say("making_forms", g.lang, year=year),
                              url_for(".page", year=year), work)
    return redirect(url_for("jobs.page", job_id=job.id))


@bp.get("/forms/<int:year>.zip")
def zip_file(year: int):
    path = _zip_path(year)
    if not path.is_file():
        abort(404)
    return send_file(path, mimetype="application/zip", as_attachment=True,
                     download_name=f"forms-{year}.zip")


@bp.get("/forms/<int:year>/<unit>.xlsx")
def unit_form(year: int, unit: str):
    ws = server().workspace
    plan = ws.current_plan()
    if plan is None or unit not in form_units(plan, year):  # a code of the plan, never a path
        abort(404)
    made = ws.forms_made(year)
    due = date.fromisoformat(made["due"]) if made else None
    data = form_bytes(plan, unit, year, due)
    return send_file(io.BytesIO(data), mimetype=XLSX, as_attachment=True,
                     download_name=form_filename(unit, year))
