"""The page's guard: the secret, CSRF, the Host, upload limits, file names, hostile files, password."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

import esep.web.app as web_app
from esep.cli import cli
from esep.web.app import create_app
from esep.web.security import (COOKIE, check_password, csrf_token, hash_password, shown_name)
from esep.web.workspace import PageWorkspace
from model.errors import EsepError

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SECRET = "the-secret-of-this-run"
HOST = "127.0.0.1:5000"


@pytest.fixture
def ws(tmp_path) -> PageWorkspace:
    return PageWorkspace.open(tmp_path / "ws")


@pytest.fixture
def app(ws):
    return create_app(ws, SECRET, hosts=(HOST,))


def client(app, signed_in: bool = True):
    c = app.test_client()
    if signed_in:
        c.set_cookie(COOKIE, SECRET, domain="127.0.0.1")
    return c


def post(c, path: str, data: dict, **kw):
    return c.post(path, data={"csrf": csrf_token(SECRET), **data}, base_url=f"http://{HOST}",
                  **kw)


def get(c, path: str, **kw):
    return c.get(path, base_url=f"http://{HOST}", **kw)


def wait_all(app) -> None:
    jobs = app.extensions["esep"].jobs
    for job_id in list(jobs._jobs):
        jobs.wait(jobs.get(job_id))


@pytest.mark.parametrize("path", ["/plan", "/inbox", "/report", "/static/esep.css",
                                  "/forms/2025.zip"])
def test_no_secret_no_page(app, path):
    r = get(client(app, signed_in=False), path)
    assert r.status_code == 403
    assert "esep serve" in r.get_data(as_text=True)


def test_a_wrong_secret_is_refused_and_sets_nothing(app):
    c = client(app, signed_in=False)
    r = get(c, "/?key=guess")
    assert r.status_code == 403
    assert c.get_cookie(COOKIE, domain="127.0.0.1") is None


def test_the_opening_address_sets_the_cookie_and_drops_the_secret_from_the_address(app):
    c = client(app, signed_in=False)
    r = get(c, f"/plan?key={SECRET}")
    assert r.status_code == 302 and r.headers["Location"] == "/plan"
    cookie = c.get_cookie(COOKIE, domain="127.0.0.1")
    assert cookie.value == SECRET and cookie.http_only and cookie.same_site == "Strict"
    assert get(c, "/plan").status_code == 200


def test_a_post_without_the_csrf_token_is_refused(app, ws):
    c = client(app)
    r = c.post("/plan", data={"file": (io.BytesIO(b"x"), "plan.txt")}, base_url=f"http://{HOST}")
    assert r.status_code == 403
    assert ws.plans() == ()


def test_a_cross_site_post_is_refused_even_with_a_token(app, ws):
    data = (SAMPLES / "plan-ky.txt").read_bytes()
    r = post(client(app), "/plan", {"file": (io.BytesIO(data), "plan-ky.txt")},
             headers={"Origin": "http://evil.example"})
    assert r.status_code == 403
    assert ws.plans() == ()


def test_a_page_reached_under_another_host_name_is_refused(app):
    r = client(app).get("/plan", base_url="http://rebound.example:5000")
    assert r.status_code == 400


def test_an_upload_over_the_request_limit_gets_its_line(app, ws, monkeypatch):
    monkeypatch.setenv("ESEP_LANG", "ky")
    app.config["MAX_CONTENT_LENGTH"] = 1000
    r = post(client(app), "/inbox", {"year": "2025",
                                     "files": (io.BytesIO(b"x" * 5000), "2025-КБ.xlsx")})
    assert r.status_code == 413
    assert "300 МБ" in r.get_data(as_text=True)
    assert ws.received(2025) == ()


def test_a_file_over_the_file_limit_is_refused_and_not_kept(app, ws, monkeypatch):
    monkeypatch.setattr(web_app, "MAX_FILE_MB", 1)
    ws.add_plan((SAMPLES / "plan-ky.txt").read_bytes(), "plan-ky.txt")
    big = io.BytesIO(b"PK" + b"\0" * (2 * 2 ** 20))
    c = client(app)
    r = post(c, "/inbox", {"year": "2025", "files": (big, "2025-КБ.xlsx")})
    wait_all(app)
    assert r.status_code == 302
    page = get(c, "/inbox?year=2025").get_data(as_text=True)
    assert "2025-КБ.xlsx: larger than 1 MB" in page or "2025-КБ.xlsx: файл 1" in page
    assert ws.received(2025) == ()


def test_too_many_files_at_once_are_refused(app, ws, monkeypatch):
    monkeypatch.setattr(web_app, "MAX_FILES", 2)
    ws.add_plan((SAMPLES / "plan-ky.txt").read_bytes(), "plan-ky.txt")
    files = [(io.BytesIO(b"x"), f"{n}.xlsx") for n in range(3)]
    r = post(client(app), "/inbox", {"year": "2025", "files": files})
    assert r.status_code == 422
    assert ws.received(2025) == ()


@pytest.mark.parametrize("name", ["../../evil.xlsx", "..\\evil.xlsx", "/etc/evil.xlsx",
                                  "sub/2025-КБ.xlsx", "..", "a\x00b.xlsx"])
def test_a_file_name_with_a_folder_part_is_refused(app, ws, tmp_path, name):
    ws.add_plan((SAMPLES / "plan-ky.txt").read_bytes(), "plan-ky.txt")
    data = (SAMPLES / "submissions" / "2025" / "2025-КБ.xlsx").read_bytes()
    c = client(app)
    post(c, "/inbox", {"year": "2025", "files": (io.BytesIO(data), name)})
    wait_all(app)
    assert ws.received(2025) == ()
    assert not list(tmp_path.rglob("evil.xlsx")) and not list(Path("/etc").glob("evil.xlsx"))
    assert "folder part" in get(c, "/inbox?year=2025").get_data(as_text=True)


def test_shown_name_keeps_a_plain_name_as_it_is():
    assert shown_name("2025-КБ (биринчи вариант).xlsx") == "2025-КБ (биринчи вариант).xlsx"
    with pytest.raises(EsepError):
        shown_name("x" * 300 + ".xlsx")


def test_a_renamed_file_given_as_the_plan_gets_its_one_line(app, ws):
    data = (SAMPLES / "submissions" / "2025" / "2025-КБ.xlsx").read_bytes()
    c = client(app)
    r = post(c, "/plan", {"file": (io.BytesIO(data), "plan.docx")})
    job_id = r.headers["Location"].rsplit("/", 1)[1]
    wait_all(app)
    page = get(c, f"/jobs/{job_id}").get_data(as_text=True)
    assert "plan.docx: this is an Excel workbook, not the plan" in page
    assert ws.plans() == ()
    assert not list(ws.folder.glob("plans/*"))


def _bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
        with zf.open("xl/worksheets/sheet1.xml", "w") as sheet:
            chunk = b"\0" * 2 ** 20
            for _ in range(210):
                sheet.write(chunk)
    return out.getvalue()


def test_a_zip_bomb_in_the_inbox_gets_its_line_on_the_board(app, ws):
    ws.add_plan((SAMPLES / "plan-ky.txt").read_bytes(), "plan-ky.txt")
    c = client(app)
    post(c, "/inbox", {"year": "2025", "files": (io.BytesIO(_bomb()), "2025-КБ.xlsx")})
    wait_all(app)
    page = get(c, "/inbox?year=2025").get_data(as_text=True)
    assert "2025-КБ.xlsx: " in page and "200 MB" in page


def test_received_files_are_kept_by_their_hash_inside_the_workspace(app, ws):
    ws.add_plan((SAMPLES / "plan-ky.txt").read_bytes(), "plan-ky.txt")
    data = (SAMPLES / "submissions" / "2025" / "2025-КБ.xlsx").read_bytes()
    post(client(app), "/inbox", {"year": "2025", "files": (io.BytesIO(data), "2025-КБ.xlsx")})
    wait_all(app)
    (item,) = ws.received(2025)
    (kept,) = (ws.folder / "received" / "2025").iterdir()
    assert kept.name == f"{item['sha256']}.xlsx" and kept.read_bytes() == data
    assert item["name"] == "2025-КБ.xlsx"


def test_the_language_switch_goes_back_only_to_a_page_of_this_site(app):
    c = client(app)
    r = post(c, "/lang", {"lang": "ru", "back": "//evil.example/x"})
    assert r.headers["Location"] == "/"
    assert "План мероприятий" in get(c, "/plan").get_data(as_text=True)


def test_a_password_is_kept_as_its_scrypt_hash():
    stored = hash_password("correct horse battery")
    assert stored.startswith("scrypt$") and "correct" not in stored
    assert check_password("correct horse battery", stored)
    assert not check_password("wrong horse battery", stored)
    assert not check_password("x", "md5$abc")


def test_with_a_password_the_page_asks_for_it(ws):
    app = create_app(ws, SECRET, password_hash=hash_password("correct horse battery"))
    c = app.test_client()
    assert c.get("/plan").headers["Location"] == "/login"
    wrong = c.post("/login", data={"password": "nope", "csrf": csrf_token(SECRET)})
    assert wrong.status_code == 401
    right = c.post("/login", data={"password": "correct horse battery",
                                   "csrf": csrf_token(SECRET)})
    assert right.status_code == 302
    assert c.get("/plan").status_code == 200


def test_another_host_is_refused_without_a_password(tmp_path):
    result = CliRunner().invoke(cli, ["serve", str(tmp_path / "ws"), "--host", "0.0.0.0",
                                      "--no-browser"])
    assert result.exit_code == 1
    assert "set a password first" in result.output
    assert "Traceback" not in result.output


def test_set_password_keeps_only_the_hash(tmp_path):
    folder = tmp_path / "ws"
    result = CliRunner().invoke(cli, ["serve", str(folder), "--set-password"],
                                input="a long pass phrase\na long pass phrase\n")
    assert result.exit_code == 0, result.output
    stored = (folder / "web-password.txt").read_text()
    assert "a long pass phrase" not in stored
    assert check_password("a long pass phrase", stored)
    short = CliRunner().invoke(cli, ["serve", str(folder), "--set-password"], input="short\nshort\n")
    assert short.exit_code == 1 and "shorter than 10" in short.output


def test_a_busy_port_gets_one_line(tmp_path):
    import socket
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = CliRunner().invoke(cli, ["serve", str(tmp_path / "ws"), "--port", str(port),
                                          "--no-browser"])
    assert result.exit_code == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.output and "Traceback" not in result.output
