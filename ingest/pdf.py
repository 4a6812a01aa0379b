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

from .columns import is_number_row, read_header
from .errors import DamagedFile, EncryptedFile, NoPlanTable, NoTextLayer
from .layout import Layout, Para, Row, fold, join_words

_NUMBERED = re.compile(r"^\s*\d{1,2}\s*[.)]\s")
_HEADING = re.compile(r"^(колдонулган\s+кыскартуулар|используемые\s+сокращения|эскертүү|примечани)",
                      re.IGNORECASE)
_TAB_GAP = 14.0      # points between two words that mean a tab, not a space
_LINE_TOLERANCE = 3.0
_MAX_PADDING = 8.0   # points between a cell's border and its text, at most
_BROKEN_SLACK = 0.75  # room left, in letters, under which a one-word line was broken
# TODO: take the dash set from model.text (DASH) when the reader is rewritten.
_DASHES = re.compile(r"[-‐‑–—]")
_PUNCT = "().,;:«»\"“”'"


def _in_box(char: dict, box: tuple) -> bool:
    x = (char["x0"] + char["x1"]) / 2
    y = (char["top"] + char["bottom"]) / 2
    return box[0] <= x < box[2] and box[1] <= y < box[3]


def _slack(line: dict, below: dict | None, box: tuple) -> float | None:
    """Return how much room `line` leaves in its cell, in letters (of the line `below`).

    Only for a line that may be a word too long for its cell, broken where the cell ends:
    one word (a word with a hyphen would have been broken at the hyphen), starting at the
    cell's left padding, followed by a line that starts in lower case. None otherwise. The
    cell's last line is measured in its own letters: its rest may open the next page.
    """
    text = line["text"].strip()
    if " " in text or _DASHES.search(text) or not text:
        return None
    if below is not None and (not below["chars"] or not below["text"].strip()[:1].islower()):
        return None
    padding = line["x0"] - box[0]
    if not 0 <= padding < _MAX_PADDING:
        return None
    letter = below["chars"][0] if below is not None else None
    width = letter["x1"] - letter["x0"] if letter else (line["x1"] - line["x0"]) / len(text)
    return (box[2] - padding - line["x1"]) / max(width, 0.1)


def _cell_lines(lines: list[dict], box: tuple) -> list[tuple[str, float | None]]:
    """Return a cell's lines as (text, slack before the next line)."""
    kept = [ln for ln in lines if ln["text"].strip()]
    return [(ln["text"].strip(), _slack(ln, kept[i + 1] if i + 1 < len(kept) else None, box))
            for i, ln in enumerate(kept)]


def _vocabulary(rows: list) -> set[str]:
    """Return the words the document prints whole.

    Only a line of one word can be the head of a broken word, and only the first word of
    the line after it its tail (on the next page, when a page break fell between them);
    every other word is whole.
    """
    words: set[str] = set()
    for cells, _, _, page_top in rows:
        for lines in cells:
            after_single = page_top
            for text, _ in lines or ():
                parts = text.split()
                if len(parts) > 1:
                    words.update(w.strip(_PUNCT).lower() for w in parts[1 if after_single else 0:])
                after_single = len(parts) == 1
    words.discard("")
    return words


def _is_broken(word: str, rest: str, slack: float | None, vocabulary: set[str]) -> bool:
    """Return True when `word` at the end of a line and `rest` on the next are one word.

    A word the document prints whole elsewhere is whole here too, and so is the next
    line's first word; a joined form printed elsewhere is joined; else the room left
    decides: a broken word leaves less than most of a letter.
    """
    if slack is None:
        return False
    first = rest.split()[0].strip(_PUNCT).lower() if rest.split() else ""
    if word.strip(_PUNCT).lower() in vocabulary or first in vocabulary:
        return False
    if (word + first).strip(_PUNCT).lower() in vocabulary:
        return True
    return slack < _BROKEN_SLACK


