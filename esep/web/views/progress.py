"""Progress: outcomes per measure and section, the chart; filters by unit, status, overdue."""

from __future__ import annotations

from flask import Blueprint, Response, abort, g, render_template, request

from model.progress import OUTCOME_OVERDUE, OUTCOMES, STATUSES
from render.chart import status_chart
from render.report import MeasureRow, ReportSettings, SectionRow, report_data

from .. import words
from ..app import server
from .common import chosen_year

bp = Blueprint("progress", __name__)
NO_STATUS = "none"


def _data(year: int):
    ws = server().workspace
    plan = ws.current_plan()
    progress = ws.progress(year)
    if plan is None or progress is None:
        return plan, progress, None
    return plan, progress, report_data(plan, progress, year, ReportSettings())


def filtered_rows(data, progress, unit: str, status: str, overdue: bool) -> list:
    """Return the report's rows kept by the filters, each section row before its measures."""
    known = {m.measure_id: m for m in progress.measures}
    rows, section = [], None
    for row in data.rows:
        if isinstance(row, SectionRow):
            section = row
            continue
        assert isinstance(row, MeasureRow)
        mp = known[row.measure.id]
        if unit and unit not in row.measure.executors.codes:
            continue
        if status and (mp.status or NO_STATUS) != status:
            continue
        if overdue and row.outcome != OUTCOME_OVERDUE:
            continue
        if section is not None:
            rows.append(section)
            section = None
        rows.append(row)
    return rows


@bp.get("/progress")
def page():
    plan = server().workspace.current_plan()
    year = chosen_year(plan)
    plan, progress, data = _data(year) if year else (plan, None, None)
    unit = request.args.get("unit", "")
    status = request.args.get("status", "")
    overdue = request.args.get("overdue") == "1"
    rows = filtered_rows(data, progress, unit, status, overdue) if data else []
    return render_template("progress.html", plan=plan, year=year, progress=progress, data=data,
                           rows=rows, unit=unit, status=status, overdue=overdue,
                           units=plan.units() if plan else (), statuses=STATUSES + (NO_STATUS,),
                           outcomes=OUTCOMES, counts=progress.counts() if progress else {},
                           SectionRow=SectionRow)


@bp.get("/progress/<int:year>/chart.png")
def chart(year: int):
    _, _, data = _data(year)
    if data is None:
        abort(404)
    # the report's chart, worded as the page around it (the report's own is in its language)
    legend = {k: words.say("outcome_" + k, g.lang) for k in OUTCOMES}
    png = status_chart(data.bars, legend, words.say("section", g.lang))
    return Response(png, mimetype="image/png")
