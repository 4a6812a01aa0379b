"""The page's application: its guard (secret, CSRF, host), limits, error page and views.

`create_app(workspace, secret)` returns the Flask app `esep serve` hands to waitress; tests use
its `test_client()`. The views only call the functions the command line calls.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from flask import Flask, Response, current_app, g, redirect, render_template, request, url_for
from werkzeug.exceptions import HTTPException

from model import i18n
from model.errors import EsepError
from model.forms import plan_years

from . import words
from .jobs import Jobs
from .security import COOKIE, csrf_token, same, shown_name
from .workspace import PageWorkspace

MAX_FILE_MB = 30          # one file: a 2,000-measure plan's PDF is about 3 MB
MAX_FILES = 300           # files in one drop
MAX_REQUEST_MB = 300      # one request, all files together
LANG_COOKIE = "esep_lang"
OPEN = ("login.page",)  # reached without the secret, when a password is set


@dataclass
class Server:
    """What every view needs: the workspace, the jobs, the run's secret and who may come in."""

    workspace: PageWorkspace
    jobs: Jobs
    secret: str
    password_hash: str | None = None
    hosts: tuple[str, ...] = ()   # Host headers accepted ("127.0.0.1:8000"); empty: any


def server() -> Server:
    """Return the running app's Server."""
    return current_app.extensions["esep"]


def create_app(workspace: PageWorkspace, secret: str, *, password_hash: str | None = None,
               hosts: tuple[str, ...] = (), jobs: Jobs | None = None) -> Flask:
    """Return the app serving `workspace` to whoever holds `secret` (or the password)."""
    app = Flask(__name__)
    app.config.update(MAX_CONTENT_LENGTH=MAX_REQUEST_MB * 2 ** 20, MAX_FORM_PARTS=MAX_FILES + 20,
                      MAX_FORM_MEMORY_SIZE=2 ** 20, SECRET_KEY=secret,
                      SESSION_COOKIE_SAMESITE="Strict", SESSION_COOKIE_NAME="esep_session")
    app.extensions["esep"] = Server(workspace, jobs or Jobs(), secret, password_hash, hosts)
    app.before_request(_guard)
    app.teardown_request(_done_speaking)
    app.context_processor(_template_globals)
    app.register_error_handler(EsepError, _esep_error)
    app.register_error_handler(HTTPException, _http_error)
    from .views import forms, inbox, jobs as job_views, login, plan, progress, report, stage
    for module in (plan, forms, inbox, progress, report, stage, job_views, login):
        app.register_blueprint(module.bp)
    app.add_url_rule("/", "home", lambda: redirect(url_for("plan.page")))
    app.add_url_rule("/lang", "set_lang", _set_lang, methods=["POST"])
    from render.report import SectionRow
    app.jinja_env.tests["section"] = lambda row: isinstance(row, SectionRow)
    return app


def _set_lang() -> Response:
    lang = request.form.get("lang")
    back = request.form.get("back", "/")
    if not back.startswith("/") or back.startswith("//"):  # only back to a page of this site
        back = "/"
    response = redirect(back)
    if lang in words.LANGS:
        response.set_cookie(LANG_COOKIE, lang, httponly=True, samesite="Strict",
                            max_age=400 * 24 * 3600)
    return response


def _guard() -> Response | None:
    s = server()
    # the page's words and esep's own messages on it (and in the jobs it starts) speak one language
    g.lang = words.page_language(request.cookies.get(LANG_COOKIE))
    g.lang_token = i18n.speak(g.lang)
    if s.hosts and request.host not in s.hosts:  # a page of another site rebinding its name to us
        return _refuse(400, "wrong_host")
    key = request.args.get("key")
    if key is not None and same(key, s.secret):
        rest = {k: v for k, v in request.args.items() if k != "key"}
        response = redirect(request.path + ("?" + urlencode(rest) if rest else ""))
        response.set_cookie(COOKIE, s.secret, httponly=True, samesite="Strict")
        return response
    if request.endpoint in OPEN:
        return _check_post(s)
    if not same(request.cookies.get(COOKIE), s.secret):
        if s.password_hash and request.method == "GET":
            return redirect(url_for("login.page"))
        return _refuse(403, "no_secret")
    return _check_post(s)


def _done_speaking(_exc: BaseException | None) -> None:
    token = g.pop("lang_token", None)
    if token is not None:
        i18n.unspeak(token)


def _check_post(s: Server) -> Response | None:
    if request.method not in ("POST", "PUT", "PATCH", "DELETE"):
        return None
    origin = request.headers.get("Origin")
    if origin and origin.rstrip("/") != request.host_url.rstrip("/"):
        return _refuse(403, "cross_site")
    token = request.headers.get("X-CSRF-Token") or request.form.get("csrf")
    if not same(token, csrf_token(s.secret)):
        return _refuse(403, "no_csrf")
    return None


def _refuse(status: int, key: str) -> Response:
    return Response(render_template("error.html", lines=[words.say(key, g.lang)]), status)


def _esep_error(exc: EsepError):
    return render_template("error.html", lines=[str(exc)]), 422


def _http_error(exc: HTTPException):
    key = {413: "too_large", 404: "not_found", 405: "not_allowed"}.get(exc.code)
    line = words.say(key, g.get("lang") or words.page_language(None)) if key else exc.description
    if exc.code == 413:
        line = line.format(mb=MAX_REQUEST_MB, files=MAX_FILES)
    return render_template("error.html", lines=[line]), exc.code


def _template_globals() -> dict:
    lang = g.get("lang") or words.page_language(None)
    plan = server().workspace.current_plan()
    return {"years": list(plan_years(plan)) if plan else [],
            "_": lambda key, **kw: words.say(key, lang, **kw), "lang": lang,
            "langs": words.LANGS, "csrf": csrf_token(server().secret),
            "max_file_mb": MAX_FILE_MB, "max_files": MAX_FILES}


def uploads(field: str) -> tuple[list[tuple[str, bytes]], list[str]]:
    """Return the files of a drop as (name, bytes), and one line per file refused.

    A name with a folder part, a file over MAX_FILE_MB or more than MAX_FILES files are refused;
    the bytes are read to the limit only.
    """
    files = [f for f in request.files.getlist(field) if f.filename or f.content_length]
    if len(files) > MAX_FILES:
        raise EsepError(words.say("too_many", g.lang, files=MAX_FILES, given=len(files)))
    taken, refused = [], []
    limit = MAX_FILE_MB * 2 ** 20
    for f in files:
        try:
            name = shown_name(f.filename)
            data = f.stream.read(limit + 1)
            if len(data) > limit:
                raise EsepError(words.say("file_too_large", g.lang, mb=MAX_FILE_MB), file=name)
            taken.append((name, data))
        except EsepError as exc:
            refused.append(str(exc))
    if not taken and not refused:
        raise EsepError(words.say("no_file", g.lang))
    return taken, refused
