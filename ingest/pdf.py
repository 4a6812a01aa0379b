"""The plan from a PDF (the published copy): the table across pages, the text around it.

PDFium (`pdf_page`) gives each page's characters and ruling lines; the lines give the
tables' cells (`pdf_grid`), and each cell's characters, ordered by where they stand, its
lines of text (`pdf_lines`). A header (and column-number row) repeated on every page is left
to `assemble`, which drops it; the first row of each page is marked, so that a row a page
break split is joined there. Lines of a cell are joined with a space, or without one after
a dash attached to a word ("иш-" / "чаралар"), or, on evidence, inside a word the cell's
edge broke (`pdf_words`). Pages are read one at a time.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from model.plan_warnings import place
from model.text import DASH, fold
from model.i18n import _

from .columns import is_number_row, read_header
from .errors import DamagedFile, EncryptedFile, NoPlanTable, NoTextLayer, UnmappedFont
from .layout import Doubt, Layout, Para, Row, join_words
from .pdf_grid import BBox, edges_to_tables
from .pdf_lines import Line, chars_in_cells, chars_to_lines, chars_to_words, outside
from .pdf_page import PdfOpenError, PdfReadError, open_document, read_page
from .pdf_safety import MAX_STREAM, MAX_TOTAL, unpacked_sizes
from .pdf_words import BROKEN_SLACK, bare, judge

_NUMBERED = re.compile(r"^\s*\d{1,2}\s*[.)]\s")
_HEADING = re.compile(r"^(колдонулган\s+кыскартуулар|используемые\s+сокращения|эскертүү|примечани)",
                      re.IGNORECASE)
_TAB_GAP = 14.0      # points between two words that mean a tab, not a space
_MAX_PADDING = 8.0   # points between a cell's border and its text, at most
_DASHES = re.compile(DASH)


def _slack(line: Line, below: Line | None, box: BBox) -> float | None:
    """Return how much room `line` leaves in its cell, in letters (of the line `below`).

    Only for a line that may be a word too long for its cell, broken where the cell ends:
    one word (a word with a hyphen would have been broken at the hyphen), starting at the
    cell's left padding, followed by a line that starts in lower case. None otherwise. The
    cell's last line is measured in its own letters: its rest may open the next page.
    """
    text = line.text.strip()
    if " " in text or _DASHES.search(text) or not text:
        return None
    if below is not None and (not below.chars or not below.text.strip()[:1].islower()):
        return None
    padding = line.x0 - box[0]
    if not 0 <= padding < _MAX_PADDING:
        return None
    letter = below.chars[0] if below is not None else None
    width = letter[2] - letter[1] if letter else (line.x1 - line.x0) / len(text)
    return (box[2] - padding - line.x1) / max(width, 0.1)


def _cell_lines(lines: list[Line], box: BBox) -> list[tuple[str, float | None]]:
    """Return a cell's lines as (text, slack before the next line)."""
    kept = [ln for ln in lines if ln.text.strip()]
    return [(ln.text.strip(), _slack(ln, kept[i + 1] if i + 1 < len(kept) else None, box))
            for i, ln in enumerate(kept)]


def _vocabulary(rows: list) -> set[str]:
    """Return the words the document prints whole.

    Only a tight line of one word can be the head of a broken word, and only the first
    word of the line after it its tail (or of a cell's first line on a page: the rest of a
    word the page break cut); every other word is whole.
    """
    words: set[str] = set()
    for cells, _where, _page_break, page_top in rows:
        for lines in cells:
            after_tight = page_top
            for text, slack in lines or ():
                parts = text.split()
                tight = len(parts) == 1 and slack is not None and slack < BROKEN_SLACK
                if not tight:
                    words.update(bare(w) for w in parts[1 if after_tight else 0:])
                after_tight = tight
    words.discard("")
    return words


def _is_broken(word: str, rest: str, slack: float | None, vocabulary: set[str]) -> bool:
    """Return True when `word` at the end of a line and `rest` on the next are one word."""
    return judge(word, rest, slack, vocabulary).join


