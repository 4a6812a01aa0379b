"""Signing in with the password, for a page served to other computers (`--host`)."""

from __future__ import annotations

import time

from flask import Blueprint, abort, g, redirect, render_template, request, url_for

from .. import words
from ..app import server
from ..security import COOKIE, check_password

bp = Blueprint("login", __name__)


@bp.route("/login", methods=["GET", "POST"])
def page():
    s = server()
    if not s.password_hash:
        abort(404)
    error = None
    if request.method == "POST":
        if check_password(request.form.get("password", ""), s.password_hash):
            response = redirect(url_for("plan.page"))
            response.set_cookie(COOKIE, s.secret, httponly=True, samesite="Strict")
            return response
        time.sleep(1)  # scrypt is slow already; this slows guessing further
        error = words.say("wrong_password", g.lang)
    return render_template("login.html", error=error), 401 if error else 200
