"""The whole sample year in a real browser (Debian's chromium, driven by Playwright) on `esep serve`.

Drop the plan, make the forms, drop the filled samples, read the board, filter the progress,
download the report and compare it with what `esep report` writes; a screenshot of every page
goes to ESEP_SCREENSHOTS (a temporary folder by default).
"""

from __future__ import annotations

import io
import os
import shutil
import socket
import subprocess
import sys
import time
import zipfile
from contextlib import contextmanager
from pathlib import Path

import pytest
from docx import Document

from model import i18n
from model.errors import place

from .test_i18n import english_words

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
WARNINGS_PLAN = ROOT / "tests" / "data" / "plan-warnings-ky.txt"  # a warning of most kinds
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SETTINGS = {"signer_position": "Башкармалыктын начальниги", "signer_name": "А. Асанов",
            "preparer_name": "Б. Бекова", "preparer_phone": "0312 00 00 00",
            "outgoing_number": "01-12/345"}

sync_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                reason="no chromium: apt-get install chromium (CI does, .ci/run)")


@contextmanager
def serving(ws: Path, lang: str = "ky"):
    """Run `esep serve` on the workspace `ws`, told to speak `lang` (ESEP_LANG); yield its
    opening address."""
    proc = subprocess.Popen([sys.executable, "-m", "esep", "serve", str(ws), "--no-browser"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=ROOT,
                            env={**os.environ, "ESEP_LANG": lang})
    try:
        url = None
        for _ in range(5):
            line = proc.stdout.readline()
            if "?key=" in line:
                url = line.strip()
                break
        assert url, "esep serve printed no address"
        port = int(url.split(":")[2].split("/")[0])
        for _ in range(100):  # the address is printed just before the server listens
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@contextmanager
def browsing():
    """Yield a page of a fresh headless chromium that accepts downloads."""
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900})
        try:
            yield context.new_page()
        finally:
            browser.close()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """Start `esep serve` on a fresh workspace; yield its opening address."""
    ws = tmp_path_factory.mktemp("ws") / "workspace"
    with serving(ws) as url:
        yield url, ws


@pytest.fixture(scope="module")
def page(served):
    with browsing() as page:
        yield page


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = os.environ.get("ESEP_SCREENSHOTS")
    path = Path(folder) if folder else tmp_path_factory.mktemp("shots")
    path.mkdir(parents=True, exist_ok=True)
    return path


def drop_files(page, selector: str, paths: list[Path]) -> None:
    """Drop `paths` on the zone `selector` as a person drags them from a folder."""
    files = [{"name": p.name, "bytes": list(p.read_bytes())} for p in paths]
    handle = page.evaluate_handle("""(files) => {
        const dt = new DataTransfer();
        for (const f of files) dt.items.add(new File([new Uint8Array(f.bytes)], f.name));
        return dt; }""", files)
    page.dispatch_event(selector, "drop", {"dataTransfer": handle})


def through_job(page, action) -> None:
    """Do `action` (a drop or a click that starts long work); return once its job is done."""
    with page.expect_navigation(timeout=60_000):
        action()
    page.wait_for_url(lambda url: "/jobs/" not in url, timeout=300_000)
    page.wait_for_load_state()


def image_width(page, selector: str) -> int:
    """Return the width of the picture `selector` once the browser has loaded it."""
    page.wait_for_function(f"document.querySelector({selector!r}).complete")
    return page.locator(selector).evaluate("img => img.naturalWidth")


def edited_template(path: Path, text: str) -> Path:
    """Write the built-in report template with a paragraph `text` added, as a clerk edits it."""
    doc = Document(ROOT / "render" / "templates" / "report.docx")
    doc.add_paragraph(text)
    doc.save(path)
    return path


def docx_text(data: bytes) -> list[str]:
    doc = Document(io.BytesIO(data))
    lines = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            lines.append(" | ".join(c.text for c in row.cells))
    return lines


