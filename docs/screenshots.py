"""Retake the README's pictures of `esep serve` (docs/serve-*.png) in headless Chromium.

The same machinery as the browser tests (tests/test_web_browser.py): `esep serve` on fresh
workspaces, Debian's chromium through Playwright, the sample year and the three sample years,
the page in Kyrgyz. Run it with `make screenshots` after changing what the page shows, then look
at every picture before committing it.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "samples")]

from tests.test_web_browser import (SAMPLES, SETTINGS, browsing, drop_files,  # noqa: E402
                              edited_template, serving, through_job)

DOCS = ROOT / "docs"
WIDTH = 1280


def speak_kyrgyz(page) -> None:
    """Choose Kyrgyz on the page, so esep's own messages on it are Kyrgyz too."""
    page.click("button[value=ru]")
    page.click("button[value=ky]")


def shoot(page, name: str, height: int | None = None) -> None:
    """Save the page as docs/`name`: the whole page, or its first `height` pixels."""
    clip = {"x": 0, "y": 0, "width": WIDTH, "height": height} if height else None
    page.screenshot(path=DOCS / name, full_page=True, clip=clip)
    print("wrote", DOCS / name)


def one_year(page, folder: Path) -> None:
    """The sample year 2025: the inbox, the feedback, a hostile template, the report."""
    with serving(folder / "workspace") as url:
        page.goto(url)
        speak_kyrgyz(page)
        through_job(page, lambda: drop_files(page, "form[data-drop]", [SAMPLES / "plan-ky.docx"]))
        page.goto(url.split("?")[0].rstrip("/") + "/forms?year=2025")
        page.fill("input[name=due]", "2026-01-15")
        through_job(page, lambda: page.click("form.box button"))
        page.click("nav a >> nth=2")
        received = sorted((SAMPLES / "submissions" / "2025").glob("*.xlsx"))
        through_job(page, lambda: page.set_input_files("#form-files", [str(p) for p in received]))
        shoot(page, "serve-inbox.png", 1300)
        page.fill("input[name=due]", "2026-02-20")
        through_job(page, lambda: page.click("#feedback-make"))
        page.locator("#feedback-zip").scroll_into_view_if_needed()
        page.screenshot(path=DOCS / "serve-feedback.png")
        print("wrote", DOCS / "serve-feedback.png")
        page.click("nav a >> nth=4")
        for name, value in SETTINGS.items():
            page.fill(f"input[name={name}]", value)
        page.click("form.settings button")
        hostile = edited_template(folder / "hostile.docx", "{{ ''.__class__.__mro__ }}")
        with page.expect_navigation():
            page.set_input_files("#template-file", str(hostile))
        page.locator(".error-line:visible").wait_for(timeout=60_000)
        shoot(page, "serve-template-refused.png", 900)
        page.click("text=Артка")
        through_job(page, lambda: page.click("#make-public"))
        page.wait_for_function("document.querySelector('img.preview').complete")
        shoot(page, "serve-report.png")


def three_years(page, folder: Path) -> None:
    """The three sample years, the amended plan from 2026, a stage template, the summary."""
    import three_years as sample
    sample.run(folder / "three")
    with serving(folder / "workspace") as url:
        page.goto(url)
        speak_kyrgyz(page)
        through_job(page, lambda: drop_files(page, "form[data-drop]", [SAMPLES / "plan-ky.docx"]))
        for year in (2025, 2026, 2027):
            if year == 2026:
                page.click("nav a >> nth=0")
                through_job(page, lambda: drop_files(page, "form[data-drop]",
                                                     [SAMPLES / "plan-ky-v2.docx"]))
            page.goto(url.split("?")[0].rstrip("/") + f"/inbox?year={year}")
            forms = sorted((folder / "three" / "inbox" / str(year)).glob("*.xlsx"))
            through_job(page, lambda: page.set_input_files("#form-files", [str(p) for p in forms]))
        page.click("nav a >> nth=5")
        ours = edited_template(folder / "министрликтин-этап-үлгүсү.docx",
                               "Министрликтин этап үлгүсү", "stage")
        through_job(page, lambda: page.set_input_files("#template-file", str(ours)))
        through_job(page, lambda: page.click("#stage-make"))
        shoot(page, "serve-stage.png")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp, browsing() as page:
        one_year(page, Path(tmp) / "year")
        page.context.clear_cookies()  # the first server's key and language
        three_years(page, Path(tmp) / "stage")


if __name__ == "__main__":
    main()
