"""The page's views in-process: plan versions and their diff, forms, progress filters, report settings."""

from __future__ import annotations

import io
import re
import sys
import zipfile
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from esep.web.app import create_app
from ingest.office import find_soffice
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


def test_a_form_of_a_version_not_in_the_workspace_shows_as_returned_another_version(app, c,
                                                                                   monkeypatch):
    monkeypatch.setenv("ESEP_LANG", "ky")  # the page and its messages in Kyrgyz
    give_plan(app, c, SAMPLES / "plan-ky-v2.docx")
    form = INBOX / "2025-КБ.xlsx"
    done(app, post(c, "/inbox", {"year": "2025", "files": (io.BytesIO(form.read_bytes()), form.name)}))
    page = c.get("/inbox?year=2025").get_data(as_text=True)
    kind, row = re.search(r'<tr class="([^"]*)" data-unit="КБ">(.*?)</tr>', page, re.S).groups()
    assert kind.split()[0] == "other-version"
    assert "пландын башка версиясы" in row


# --- the year's template, the feedback to the units, the stage summary ------------------------

def _template(tmp_path: Path, text: str) -> bytes:
    """Return the built-in report template with a paragraph `text` added at its end."""
    doc = Document(ROOT / "render" / "templates" / "report.docx")
    doc.add_paragraph(text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


def _job(app, response):
    jobs = app.extensions["esep"].jobs
    return jobs.wait(jobs.get(response.headers["Location"].rsplit("/", 1)[1]))


def test_a_template_given_on_the_page_makes_the_years_report(app, c, tmp_path):
    give_plan(app, c, SAMPLES / "plan-ky.txt")
    files = [(io.BytesIO(p.read_bytes()), p.name) for p in sorted(INBOX.glob("*.xlsx"))]
    done(app, post(c, "/inbox", {"year": "2025", "files": files}))
    data = _template(tmp_path, "Министрликтин үлгүсү: {{ L.summary_heading }}")
    done(app, post(c, "/report/template", {"year": "2025",
                                           "template": (io.BytesIO(data), "биздин-үлгү.docx")}))
    assert "биздин-үлгү.docx" in c.get("/report?year=2025").get_data(as_text=True)
    assert "Министрликтин үлгүсү:" in _docx_text(c.get("/report/2025/report.docx").data)
    post(c, "/report/template/built-in", {"year": "2025"})
    assert "Министрликтин үлгүсү" not in _docx_text(c.get("/report/2025/report.docx").data)


@pytest.mark.parametrize("tag, says", [
    ("{{ ''.__class__.__mro__ }}", "asks for what a report template may not use"),
    ("{{ titel }}", "the template uses {{ titel }}, which the report does not know"),
])
def test_a_hostile_or_broken_template_is_refused_in_one_line(app, c, tmp_path, tag, says):
    give_plan(app, c, SAMPLES / "plan-ky.txt")
    data = _template(tmp_path, tag)
    job = _job(app, post(c, "/report/template", {"year": "2025",
                                                 "template": (io.BytesIO(data), "my.docx")}))
    assert job.state == "failed"
    assert job.message.startswith("my.docx: ") and says in job.message, job.message
    assert "\n" not in job.message and ".incoming" not in job.message
    assert "my.docx" not in c.get("/report?year=2025").get_data(as_text=True)
    ws = app.extensions["esep"].workspace
    assert not list(ws.path("templates").glob("*")) if ws.path("templates").exists() else True


def test_a_file_that_is_no_word_document_is_refused_as_a_template(app, c):
    give_plan(app, c, SAMPLES / "plan-ky.txt")
    job = _job(app, post(c, "/report/template", {"year": "2025", "template": (
        io.BytesIO((INBOX / "2025-КБ.xlsx").read_bytes()), "2025-КБ.docx")}))
    assert job.state == "failed" and job.message.startswith("2025-КБ.docx: "), job.message
    wrong = post(c, "/report/template", {"year": "2025",
                                         "template": (io.BytesIO(b"x"), "notes.txt")})
    assert wrong.status_code == 302
    assert _job(app, wrong).message.startswith("notes.txt: not a report template")


def test_the_feedback_zip_holds_what_collect_feedback_writes(app, c, tmp_path):
    from click.testing import CliRunner

    from esep.cli import cli
    give_plan(app, c, SAMPLES / "plan-ky.txt")
    files = [(io.BytesIO(p.read_bytes()), p.name) for p in sorted(INBOX.glob("*.xlsx"))]
    done(app, post(c, "/inbox", {"year": "2025", "files": files}))
    assert 'id="feedback-make"' in c.get("/inbox?year=2025").get_data(as_text=True)
    done(app, post(c, "/inbox/2025/feedback", {"due": "2026-02-20"}))
    got = zipfile.ZipFile(io.BytesIO(c.get("/inbox/2025/feedback.zip").data))
    folder = tmp_path / "feedback"
    result = CliRunner().invoke(cli, ["collect", str(SAMPLES / "plan-ky.txt"), str(INBOX),
                                      "--year", "2025", "--feedback", str(folder),
                                      "--due", "20.02.2026"])
    assert result.exit_code == 0, result.output
    assert sorted(got.namelist()) == sorted(p.name for p in folder.iterdir())
    assert "2025-ДКЖАКБ-эскертме.docx" in got.namelist()
    letter = "2025-ЖКБ-кат.docx"
    assert _docx_text(got.read(letter)) == _docx_text((folder / letter).read_bytes())
    assert "20.02.2026" in _docx_text(got.read(letter))
    copy = load_workbook(io.BytesIO(got.read("2025-ЖКБ-кемчиликтер.xlsx"))).worksheets[0]
    assert copy["G12"].comment is not None and "бүттү" in copy["G12"].comment.text
    assert post(c, "/inbox/2025/feedback", {"due": "soon"}).status_code == 422


@pytest.fixture(scope="module")
def three(tmp_path_factory):
    """The three sample years as units return them (samples/three_years.py)."""
    sys.path.insert(0, str(SAMPLES))
    import three_years
    out = tmp_path_factory.mktemp("three")
    three_years.run(out)
    return out


def test_the_stage_summary_is_made_once_every_year_is_collected(app, c, three, tmp_path):
    from click.testing import CliRunner

    from esep.cli import cli
    give_plan(app, c, SAMPLES / "plan-ky.docx")
    assert 'id="stage-make"' not in c.get("/stage").get_data(as_text=True)
    for year in (2025, 2026, 2027):
        if year == 2026:
            give_plan(app, c, SAMPLES / "plan-ky-v2.docx")
        files = [(io.BytesIO(p.read_bytes()), p.name)
                 for p in sorted((three / "inbox" / str(year)).glob("*.xlsx"))]
        done(app, post(c, "/inbox", {"year": str(year), "files": files}))
        page = c.get("/stage").get_data(as_text=True)
        assert ('id="stage-make"' in page) == (year == 2027), year
    job = _job(app, post(c, "/stage", {}))
    page = c.get("/stage").get_data(as_text=True)
    docx = c.get("/stage/2025-2027.docx")
    assert docx.status_code == 200
    html = c.get("/stage/2025-2027.html").get_data(as_text=True)
    assert "2025" in html and "2027" in html
    if find_soffice() is not None:  # else the job ends on the line saying no PDF was made
        assert job.state == "done", job.message
        assert c.get("/stage/2025-2027.pdf").data[:5] == b"%PDF-"
        assert 'id="stage-pdf"' in page
    # the command line on the same workspace writes the same summary
    ws = app.extensions["esep"].workspace
    out = tmp_path / "stage.docx"
    result = CliRunner().invoke(cli, ["report", str(SAMPLES / "plan-ky-v2.docx"), "--stage",
                                      "2025-2027", "--workspace", str(ws.folder), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert _docx_text(docx.data) == _docx_text(out.read_bytes())
    assert c.get("/stage/2024-2027.docx").status_code == 404
    # on the record of reports issued: the page's, then the command line's
    assert [r.span for r in ws.store.stage_reports()] == ["2025-2027", "2025-2027"]
    status = CliRunner().invoke(cli, ["status", "--workspace", str(ws.folder)]).output
    assert "Stage 2025-2027: summary issued" in status


def test_a_job_writes_in_the_language_chosen_on_the_page(app, c):
    give_plan(app, c, SAMPLES / "plan-ky.txt")
    post(c, "/lang", {"lang": "ru", "back": "/report"})
    wrong = post(c, "/report/template", {"year": "2025",
                                         "template": (io.BytesIO(b"x"), "notes.txt")})
    message = _job(app, wrong).message
    assert message.startswith("notes.txt: ") and "not a report template" not in message, message
    assert any("а" <= ch <= "я" for ch in message.lower()), message
    from model import i18n
    assert i18n.language() == "en"  # the page's choice stays with its request and its job


@pytest.mark.parametrize("lang, beside, above", [
    ("ru", "не указан источник финансирования", "строка 8: номер задачи &#39;б&#39; не распознан"),
    ("ky", "каржылоо булагы көрсөтүлгөн эмес", "8-сап: милдеттин номери &#39;б&#39; түшүнүксүз"),
    ("en", "funding is empty", "line 8: task number &#39;б&#39; not understood")])
def test_the_plans_warnings_are_shown_in_the_pages_language(app, c, lang, beside, above):
    give_plan(app, c, ROOT / "tests" / "data" / "plan-warnings-ky.txt")
    post(c, "/lang", {"lang": lang, "back": "/plan"})
    page = c.get("/plan").get_data(as_text=True)
    assert beside in page and above in page
    if lang != "en":
        assert "funding is empty" not in page and "not understood" not in page


def _refused_language(c) -> str:
    """Return the page refusing a report language "de": its words and esep's line on it."""
    return post(c, "/report/settings", {"year": "2025", "lang": "de"}).get_data(as_text=True)


SAYS = {"ky": ('<html lang="ky">', "2. Формалар", "&#39;de&#39; отчеттун тили булардын бири эмес"),
        "ru": ('<html lang="ru">', "2. Формы", "язык отчёта &#39;de&#39; не из числа"),
        "en": ('<html lang="en">', "2. Forms", "report language &#39;de&#39; is not one of")}


@pytest.mark.parametrize("told, system, lang", [
    ("ru", "C.UTF-8", "ru"), ("ky", "ru_RU.UTF-8", "ky"), ("en", "C.UTF-8", "en"),
    (None, "ru_RU.UTF-8", "ru"), (None, "C.UTF-8", "ky"), ("de", "de_DE.UTF-8", "ky")])
def test_before_any_choice_the_page_speaks_the_processs_language(app, c, monkeypatch, told,
                                                                 system, lang):
    give_plan(app, c, SAMPLES / "plan-ky.txt")
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", system)
    if told:
        monkeypatch.setenv("ESEP_LANG", told)
    else:
        monkeypatch.delenv("ESEP_LANG")
    page = _refused_language(c)
    assert all(said in page for said in SAYS[lang]), page


def test_esep_lang_option_of_serve_is_the_pages_language_before_any_choice(app, c):
    from model import i18n
    give_plan(app, c, SAMPLES / "plan-ky.txt")
    i18n.choose("ru")  # `esep --lang ru serve`
    try:
        page = _refused_language(c)
    finally:
        i18n.choose(None)
    assert all(said in page for said in SAYS["ru"]), page


@pytest.mark.parametrize("told, picked", [("ru", "ky"), ("ky", "en"), ("en", "ru")])
def test_the_language_picked_on_the_page_is_its_words_and_its_messages(app, c, monkeypatch,
                                                                       told, picked):
    give_plan(app, c, SAMPLES / "plan-ky.txt")
    monkeypatch.setenv("ESEP_LANG", told)
    post(c, "/lang", {"lang": picked, "back": "/report"})
    page = _refused_language(c)
    assert all(said in page for said in SAYS[picked]), page
    assert not any(said in page for said in SAYS[told][1:]), page