def _cell_paras(lines: list[tuple[str, float | None]] | None, vocabulary: set[str],
                doubts: list[tuple[str, str]] | None = None) -> tuple[Para, ...] | None:
    """Return a cell's paragraphs from its lines; a numbered line ("2. ...") starts one.

    A join or space taken on weak evidence goes to `doubts` as (as read, the other reading).
    """
    if lines is None:
        return None
    paras: list[str] = []
    slack = None
    for text, next_slack in lines:
        if not paras or _NUMBERED.match(text):
            paras.append(text)
        else:
            word = paras[-1].rsplit(" ", 1)[-1]
            verdict = judge(word, text, slack, vocabulary)
            joined, spaced = paras[-1] + text, join_words(paras[-1], text, hyphens=True)
            paras[-1] = joined if verdict.join else spaced
            if not verdict.certain and doubts is not None:
                pair = f"{word}{text.split()[0]}", f"{word} {text.split()[0]}"
                doubts.append(pair if verdict.join else pair[::-1])
        slack = next_slack
    result = [Para(fold(p)) for p in paras]
    if result and slack is not None and slack < BROKEN_SLACK \
            and bare(paras[-1].rsplit(" ", 1)[-1]) not in vocabulary:
        # a word broken at the bottom of the page: its rest opens the cell on the next page
        result[-1] = Para(result[-1].text, result[-1].number, open_end=True)
    return tuple(result)


def _close_whole_words(rows: list[Row], raw_rows: list[tuple], vocabulary: set[str],
                       doubts: list[Doubt]) -> None:
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
            rest = opening[0].text if opening else ""
            word = cell[-1].text.rsplit(" ", 1)[-1]
            verdict = judge(word, rest, 0.0, vocabulary)
            if not verdict.join:
                cells[c] = cell[:-1] + (Para(cell[-1].text, cell[-1].number),)
            if rest.split() and not verdict.certain:
                pair = f"{word}{rest.split()[0]}", f"{word} {rest.split()[0]}"
                chosen, other = pair if verdict.join else pair[::-1]
                doubts.append(Doubt(c, chosen, other, rows[below].where))
        rows[i - 1] = Row(cells=tuple(cells), where=above.where, page_break=above.page_break)


def _rows(raw_rows: list[tuple], vocabulary: set[str]) -> tuple[list[Row], list[Doubt]]:
    """Return the table's rows from their lines, with the readings taken on weak evidence."""
    rows: list[Row] = []
    doubts: list[Doubt] = []
    for cells, where, page_break, _page_top in raw_rows:
        paras = []
        for c, lines in enumerate(cells):
            found: list[tuple[str, str]] = []
            paras.append(_cell_paras(lines, vocabulary, found))
            doubts.extend(Doubt(c, chosen, other, where) for chosen, other in found)
        rows.append(Row(cells=tuple(paras), where=where, page_break=page_break))
    _close_whole_words(rows, raw_rows, vocabulary, doubts)
    return rows, doubts


def _extract(table, chars) -> list[list]:
    """Return the table's cells as lines of text, each with the room it leaves (or None)."""
    result = []
    for row, cells in zip(table.rows, chars_in_cells(chars, table)):
        result.append([None if box is None else _cell_lines(chars_to_lines(found), box)
                       for box, found in zip(row.cells, cells)])
    return result


def _lines(chars, exclude: list[BBox]) -> list[dict]:
    """Return the text lines outside the `exclude` boxes, top to bottom (`top`: the baseline)."""
    lines: list[dict] = []
    for words in chars_to_words(outside(chars, exclude)):
        text = words[0].text
        for before, w in zip(words, words[1:]):
            text += ("\t" if w.x0 - before.x1 > _TAB_GAP else " ") + w.text
        lines.append({"top": words[0].top, "x0": words[0].x0, "x1": words[-1].x1, "text": text})
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


_UNMAPPED_SHARE = 0.1   # of a page's characters: more without a letter, and the PDF is refused
_MIN_UNMAPPED = 20      # characters: a few odd symbols on a page are no reason


def _refuse_unmapped(file: str):
    raise UnmappedFont(_("the PDF's fonts do not say which letters they draw: export it again "
                         "from Word, or OCR it"), file=file)


def _pages(document, file: str, progress: Callable[[int, int], None] | None):
    """Yield (index, content) for each page in turn, one page in memory at a time."""
    total = len(document)
    for index in range(total):
        try:
            content = read_page(document, index)
        except PdfReadError:
            raise DamagedFile(_("page {page} of the PDF is damaged: ask for the file again or "
                                "export it again from Word").format(page=index + 1),
                              file=file) from None
        if content.unmapped >= _MIN_UNMAPPED \
                and content.unmapped > _UNMAPPED_SHARE * len(content.glyphs):
            _refuse_unmapped(file)
        yield index, content
        if progress is not None:
            progress(index + 1, total)


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Hold off Python's cycle collector while the pages are read, then let it run again.

    A page's letters are thousands of new objects, and each 700 of them start a collection
    that finds nothing: reading a page leaves no reference cycles (tests/test_pdf_page.py),
    so every object is freed as soon as it is done with all the same (Mercurial's `nogc`
    does the same for its large containers).
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def pdf_to_layout(path: str | Path, file: str,
                  progress: Callable[[int, int], None] | None = None) -> Layout:
    """Return the Layout of a PDF whose plan table is drawn with ruling lines.

    `progress`, when given, is called with (pages read, pages in all) after each page.
    """
    largest, total = unpacked_sizes(path)
    if largest > MAX_STREAM or total > MAX_TOTAL:
        raise DamagedFile(_("the PDF holds data that unpacks to more than {mb} MB (a damaged or "
                            "hostile file): ask for the file again or export it again from Word")
                          .format(mb=(MAX_STREAM if largest > MAX_STREAM else MAX_TOTAL) >> 20),
                          file=file)
    try:
        document = open_document(str(path))
    except PdfOpenError as exc:
        if exc.reason == "password":
            raise EncryptedFile(_("the PDF is password-protected: save a copy without the "
                                  "password"), file=file) from None
        raise DamagedFile(_("the PDF is damaged or incomplete: ask for the file again or export "
                            "it again from Word"), file=file) from None
    try:
        with _no_cycle_collection():
            return _read(document, file, progress)
    finally:
        document.close()