def _cell_paras(lines: list[tuple[str, float | None]] | None,
                vocabulary: set[str]) -> tuple[Para, ...] | None:
    """Return a cell's paragraphs from its lines; a numbered line ("2. ...") starts one."""
    if lines is None:
        return None
    paras: list[str] = []
    slack = None
    for text, next_slack in lines:
        if not paras or _NUMBERED.match(text):
            paras.append(text)
        elif _is_broken(paras[-1].rsplit(" ", 1)[-1], text, slack, vocabulary):
            paras[-1] += text
        else:
            paras[-1] = join_words(paras[-1], text, hyphens=True)
        slack = next_slack
    result = [Para(fold(p)) for p in paras]
    if result and slack is not None and slack < _BROKEN_SLACK \
            and paras[-1].rsplit(" ", 1)[-1].strip(_PUNCT).lower() not in vocabulary:
        # a word broken at the bottom of the page: its rest opens the cell on the next page
        result[-1] = Para(result[-1].text, result[-1].number, open_end=True)
    return tuple(result)


def _close_whole_words(rows: list[Row], raw_rows: list[tuple], vocabulary: set[str]) -> None:
    """Unmark a word cut by a page break when the next page's cell opens with a whole word."""
    for i, row in enumerate(rows):
        if not row.page_break or i == 0:
            continue
        below = next((j for j in range(i, len(rows)) if not raw_rows[j][3]), None)
        if below is None:
            continue
        above = rows[i - 1]
        cells = list(above.cells)
        for c, cell in enumerate(cells):
            if not cell or not cell[-1].open_end or c >= len(rows[below].cells):
                continue
            opening = rows[below].cells[c]
            first = opening[0].text.split()[0].strip(_PUNCT).lower() if opening and opening[0].text else ""
            if first in vocabulary:
                cells[c] = cell[:-1] + (Para(cell[-1].text, cell[-1].number),)
        rows[i - 1] = Row(cells=tuple(cells), where=above.where, page_break=above.page_break)


def _extract(table) -> list[list]:
    """Return the table's cells as lines, found as `Table.extract` finds them, with geometry."""
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
            cells.append(_cell_lines(lines, box))
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
    # (cells as lines, where, page_break, page_top) until the vocabulary is known; page_top
    # marks the rows down to the page's first row of the plan's own text
    raw_rows: list[tuple] = []
    width = None          # the plan table's number of columns
    first_page = last_page = None
    extra_rows: list[tuple[int, float, str]] = []   # other tables after the plan (a glossary)
    plan_boxes: dict[int, list[tuple]] = {}
    other_boxes: dict[int, list[tuple]] = {}   # their text is read as rows, not again as lines
    any_chars = False
    for index, page in enumerate(pdf.pages):
        any_chars = any_chars or bool(page.chars)
        for table in page.find_tables():
            cells = _extract(table)
            if not cells:
                continue
            texts = [[" ".join(t for t, _ in c or ()) for c in r] for r in cells]
            if width is None:
                if not any(read_header(t) for t in texts[:3]):
                    continue
                width, first_page = len(cells[0]), index
            if len(cells[0]) != width:
                extra_rows.extend((index, table.bbox[1], "\t".join(t)) for t in texts)
                other_boxes.setdefault(index, []).append(table.bbox)
                continue
            plan_boxes.setdefault(index, []).append(table.bbox)
            last_page = index
            top = True
            for r, (row, text) in enumerate(zip(cells, texts)):
                raw_rows.append((row, f"page {index + 1}", r == 0 and index != first_page, top))
                top = top and (is_number_row(text) or read_header(text) is not None)
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
        lines = _lines(page, boxes + other_boxes.get(index, []))
        if boxes:
            bottom = max(b[3] for b in boxes)
            lines = [ln for ln in lines if ln["top"] > bottom]
        extra = [{"top": top, "x0": 0.0, "x1": 0.0, "text": text, "page": index}
                 for (i, top, text) in extra_rows if i == index]
        page_lines = sorted([dict(ln, page=index) for ln in lines] + extra, key=lambda ln: ln["top"])
        after_lines.extend(page_lines)
        page.close()
    vocabulary = _vocabulary(raw_rows)
    rows = [Row(cells=tuple(_cell_paras(c, vocabulary) for c in cells), where=where,
                page_break=page_break) for cells, where, page_break, _ in raw_rows]
    _close_whole_words(rows, raw_rows, vocabulary)
    return Layout(file=file, format="pdf", before=tuple(_paragraphs(before_lines)),
                  rows=tuple(rows), after=tuple(_paragraphs(after_lines)), hyphens=True)
