"""The plan's text export: tab-separated cells, a blank line for a page break, <p> pieces in cells."""

from __future__ import annotations

import re

from model.plan_warnings import place
from model.text import fold
from model.i18n import _

from .columns import read_header
from .errors import UnknownFormat
from .layout import Layout, Para, Row

_PIECE = re.compile(r"<p>(.*?)</p>", re.DOTALL)


def decode_text(data: bytes, file: str) -> str:
    """Return the text of a UTF-8 or UTF-16 (with byte order mark) file."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:4096]:
        raise UnknownFormat(_("not a text file (it holds binary data); give the plan as .docx, "
                              ".pdf or a UTF-8 text export"), file=file)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnknownFormat(_("the text is not UTF-8; save the text export again choosing the "
                              "UTF-8 encoding"), file=file) from None
    controls = sum(1 for c in text[:4096] if c < " " and c not in "\t\r\n\f")
    if controls > 8:
        raise UnknownFormat(_("not a text file (it holds binary data); give the plan as .docx, "
                              ".pdf or a UTF-8 text export"), file=file)
    return text


def _cell(raw: str) -> tuple[Para, ...]:
    pieces = _PIECE.findall(raw)
    if not pieces:
        return (Para(fold(raw)),) if raw.strip() else ()
    return tuple(Para(fold(p)) for p in pieces if p.strip())


def text_to_layout(text: str, file: str) -> Layout:
    """Return the Layout of a text export.

    Lines before the header row are the heading; tab-separated lines are table rows; the
    first line without a tab after the table ends it, and what follows is the note and
    the glossary.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    before: list[str] = []
    rows: list[Row] = []
    after: list[str] = []
    state = "before"
    page_break = False
    for number, line in enumerate(lines, start=1):
        if state == "before":
            if "\t" in line and read_header(line.split("\t")):
                state = "table"
            elif line.strip():
                before.append(line)
                continue
            else:
                continue
        if state == "table":
            if not line.strip():
                page_break = True
                continue
            if "\t" not in line:
                state = "after"
            else:
                cells = tuple(_cell(c) for c in line.split("\t"))
                rows.append(Row(cells=cells, where=place("line", line=number), page_break=page_break))
                page_break = False
                continue
        if line.strip():
            after.append(line)
    return Layout(file=file, format="txt", before=tuple(before), rows=tuple(rows),
                  after=tuple(after))
