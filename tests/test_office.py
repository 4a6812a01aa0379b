"""LibreOffice through ingest.office: real conversions; nothing left running or on disk."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from ingest import office
from ingest.office import OfficeError, OfficeMissing, convert, find_soffice

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "plan-ky.docx"
needs_soffice = pytest.mark.skipif(find_soffice() is None, reason="LibreOffice is not installed")


def _soffice_in(folder: Path) -> list[str]:
    """Return the command lines of live LibreOffice processes whose profile is under `folder`."""
    text = f"{folder}/esep-office-"
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
        except OSError:
            continue
        if text in cmdline and stat.rsplit(")", 1)[-1].split()[0] != "Z":
            found.append(cmdline)
    return found


@pytest.fixture
def private_tmp(tmp_path, monkeypatch):
    """Make tempfile create its folders in `tmp_path`, so what is left there can be seen."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return tmp_path


@needs_soffice
def test_converts_a_docx_to_pdf_and_leaves_nothing(private_tmp):
    pdf = convert(SAMPLE.read_bytes(), "docx", "pdf", file="plan-ky.docx")
    assert pdf.startswith(b"%PDF-")
    assert list(private_tmp.iterdir()) == []
    assert _soffice_in(private_tmp) == []


@needs_soffice
def test_converts_a_docx_to_doc_and_back(private_tmp):
    doc = convert(SAMPLE.read_bytes(), "docx", "doc", file="plan-ky.docx")
    assert doc.startswith(b"\xd0\xcf\x11\xe0")  # an OLE compound file: Word 97-2003
    back = convert(doc, "doc", "docx", file="plan-ky.doc")
    assert back.startswith(b"PK")


@needs_soffice
def test_a_timeout_leaves_no_soffice_process_and_no_temp_folder(private_tmp):
    with pytest.raises(OfficeError, match=r"did not finish in 0.5 seconds") as caught:
        convert(SAMPLE.read_bytes(), "docx", "pdf", file="plan-ky.docx", timeout=0.5)
    assert caught.value.file == "plan-ky.docx"
    assert _soffice_in(private_tmp) == []
    assert list(private_tmp.iterdir()) == []


@needs_soffice
def test_sigterm_ends_libreoffice_and_removes_the_temp_folder(tmp_path):
    script = (
        "import sys, tempfile; tempfile.tempdir = sys.argv[1]\n"
        "from ingest.office import convert\n"
        "print('started', flush=True)\n"
        "convert(open(sys.argv[2], 'rb').read(), 'docx', 'pdf', file='x.docx')\n")
    proc = subprocess.Popen([sys.executable, "-c", script, str(tmp_path), str(SAMPLE)],
                            cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "started"
    deadline = time.monotonic() + 20
    while not _soffice_in(tmp_path) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _soffice_in(tmp_path), "LibreOffice never started"
    os.kill(proc.pid, signal.SIGTERM)
    assert proc.wait(timeout=30) == 128 + signal.SIGTERM
    assert _soffice_in(tmp_path) == []
    assert list(tmp_path.iterdir()) == []


@needs_soffice
def test_a_failed_conversion_is_one_line_naming_the_file(private_tmp):
    with pytest.raises(OfficeError) as caught:
        convert(SAMPLE.read_bytes(), "docx", "nosuchformat", file="plan-ky.docx",
                failed="save it as .docx")
    assert str(caught.value).startswith("plan-ky.docx: LibreOffice could not convert the file")
    assert str(caught.value).endswith("; save it as .docx")
    assert list(private_tmp.iterdir()) == []


def test_missing_soffice_is_one_clear_error(monkeypatch):
    monkeypatch.setattr(office, "find_soffice", lambda: None)
    with pytest.raises(OfficeMissing) as caught:
        convert(b"x", "doc", "docx", file="plan.doc")
    assert str(caught.value) == ("plan.doc: LibreOffice is not installed: install LibreOffice, "
                                 "or save the file as .docx")


def test_find_soffice_looks_on_the_path(tmp_path, monkeypatch):
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    assert find_soffice() == str(fake)
    monkeypatch.setenv("PATH", str(tmp_path / "none"))
    assert find_soffice() is None
