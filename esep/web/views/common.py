"""What several pages share: the year the clerk is working on."""

from __future__ import annotations

from datetime import date

from flask import request

from model.forms import plan_years
from model.plan import Plan


def chosen_year(plan: Plan | None) -> int | None:
    """Return the year asked for (?year= or a form's year), else this year within the plan's."""
    years = list(plan_years(plan)) if plan else []
    if not years:
        return None
    asked = request.values.get("year", type=int)
    if asked in years:
        return asked
    today = date.today().year
    return today if today in years else (years[0] if today < years[0] else years[-1])
