"""The plan from a web page (.html): the legal database's page, Word's or LibreOffice's "save as web page".

Parsed with lxml's HTML parser. The plan table is the first table whose first rows carry the
plan's header; `rowspan` and `colspan` become covered cells as Word's merges do; each <p>,
<div> or <li> in a cell is a paragraph, an <ol>'s items numbered as the browser shows them;
a <br> is a line break (one before "2. …" starts a measure). Paragraphs above the table are
the heading, those after it the note and the glossary (a glossary table gives "code<tab>name").
"""

from __future__ import annotations

import codecs
import re

import lxml.html
from lxml import etree

from model.plan_warnings import place
from model.text import fold
from model.i18n import _

from .columns import read_header
from .errors import DamagedFile
from .layout import Cell, Layout, Para, Row, cell_text, split_numbered_lines

_SKIP = {"script", "style", "head", "title", "noscript", "template"}
_BLOCKS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "address",
           "center", "dd", "dt", "section", "article", "caption"}
_LISTS = {"ol", "ul"}
_MAX_COLSPAN, _MAX_ROWSPAN = 1000, 65534  # the limits browsers apply
_CHARSET = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_:.-]+)|encoding\s*=\s*["']([A-Za-z0-9_.-]+)""",
                      re.I)


def _encoding(data: bytes) -> str:
    """Return the page's encoding: its byte order mark, its declared charset, else UTF-8 or cp1251."""
    for bom, name in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"),
                      (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return name
    m = _CHARSET.search(data[:4096])
    if m:
        try:
            return codecs.lookup((m.group(1) or m.group(2)).decode("ascii")).name
        except LookupError:
            pass
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        return "cp1251"  # an undeclared Cyrillic page saved on a Windows PC


def _parse(data: bytes, file: str):
    parser = lxml.html.HTMLParser(encoding=_encoding(data), remove_comments=True, remove_pis=True)
    try:
        root = lxml.html.document_fromstring(data, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise DamagedFile(_("the web page cannot be read ({detail}); save it again as .html or "
                            "open it in Word and save it as .docx").format(detail=exc),
                          file=file) from None
    body = root.find("body")
    return body if body is not None else root


def _tag(el) -> str | None:
    # comments and processing instructions have a function for a tag; Word's "o:p" is kept
    return el.tag.lower() if isinstance(el.tag, str) else None


class _Paragraphs:
    """Collects an element's paragraphs: block elements and list items start new ones."""

    def __init__(self):
        self.paras: list[Para] = []
        self._buffer: list[str] = []
        self._number: int | None = None

    def flush(self, *, item_end: bool = False) -> None:
        """Close the paragraph being collected; an empty list item is kept only at its end."""
        text, self._buffer = "".join(self._buffer), []
        for i, piece in enumerate(split_numbered_lines(text)):
            folded = fold(piece)
            number = self._number if i == 0 else None
            if number is not None:  # the item's label written out too (LibreOffice's XHTML)
                folded = re.sub(rf"^{number}\s*[.)]\s*", "", folded)
            if folded or (number is not None and item_end):
                self.paras.append(Para(folded, number))
                self._number = None

    def walk(self, el, number: int | None = None) -> None:
        tag = _tag(el)
        if tag in _SKIP:
            return
        if tag == "br":
            self._buffer.append("\n")
            return
        if tag in _BLOCKS or tag in _LISTS:
            self.flush()
            if tag == "li":
                self._number = number
        self._buffer.append(el.text or "")
        counter = _list_start(el) if tag == "ol" else None
        for child in el:
            if tag == "ol" and _tag(child) == "li":
                counter = _li_value(child, counter)
                self.walk(child, counter)
                counter += 1
            else:
                self.walk(child)
            self._buffer.append(child.tail or "")
        if tag in _BLOCKS or tag in _LISTS:
            self.flush(item_end=tag == "li")


def _int(value: str | None, default: int, limit: int) -> int:
    m = re.match(r"\s*(\d+)", value or "")
    return min(int(m.group(1)), limit) if m else default


def _list_start(ol) -> int:
    return _int(ol.get("start"), 1, 10**6)


def _li_value(li, counter: int) -> int:
    return _int(li.get("value"), counter, 10**6)


def _cell_paras(td) -> tuple[Para, ...]:
    collect = _Paragraphs()
    collect.walk(td)
    collect.flush()
    return tuple(collect.paras)


def _table_rows(table, table_no: int) -> list[Row]:
    """Return the table's rows on its grid: a cell under a rowspan or colspan is covered (None)."""
    rows: list[Row] = []
    covered: dict[int, int] = {}  # column -> rows still covered by a rowspan above
    trs = table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")
    for r, tr in enumerate(trs, start=1):
        cells: list[Cell] = []
        tds = iter(c for c in tr if _tag(c) in ("td", "th"))
        td = next(tds, None)
        while td is not None or any(n > 0 for c, n in covered.items() if c >= len(cells)):
            col = len(cells)
            if covered.get(col, 0) > 0:
                covered[col] -= 1
                cells.append(None)
                continue
            if td is None:
                cells.append(None)  # a gap left of a rowspan further right
                continue
            span = max(_int(td.get("colspan"), 1, _MAX_COLSPAN), 1)
            down = _int(td.get("rowspan"), 1, _MAX_ROWSPAN) or _MAX_ROWSPAN  # 0: to the end
            cells.append(_cell_paras(td))
            cells.extend([None] * (span - 1))
            for c in range(col, col + span):
                if down > 1:
                    covered[c] = down - 1
            td = next(tds, None)
        rows.append(Row(cells=tuple(cells), where=place("row", table=table_no, row=r)))
    return rows


def _blocks(el):
    """Yield ("p", text) for each paragraph outside tables and ("table", el) for each plan-size table.

    A table that holds tables (a page laid out with a table) is walked like a container.
    """
    text = el.text or ""
    if text.strip():
        yield "p", text
    for child in el:
        tag = _tag(child)
        if tag in _SKIP:
            pass
        elif tag == "table" and not child.xpath(".//table"):
            yield "table", child
        elif child.xpath(".//table|.//p|.//div|.//li|.//br|.//h1|.//h2|.//h3|.//h4"):
            if tag in _BLOCKS and child.xpath(".//br") and not child.xpath(".//table|.//p|.//div"):
                yield "p", _line_text(child)  # a paragraph of lines (a glossary typed with Shift+Enter)
            else:
                yield from _blocks(child)
        elif tag is not None:
            yield "p", _line_text(child)
        if (child.tail or "").strip():
            yield "p", child.tail


def _line_text(el) -> str:
    """Return an element's text with each <br> as a line break, other whitespace folded."""
    parts: list[str] = []

    def walk(node) -> None:
        tag = _tag(node)
        if tag in _SKIP:
            return
        parts.append("\n" if tag == "br" else node.text or "")
        for child in node:
            walk(child)
            parts.append(child.tail or "")
    walk(el)
    lines = (fold(line) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def html_to_layout(data: bytes, file: str) -> Layout:
    """Return the Layout of a web page: paragraphs before the plan table, its rows, and after."""
    body = _parse(data, file)
    before: list[str] = []
    after: list[str] = []
    rows: list[Row] = []
    table_no = 0
    for kind, item in _blocks(body):
        if kind == "p":
            if item.strip():
                (after if rows else before).append(item)
            continue
        table_no += 1
        table_rows = _table_rows(item, table_no)
        if not rows and any(read_header([cell_text(c) for c in r.cells]) for r in table_rows[:4]):
            rows = table_rows
        elif rows:
            after.extend("\t".join(cell_text(c) for c in r.cells if c) for r in table_rows)
        else:
            before.clear()  # a table above the plan (an approval block): the title follows it
    return Layout(file=file, format="html", before=tuple(before), rows=tuple(rows),
                  after=tuple(after))