def test_the_whole_sample_year_by_clicking(served, page, shots, tmp_path):
    url, ws = served
    page.goto(url)
    assert "/plan" in page.url and "key=" not in page.url
    page.screenshot(path=shots / "0-plan-empty.png", full_page=True)

    # 1. Plan: drop the Word file
    through_job(page, lambda: drop_files(page, "form[data-drop]", [SAMPLES / "plan-ky.docx"]))
    assert page.locator("table.plan tr.section").count() == 12
    assert "6.5.1" in page.locator("table.plan").inner_text()
    page.screenshot(path=shots / "1-plan.png", full_page=True)

    # 2. Forms for 2025, due 15 January 2026; all of them as one .zip
    page.click("text=2. Формалар")
    page.select_option("select[name=year]", "2025")
    page.fill("input[name=due]", "2026-01-15")
    through_job(page, lambda: page.click("form.box button"))
    with page.expect_download() as got:
        page.click("#forms-zip")
    names = zipfile.ZipFile(got.value.path()).namelist()
    assert "2025-КБ.xlsx" in names and len(names) == 12
    page.screenshot(path=shots / "2-forms.png", full_page=True)

    # 3. Inbox: all the returned samples at once
    page.click("text=3. Келген формалар")
    received = sorted((SAMPLES / "submissions" / "2025").glob("*.xlsx"))
    through_job(page, lambda: page.set_input_files("#form-files", [str(p) for p in received]))
    board = page.locator("table.board")
    assert board.locator("tr.returned").count() == 11
    assert board.locator("tr.missing").count() == 1
    assert "ДКЖАКБ" in board.locator("tr.missing").inner_text()
    kb = board.locator("tr[data-unit='КБ']").inner_text()
    assert "2025-КБ (биринчи вариант).xlsx" in kb
    with i18n.using("ky"):  # the page and esep's messages on it speak the language esep was told
        assert place(cell="G12", measure="6.5.1") in board.locator("tr[data-unit='ЖКБ']").inner_text()
    page.screenshot(path=shots / "3-inbox.png", full_page=True)

    # the feedback to the units, as `esep collect --feedback` writes it, as one .zip
    page.fill("input[name=due]", "2026-02-20")
    through_job(page, lambda: page.click("#feedback-make"))
    with page.expect_download() as got:
        page.click("#feedback-zip")
    names = zipfile.ZipFile(got.value.path()).namelist()
    assert {"2025-ЖКБ-кат.docx", "2025-ЖКБ-кемчиликтер.xlsx", "2025-ДКЖАКБ-эскертме.docx"} <= set(names)
    page.locator("#feedback-zip").scroll_into_view_if_needed()
    page.screenshot(path=shots / "3-feedback.png")

    # 4. Progress, then only the overdue measures
    page.click("text=4. Аткарылышы")
    assert image_width(page, "img.chart") > 100
    page.screenshot(path=shots / "4-progress.png", full_page=True)
    page.check("input[name=overdue]")
    page.click("form.filters button")
    outcomes = page.locator("tr.measure").evaluate_all("rows => rows.map(r => r.dataset.outcome)")
    assert outcomes and set(outcomes) == {"overdue"}

    # 5. Report: the settings, kept; the DOCX equals the command line's
    page.click("text=5. Отчет")
    for name, value in SETTINGS.items():
        page.fill(f"input[name={name}]", value)
    page.click("form.settings button")
    assert page.input_value("input[name=signer_name]") == "А. Асанов"
    with page.expect_download() as got:
        page.click("#report-docx")
    from_page = Path(got.value.path()).read_bytes()
    cli_docx = tmp_path / "report.docx"
    options = [f"--{k.replace('_', '-')}" if k not in ("preparer_name", "preparer_phone")
               else {"preparer_name": "--preparer", "preparer_phone": "--phone"}[k] for k in SETTINGS]
    args = [a for pair in zip(options, SETTINGS.values()) for a in pair]
    subprocess.run([sys.executable, "-m", "esep", "report", str(SAMPLES / "plan-ky.docx"),
                    str(SAMPLES / "submissions" / "2025"), "--year", "2025", "-o", str(cli_docx),
                    *args], check=True, capture_output=True, cwd=ROOT)
    assert docx_text(from_page) == docx_text(cli_docx.read_bytes())

    # a template edited in Word: checked by filling it, then the year's report is made from it
    hostile = edited_template(tmp_path / "hostile.docx", "{{ ''.__class__.__mro__ }}")
    with page.expect_navigation():
        page.set_input_files("#template-file", str(hostile))
    refused = page.locator(".error-line:visible")
    refused.wait_for(timeout=60_000)
    said = refused.inner_text()  # in Kyrgyz, quoting the tag (and the sandbox's own reason)
    assert said.startswith("hostile.docx: тег «{{ ''.__class__.__mro__ }}»"), said
    page.screenshot(path=shots / "5-template-refused.png", full_page=True)
    page.click("text=Артка")
    ours = edited_template(tmp_path / "биздин-үлгү.docx", "Министрликтин үлгүсү")
    through_job(page, lambda: page.set_input_files("#template-file", str(ours)))
    assert "биздин-үлгү.docx" in page.locator("main").inner_text()
    assert "hostile.docx" not in page.locator("main").inner_text()
    with page.expect_download() as got:
        page.click("#report-docx")
    assert "Министрликтин үлгүсү" in docx_text(Path(got.value.path()).read_bytes())

    # the public version: LibreOffice in the background, then page 1 shown
    through_job(page, lambda: page.click("text=PDF, HTML"))
    assert image_width(page, "img.preview") > 300
    page.screenshot(path=shots / "5-report.png", full_page=True)

    # the page speaks Russian too
    page.click("button[value=ru]")
    assert page.locator("nav a.here").inner_text() == "5. Отчет"
    page.click("text=1. План")
    assert "План мероприятий" in page.locator("h1").inner_text()


