"""A job's page: how far the long work got; it moves on to the next page when done."""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, redirect, render_template

from ..app import server
from ..jobs import DONE

bp = Blueprint("jobs", __name__)


@bp.get("/jobs/<job_id>")
def page(job_id: str):
    job = server().jobs.get(job_id)
    if job is None:
        abort(404)
    if job.state == DONE:
        return redirect(job.next_url)
    return render_template("job.html", job=job)


@bp.get("/jobs/<job_id>.json")
def state(job_id: str):
    job = server().jobs.get(job_id)
    if job is None:
        abort(404)
    return jsonify(job.as_dict())
