"""The plan from a PDF (the published copy): the table across pages, the text around it.

pdfplumber finds the table on each page by its ruling lines. A header (and column-number
row) repeated on every page is left to `assemble`, which drops it; the first row of each
page is marked, so that a row a page break split is joined there. Lines of a cell are
joined with a space, or without one after a dash attached to a word ("иш-" / "чаралар").
"""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
from pdfplumber.utils.text import chars_to_textmap

from .columns import read_header
from .errors import DamagedFile, EncryptedFile, NoPlanTable, NoTextLayer
from .layout import Layout, Para, Row, cell_text, fold, join_words

_NUMBERED = re.compile(r"^\s*\d{1,2}\s*[.)]\s")
_HEADING = re.compile(r"^(колдонулган\s+кыскартуулар|используемые\s+сокращения|эскертүү|примечани)",
                      re.IGNORECASE)
_TAB_GAP = 14.0      # points between two words that mean a tab, not a space
_LINE_TOLERANCE = 3.0
_MAX_PADDING = 8.0   # points between a cell's border and its text, at most


def _in_box(char: dict, box: tuple) -> bool:
    x = (char["x0"] + char["x1"]) / 2
    y = (char["top"] + char["bottom"]) / 2
    return box[0] <= x < box[2] and box[1] <= y < box[3]


def _broken_word(line: dict, below: dict, box: tuple) -> bool:
    """Return True when `line` is a word too long for its cell, broken where the cell ends.

    Such a line starts at the cell's left padding and fills the cell so far that not even
    the first letter of the line `below` would have fitted after it (a word that merely
    fits leaves room for about a letter); a word with a hyphen would have been broken at
    the hyphen instead.
    """
    text = line["text"].strip()
    if " " in text or re.search(r"[-‐‑–—]", text) or not text or not below["chars"]:
        return False
    if not below["text"][:1].islower():
        return False
    padding = line["x0"] - box[0]
    first = below["chars"][0]
    return 0 <= padding < _MAX_PADDING and \
        box[2] - padding - line["x1"] < 0.75 * (first["x1"] - first["x0"])


def _cell_paras(lines: list[dict], box: tuple) -> tuple[Para, ...]:
    """Return a cell's paragraphs from its lines; a numbered line ("2. ...") starts one."""
    paras: list[str] = []
    above = None
    for line in lines:
        text = line["text"].strip()
        if not text:
            continue
        if not paras or _NUMBERED.match(text):
            paras.append(text)
        elif _broken_word(above, line, box):
            paras[-1] += text
        else:
            paras[-1] = join_words(paras[-1], text, hyphens=True)
        above = line
    return tuple(Para(fold(p)) for p in paras)


def _extract(table) -> list[list[tuple[Para, ...] | None]]:
    """Return the table's cells as paragraphs, as `Table.extract` finds them but with geometry."""
    chars = table.page.chars
    result = []
    for row in table.rows:
        row_chars = [c for c in chars if _in_box(c, row.bbox)]
        cells = []
        for box in row.cells:
            if box is None:
                cells.append(None)
                continue
            cell_chars = [c for c in row_chars if _in_box(c, box)]
            lines = chars_to_textmap(cell_chars).extract_text_lines(return_chars=True) \
                if cell_chars else []
            cells.append(_cell_paras(lines, box))
        result.append(cells)
    return result


def _lines(page, exclude: list[tuple]) -> list[dict]:
    """Return the text lines of `page` outside the `exclude` boxes, top to bottom."""
    region = page
    for bbox in exclude:
        region = region.outside_bbox(bbox)
    words = sorted(region.extract_words(), key=lambda w: (round(w["top"]), w["x0"]))
    lines: list[dict] = []
    for w in words:
        if lines and abs(w["top"] - lines[-1]["top"]) <= _LINE_TOLERANCE:
            line = lines[-1]
            gap = w["x0"] - line["x1"]
            line["text"] += ("\t" if gap > _TAB_GAP else " ") + w["text"]
            line["x1"] = w["x1"]
        else:
            lines.append({"top": w["top"], "x0": w["x0"], "x1": w["x1"], "text": w["text"]})
    # a line that is only a number is a page number, not the plan's text
    return [ln for ln in lines if not ln["text"].strip().isdigit()]