def test_the_stage_summary_by_clicking(page, tmp_path, shots):
    sys.path.insert(0, str(SAMPLES))
    import three_years
    three = tmp_path / "three"
    three_years.run(three)
    with serving(tmp_path / "workspace") as url:  # a workspace of its own, the same browser
        page.context.clear_cookies()  # the other server's key and language
        page.goto(url)
        through_job(page, lambda: drop_files(page, "form[data-drop]", [SAMPLES / "plan-ky.docx"]))
        for year in (2025, 2026, 2027):
            if year == 2026:  # the amended plan, given before the year's forms
                page.click("text=1. План")
                through_job(page, lambda: drop_files(page, "form[data-drop]",
                                                     [SAMPLES / "plan-ky-v2.docx"]))
            page.goto(url.split("?")[0].rstrip("/") + f"/inbox?year={year}")
            forms = sorted((three / "inbox" / str(year)).glob("*.xlsx"))
            through_job(page, lambda: page.set_input_files("#form-files", [str(p) for p in forms]))
            page.click("text=6. Этаптын жыйынтыгы")
            assert (page.locator("#stage-make").count() == 1) == (year == 2027), year
        through_job(page, lambda: page.click("#stage-make"))
        for kind in ("docx", "pdf", "html"):
            with page.expect_download() as got:
                page.click(f"#stage-{kind}")
            data = Path(got.value.path()).read_bytes()
            assert data[:4] == {"docx": b"PK\x03\x04", "pdf": b"%PDF"}.get(kind, data[:4])
            if kind == "docx":
                text = docx_text(data)
                assert any("2025" in line and "2027" in line for line in text)
        page.screenshot(path=shots / "6-stage.png", full_page=True)


def _refusal(page, path: Path) -> str:
    """Drop `path` on the plan page and return the line esep refuses it with."""
    with page.expect_navigation():
        drop_files(page, "form[data-drop]", [path])
    refused = page.locator(".error-line:visible")
    refused.wait_for(timeout=60_000)
    return refused.inner_text()


def test_the_page_speaks_the_language_esep_was_told_until_the_clerk_picks_one(page, tmp_path,
                                                                               shots):
    notes = tmp_path / "notes.txt"
    notes.write_text("Жолугушуунун протоколу\n", encoding="utf-8")  # no plan in it
    with serving(tmp_path / "workspace", lang="ru") as url:  # the same browser, a server of its own
        page.context.clear_cookies()  # the other servers' key and language
        page.goto(url)
        assert page.locator("html").get_attribute("lang") == "ru"
        assert page.locator("nav").inner_text().split("\n")[:2] == ["1. План", "2. Формы"]
        said = _refusal(page, notes)  # esep's own line, in the page's language before any choice
        assert said.startswith("notes.txt: ") and english_words(said[11:]) == [], said
        page.screenshot(path=shots / "7-told-russian.png", full_page=True)
        page.goto(url.split("?")[0].rstrip("/") + "/plan")
        through_job(page, lambda: drop_files(page, "form[data-drop]", [WARNINGS_PLAN]))
        assert "не указан источник финансирования" in page.locator("table.plan").inner_text()
        assert "строка 8: номер задачи 'б' не распознан" in page.locator("main").inner_text()
        page.screenshot(path=shots / "7-plan-warnings-russian.png", full_page=True)

        page.click("button[value=ky]")  # the clerk picks Kyrgyz: the words and the lines follow
        assert "каржылоо булагы көрсөтүлгөн эмес" in page.locator("table.plan").inner_text()
        assert page.locator("html").get_attribute("lang") == "ky"
        assert page.locator("nav").inner_text().split("\n")[:2] == ["1. План", "2. Формалар"]
        again = _refusal(page, notes)
        assert again.startswith("notes.txt: ") and english_words(again[11:]) == [], again
        assert again != said and "таблица плана не найдена" in said, (said, again)
        page.screenshot(path=shots / "7-picked-kyrgyz.png", full_page=True)