class _Pages:
    """The plan's rows and the text around them, gathered page by page."""

    def __init__(self):
        # (cells as lines, where, page_break, page_top); page_top marks the rows down to the
        # page's first row of the plan's own text
        self.raw_rows: list[tuple] = []
        self.width: int | None = None          # the plan table's number of columns
        self.first_page: int | None = None
        self.before: list[dict] = []   # lines down to the plan table's top
        self.after: list[dict] = []    # lines since the plan table's last bottom
        self.chars = self.images = 0

    def add(self, index: int, content) -> None:
        self.chars += len(content.glyphs)
        self.images += content.images
        plan_boxes: list[BBox] = []
        other_boxes: list[BBox] = []   # their text is read as rows, not again as lines
        extra: list[dict] = []         # other tables' rows after the plan (a glossary)
        for table in edges_to_tables(list(content.edges)):
            cells = _extract(table, content.glyphs)
            if not cells:
                continue
            texts = [[" ".join(t for t, _ in c or ()) for c in r] for r in cells]
            if self.width is None:
                if not any(read_header(t) for t in texts[:3]):
                    continue
                self.width, self.first_page = len(cells[0]), index
            if len(cells[0]) != self.width:
                extra.extend({"top": table.bbox[1], "x0": 0.0, "x1": 0.0, "text": "\t".join(t),
                              "page": index} for t in texts)
                other_boxes.append(table.bbox)
                continue
            plan_boxes.append(table.bbox)
            top = True
            for r, (row, text) in enumerate(zip(cells, texts)):
                self.raw_rows.append((row, place("page", page=index + 1), r == 0 and index != self.first_page, top))
                top = top and (is_number_row(text) or read_header(text) is not None)
        self.add_lines(index, content.glyphs, plan_boxes, other_boxes, extra)

    def add_lines(self, index: int, chars, plan_boxes: list[BBox], other_boxes: list[BBox],
                  extra: list[dict]) -> None:
        """Keep the page's text outside the tables that may be before or after the plan."""
        if self.width is None or index == self.first_page:
            lines = _lines(chars, plan_boxes)
            if plan_boxes:
                lines = [ln for ln in lines if ln["top"] < min(b[1] for b in plan_boxes)]
            self.before.extend(dict(ln, page=index) for ln in lines)
        if self.width is None:
            return
        lines = _lines(chars, plan_boxes + other_boxes)
        if plan_boxes:
            bottom = max(b[3] for b in plan_boxes)
            lines = [ln for ln in lines if ln["top"] > bottom]
            self.after = []   # the plan goes on: what came after its last page is inside it
        self.after.extend(sorted([dict(ln, page=index) for ln in lines] + extra,
                                 key=lambda ln: ln["top"]))


def _read(document, file: str, progress) -> Layout:
    pages = _Pages()
    for index, content in _pages(document, file, progress):
        pages.add(index, content)
    if pages.width is None:
        if not pages.chars and pages.images:
            raise NoTextLayer(_("no text layer: run OCR first (the PDF holds only pictures of "
                                "pages)"), file=file)
        if not pages.chars:
            raise NoPlanTable(_("the PDF holds no text and no pictures of text: its pages are "
                                "empty or only drawn"), file=file)
        raise NoPlanTable(_("no plan table found: no table with the plan's header (№, Милдеттер "
                            "/ Задачи, Иш-чаралар / Мероприятия, ...) and ruled cell borders"),
                          file=file)
    vocabulary = _vocabulary(pages.raw_rows)
    rows, doubts = _rows(pages.raw_rows, vocabulary)
    return Layout(file=file, format="pdf", before=tuple(_paragraphs(pages.before)),
                  rows=tuple(rows), after=tuple(_paragraphs(pages.after)), hyphens=True,
                  doubts=tuple(doubts))
