"""The zip check of every .docx and .xlsx from outside: sizes and DOCTYPE, for plans and templates."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.package import (MAX_UNPACKED_BYTES, UnsafePackage, _prolog, check_package,
                            check_prolog)

from .conftest import SAMPLES, assert_refused, run_measured

PLAN = SAMPLES / "plan-ky.docx"


def _rezip(source: Path, target: Path, part: str, write) -> Path:
    """Copy `source` to `target`, its `part` written by write(member) in a stream."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename == part:
                with zout.open(part, "w", force_zip64=True) as member:
                    write(member, zin.read(info))
            else:
                zout.writestr(info.filename, zin.read(info))
    return target


def _inflating(member, original: bytes) -> None:
    """Write `original`, then blanks past the limit: 200 MB and more of XML whitespace."""
    member.write(original)
    chunk = b" " * (1 << 20)
    for _ in range(MAX_UNPACKED_BYTES // len(chunk) + 8):
        member.write(chunk)


@pytest.fixture(scope="module")
def bomb(tmp_path_factory) -> Path:
    """Return a .docx of under 1 MB whose document.xml inflates to over 200 MB."""
    path = _rezip(PLAN, tmp_path_factory.mktemp("bomb") / "plan.docx", "word/document.xml",
                  _inflating)
    assert path.stat().st_size < 1 << 20
    return path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_plan_that_inflates_past_the_limit_is_refused_in_bounded_memory(bomb, tmp_path):
    before = _digest(bomb)
    out = tmp_path / "plan.json"
    run = run_measured(["ingest", bomb, "-o", out], tmp_path)
    assert_refused(run, "plan.docx", "more than the 200 MB limit", out, peak_mib=300)
    assert _digest(bomb) == before


def test_a_template_that_inflates_past_the_limit_is_refused(bomb, tmp_path):
    out = tmp_path / "report.docx"
    run = run_measured(["report", PLAN, SAMPLES / "submissions" / "2025", "--year", "2025",
                        "--template", bomb, "-o", out], tmp_path)
    assert run.returncode == 1 and out.exists() is False
    assert run.stderr.strip().splitlines()[-1].startswith(f"Error: {bomb}: refused: it would "
                                                          "unpack to")
    assert "Traceback" not in run.stderr and run.peak_mib < 400


ENTITY = b'<!DOCTYPE w:document [<!ENTITY x "text">]>'
EXTERNAL = b'<!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>'


@pytest.mark.parametrize("doctype", [ENTITY, EXTERNAL], ids=["entity", "external entity"])
def test_a_word_file_with_a_doctype_is_refused(tmp_path, doctype):
    def write(member, original):
        declaration, rest = original.split(b"?>", 1)
        member.write(declaration + b"?>" + doctype + rest.replace(b"<w:t>", b"<w:t>&x;", 1))
    path = _rezip(PLAN, tmp_path / "plan.docx", "word/document.xml", write)
    out = tmp_path / "plan.json"
    run = run_measured(["ingest", path, "-o", out], tmp_path)
    assert_refused(run, "plan.docx", "word/document.xml declares a DOCTYPE", out)


def test_the_samples_pass():
    check_package(PLAN, PLAN.name, "save it again")
    check_package((SAMPLES / "submissions" / "2025" / "2025-КБ.xlsx").read_bytes(), "КБ.xlsx", "")


@pytest.mark.parametrize("gap", [0, 1, 1000, 1019, 1020, 1021, 1022, 1023, 1024, 5000])
def test_a_doctype_is_found_however_far_the_prolog_puts_it(gap):
    # the first look at a prolog is short: a DOCTYPE just past it must still be found
    for filler in (b" " * gap, b"<!--" + b"x" * gap + b"-->"):
        start = b'<?xml version="1.0"?>' + filler + ENTITY + b"<root/>" + b" " * 70_000
        with pytest.raises(UnsafePackage):
            check_prolog(start[:64 * 1024], "part.xml", "f.xlsx")
        check_prolog((b'<?xml version="1.0"?>' + filler + b"<root/>" + b" " * 70_000)[:64 * 1024],
                     "part.xml", "f.xlsx")


@settings(max_examples=200, deadline=None)
@given(space=st.text(" \t\r\n", max_size=12), then=st.sampled_from([
    (b"<root/>", "root"), (b"<w:document>", "root"), (b"<!DOCTYPE r>", "doctype"),
    (b"<!ENTITY e 'x'>", "doctype"), (b"<!-- note --><r/>", "root"), (b"<?pi x?><r/>", "root"),
    (b"<!-- not closed", "open"), (b"<r", "end")]))
def test_a_prolog_is_told_the_same_after_any_blank_space(space, then):
    # a declaration and what follows it, as every part begins: the verdict of the one quick look
    # at the common case must be the full reading's
    text, verdict = then
    assert _prolog(b'<?xml version="1.0" encoding="UTF-8"?>' + space.encode() + text) == verdict
    assert _prolog(b"\xef\xbb\xbf" + space.encode() + text) == verdict  # no declaration
