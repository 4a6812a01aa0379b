"""The PDF progress bar: drawn on a terminal's stderr for a long PDF, never into a pipe."""

import io
import os
import pty
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from esep.cli import cli
from esep.pages import PageBar
from ingest import read_plan

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
