"""The progress bar: on a terminal's stderr for a long PDF or many forms, never into a pipe."""

import io
import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from esep.cli import cli
from esep.pages import MIN_FILES, PageBar
from ingest import read_plan
from ingest.forms import collect
from model.plan import plan_from_json

from .conftest import ROOT, SAMPLES


def test_the_reader_reports_every_page_in_turn():
    seen = []
    read_plan(SAMPLES / "plan-ky.pdf", progress=lambda done, total: seen.append((done, total)))
    assert seen == [(n, 10) for n in range(1, 11)]


def test_no_bar_into_a_pipe_or_for_a_short_pdf():
    stream = io.StringIO()
    bar = PageBar("reading plan.pdf", stream)
    for n in range(1, 11):
        bar(n, 10)
    bar.close()
    assert stream.getvalue() == ""
    result = CliRunner().invoke(cli, ["ingest", str(SAMPLES / "plan-ky.pdf"), "--table"])
    assert "reading plan-ky.pdf" not in result.output


def test_a_bar_on_a_terminal_for_a_pdf_of_many_pages():
    master, slave = pty.openpty()
    esep = Path(sys.executable).parent / "esep"
    process = subprocess.Popen([str(esep), "ingest", str(SAMPLES / "plan-ky.pdf")], cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    shown = b""
    while True:
        try:
            piece = os.read(master, 4096)
        except OSError:  # the other end closed
            break
        if not piece:
            break
        shown += piece
    assert process.wait(timeout=60) == 0
    os.close(master)
    text = shown.decode("utf-8", "replace")
    assert "reading plan-ky.pdf" in text and "100%" in text


# --- collecting many forms ------------------------------------------------------------------

SUBMISSIONS = SAMPLES / "submissions" / "2025"


def _inbox(folder: Path, copies: int) -> Path:
    """Return a folder holding every sample form `copies` times (each copy a unit's resend)."""
    folder.mkdir()
    for n in range(copies):
        for form in sorted(SUBMISSIONS.glob("2025-*.xlsx")):
            shutil.copy(form, folder / f"{n}-{form.name}")
    return folder


def _shown_on_a_terminal(args: list[str]) -> str:
    """Return what `esep ARGS` writes on stderr when stderr is a terminal."""
    master, slave = pty.openpty()
    esep = Path(sys.executable).parent / "esep"
    process = subprocess.Popen([str(esep), *args], cwd=ROOT, stdout=subprocess.DEVNULL,
                               stderr=slave)
    os.close(slave)
    shown = b""
    while True:
        try:
            piece = os.read(master, 4096)
        except OSError:  # the other end closed
            break
        if not piece:
            break
        shown += piece
    assert process.wait(timeout=120) == 0
    os.close(master)
    return shown.decode("utf-8", "replace")


def test_collect_reports_every_file_in_turn(tmp_path):
    inbox = _inbox(tmp_path / "inbox", 1)
    seen = []
    plan = plan_from_json((SAMPLES / "plan-ky.expected.json").read_text(encoding="utf-8"))
    collect(plan, [inbox], 2025, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(n, 12) for n in range(1, 13)]


def test_no_bar_into_a_pipe_or_for_a_few_forms(tmp_path):
    inbox = _inbox(tmp_path / "inbox", 2)
    result = CliRunner().invoke(cli, ["collect", str(SAMPLES / "plan-ky.expected.json"),
                                      str(inbox), "--year", "2025"])
    assert result.exit_code == 0 and "reading forms" not in result.output
    stream = io.StringIO()
    bar = PageBar("reading forms", stream, minimum=MIN_FILES)
    for n in range(1, 25):
        bar(n, 24)
    bar.close()
    assert stream.getvalue() == ""
    few = _shown_on_a_terminal(["collect", "samples/plan-ky.expected.json", str(SUBMISSIONS),
                                "--year", "2025", "-o", "-"])
    assert "reading forms" not in few and "11 of 12 units returned" in few


def test_a_bar_on_a_terminal_while_many_forms_are_collected(tmp_path):
    inbox = _inbox(tmp_path / "inbox", 2)
    text = _shown_on_a_terminal(["collect", "samples/plan-ky.expected.json", str(inbox),
                                 "--year", "2025", "-o", "-"])
    assert "reading forms" in text and "100%" in text
    assert text.index("100%") < text.index("11 of 12 units returned")
