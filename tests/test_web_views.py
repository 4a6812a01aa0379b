"""The page's views in-process: plan versions and their diff, forms, progress filters, report settings."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from esep.web.app import create_app
from esep.web.security import COOKIE, csrf_token
from esep.web.workspace import PageWorkspace

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
INBOX = SAMPLES / "submissions" / "2025"
SECRET = "views"


@pytest.fixture
def app(tmp_path):
    return create_app(PageWorkspace.open(tmp_path / "ws"), SECRET)


@pytest.fixture
def c(app):
    client = app.test_client()
    client.set_cookie(COOKIE, SECRET, domain="localhost")
    return client


def post(c, path, data):
    return c.post(path, data={"csrf": csrf_token(SECRET), **data})


def done(app, response):
    """Return the page the job started by `response` ends on, once it is done."""
    jobs = app.extensions["esep"].jobs
    job = jobs.wait(jobs.get(response.headers["Location"].rsplit("/", 1)[1]))
    assert job.state == "done", job.message
    return job


def give_plan(app, c, path: Path):
    done(app, post(c, "/plan", {"file": (io.BytesIO(path.read_bytes()), path.name)}))


def test_a_second_version_shows_its_changes_and_the_tracked_docx(app, c):
    give_plan(app, c, SAMPLES / "plan-ky.txt")
    give_plan(app, c, SAMPLES / "plan-ky-v2.docx")
    page = c.get("/plan").get_data(as_text=True)
    assert "plan-ky.txt" in page and "plan-ky-v2.docx" in page
    assert "<del>" in page and "<ins>" in page
    ws = app.extensions["esep"].workspace
    old, new = (v.id for v in ws.plans())
    r = c.get(f"/plan/diff/{old}/{new}.docx")
    assert r.status_code == 200
    xml = zipfile.ZipFile(io.BytesIO(r.data)).read("word/document.xml").decode()
    assert "<w:ins " in xml and "<w:del " in xml
    assert c.get(f"/plan/diff/{old}/999.docx").status_code == 404


def test_forms_are_made_for_the_year_and_one_unit_is_downloaded(app, c):
    give_plan(app, c, SAMPLES / "plan-ky.txt")
    done(app, post(c, "/forms", {"year": "2025", "due": "2026-01-20"}))
    names = zipfile.ZipFile(io.BytesIO(c.get("/forms/2025.zip").data)).namelist()
    assert len(names) == 12 and "2025-КБ.xlsx" in names
    one = c.get("/forms/2025/КБ.xlsx")
    sheet = load_workbook(io.BytesIO(one.data)).worksheets[0]
    assert any("20.01.2026" in str(cell.value) or "2026-01-20" in str(cell.value)
               for row in sheet.iter_rows(max_row=10) for cell in row if cell.value)
    assert c.get("/forms/2025/..%2F..%2Fetc.xlsx").status_code == 404


def test_a_due_date_before_the_year_ends_gets_its_line(app, c):
    give_plan(app, c, SAMPLES / "plan-ky.txt")
    r = post(c, "/forms", {"year": "2025", "due": "2025-06-01"})
    assert r.status_code == 422
    assert "is not after the end of 2025" in r.get_data(as_text=True)


def test_progress_filters_by_unit_status_and_overdue(app, c):
    give_plan(app, c, SAMPLES / "plan-ky.txt")
    files = [(io.BytesIO(p.read_bytes()), p.name) for p in sorted(INBOX.glob("*.xlsx"))]
    done(app, post(c, "/inbox", {"year": "2025", "files": files}))
    every = c.get("/progress?year=2025").get_data(as_text=True)
    overdue = c.get("/progress?year=2025&overdue=1").get_data(as_text=True)
    assert every.count('class="measure"') == 25
    assert overdue.count('class="measure"') == overdue.count('data-outcome="overdue"') == 2
    kb = c.get("/progress?year=2025&unit=КБ").get_data(as_text=True)
    assert 0 < kb.count('class="measure"') < 25
    done_only = c.get("/progress?year=2025&status=done").get_data(as_text=True)
    assert done_only.count('data-outcome="done"') == done_only.count('class="measure"') == 6
    assert c.get("/progress/2025/chart.png").data[:4] == b"\x89PNG"


def test_report_settings_are_saved_and_fill_the_docx(app, c):
    give_plan(app, c, SAMPLES / "plan-ky.txt")
    files = [(io.BytesIO(p.read_bytes()), p.name) for p in sorted(INBOX.glob("*.xlsx"))]
    done(app, post(c, "/inbox", {"year": "2025", "files": files}))
    post(c, "/report/settings", {"year": "2025", "signer_name": "А. Асанов",
                                 "outgoing_number": "01-12/345"})
    assert 'value="А. Асанов"' in c.get("/report?year=2025").get_data(as_text=True)
    text = "\n".join(p.text for p in Document(io.BytesIO(c.get("/report/2025/report.docx").data))
                     .paragraphs)
    assert "А. Асанов" in text and "01-12/345" in text
    bad = post(c, "/report/settings", {"year": "2025", "lang": "de"})
    assert bad.status_code == 422 and "report language &#39;de&#39;" in bad.get_data(as_text=True)


def test_a_report_before_any_form_says_what_is_missing(app, c):
    give_plan(app, c, SAMPLES / "plan-ky.txt")
    r = c.get("/report/2025/report.docx")
    assert r.status_code == 422


def test_every_page_answers_in_each_language_before_any_plan(c):
    for lang in ("ky", "ru", "en"):
        post(c, "/lang", {"lang": lang, "back": "/plan"})
        for path in ("/plan", "/forms", "/inbox", "/progress", "/report"):
            assert c.get(path).status_code == 200, (lang, path)


def test_a_form_of_a_version_not_in_the_workspace_shows_as_returned_another_version(app, c):
    give_plan(app, c, SAMPLES / "plan-ky-v2.docx")
    form = INBOX / "2025-КБ.xlsx"
    done(app, post(c, "/inbox", {"year": "2025", "files": (io.BytesIO(form.read_bytes()), form.name)}))
    page = c.get("/inbox?year=2025").get_data(as_text=True)
    kind, row = re.search(r'<tr class="([^"]*)" data-unit="КБ">(.*?)</tr>', page, re.S).groups()
    assert kind.split()[0] == "other-version"
    assert "пландын башка версиясы" in row