def _paragraphs(lines: list[dict]) -> list[str]:
    """Return paragraphs from lines: a line continues the one above when that one is full."""
    if not lines:
        return []
    left = min(ln["x0"] for ln in lines)
    right = max(ln["x1"] for ln in lines)
    full = right - 0.12 * (right - left)
    paragraphs: list[str] = []
    previous = None
    for line in lines:
        starts = (previous is None or previous["x1"] < full or _HEADING.match(line["text"])
                  or previous.get("page") != line.get("page") and previous["x1"] < full)
        if starts or not paragraphs:
            paragraphs.append(line["text"])
        else:
            paragraphs[-1] = join_words(paragraphs[-1], line["text"], hyphens=True)
        previous = line
    return paragraphs


def _raise_open_error(exc: Exception, file: str):
    # pdfplumber wraps pdfminer's error: its type is in the wrapper's arguments
    inner = " ".join(type(a).__name__ for a in getattr(exc, "args", ()))
    names = f"{type(exc).__name__} {inner} {exc}".lower()
    if "password" in names or "encrypt" in names:
        raise EncryptedFile("the PDF is password-protected: save a copy without the password",
                            file=file) from None
    raise DamagedFile(f"the PDF is damaged or incomplete ({type(exc).__name__}); ask for the file "
                      "again or export it again from Word", file=file) from None


def pdf_to_layout(path: str | Path, file: str) -> Layout:
    """Return the Layout of a PDF whose plan table is drawn with ruling lines."""
    try:
        pdf = pdfplumber.open(path)
    except Exception as exc:  # pdfminer raises many unrelated types for a broken file
        _raise_open_error(exc, file)
    with pdf:
        try:
            return _read(pdf, file)
        except (NoPlanTable, NoTextLayer):
            raise
        except Exception as exc:  # a broken object deep in the file shows only when read
            _raise_open_error(exc, file)


def _read(pdf, file: str) -> Layout:
    rows: list[Row] = []
    width = None          # the plan table's number of columns
    first_page = last_page = None
    extra_rows: list[tuple[int, float, str]] = []   # other tables after the plan (a glossary)
    plan_boxes: dict[int, list[tuple]] = {}
    any_chars = False
    for index, page in enumerate(pdf.pages):
        any_chars = any_chars or bool(page.chars)
        for table in page.find_tables():
            cells = _extract(table)
            if not cells:
                continue
            texts = [[cell_text(c) for c in r] for r in cells]
            if width is None:
                if not any(read_header(t) for t in texts[:3]):
                    continue
                width, first_page = len(cells[0]), index
            if len(cells[0]) != width:
                extra_rows.extend((index, table.bbox[1], "\t".join(t)) for t in texts)
                continue
            plan_boxes.setdefault(index, []).append(table.bbox)
            last_page = index
            for r, row in enumerate(cells):
                rows.append(Row(cells=tuple(row),
                                where=f"page {index + 1}", page_break=(r == 0 and index != first_page)))
        page.close()
    if width is None:
        if not any_chars:
            raise NoTextLayer("no text layer: run OCR first (the PDF holds only pictures of pages)",
                              file=file)
        raise NoPlanTable("no plan table found: no table with the plan's header (№, Милдеттер / "
                          "Задачи, Иш-чаралар / Мероприятия, ...) and ruled cell borders", file=file)
    before_lines: list[dict] = []
    for index in range(0, first_page + 1):
        page = pdf.pages[index]
        boxes = plan_boxes.get(index, [])
        lines = _lines(page, boxes)
        if boxes:
            top = min(b[1] for b in boxes)
            lines = [ln for ln in lines if ln["top"] < top]
        before_lines.extend(dict(ln, page=index) for ln in lines)
        page.close()
    after_lines: list[dict] = []
    for index in range(last_page, len(pdf.pages)):
        page = pdf.pages[index]
        boxes = plan_boxes.get(index, [])
        lines = _lines(page, boxes)
        if boxes:
            bottom = max(b[3] for b in boxes)
            lines = [ln for ln in lines if ln["top"] > bottom]
        extra = [{"top": top, "x0": 0.0, "x1": 0.0, "text": text, "page": index}
                 for (i, top, text) in extra_rows if i == index]
        page_lines = sorted([dict(ln, page=index) for ln in lines] + extra, key=lambda ln: ln["top"])
        after_lines.extend(page_lines)
        page.close()
    return Layout(file=file, format="pdf", before=tuple(_paragraphs(before_lines)),
                  rows=tuple(rows), after=tuple(_paragraphs(after_lines)), hyphens=True)
