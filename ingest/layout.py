"""What every reader hands on: the document as paragraphs and table rows, format left behind.

A reader (txt, docx, pdf) turns its file into a `Layout`; `ingest.assemble` turns a Layout
into plan records. The rules of the plan live there, not in the readers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cached_property

from model.plan_warnings import place
from model.text import DASH, fold, has_controls, strip_controls

_ATTACHED_DASH = re.compile(r"\w" + DASH + "$")
# a line break (Word's Shift+Enter, HTML's <br>) followed by a measure number: "…\n2. …"
_NUMBERED_LINE = re.compile(r"\n(?=[^\S\n]*\d{1,2}[^\S\n]*[.)]\s)")


def split_numbered_lines(text: str) -> list[str]:
    """Return `text` cut before each line break that a measure number follows.

    "1. Иш-чара\n2. Башка иш-чара" typed in one paragraph gives two pieces, as two
    paragraphs would; other line breaks stay in their piece (folding makes them spaces).
    """
    return _NUMBERED_LINE.split(text) if "\n" in text else [text]


def join_words(left: str, right: str, *, hyphens: bool = False) -> str:
    """Return `left` and `right` joined by one space.

    With `hyphens` (lines of a PDF), a line that ends in a dash attached to a word
    ("2025–2027-" / "жылдар") continues without the space.
    """
    left, right = left.rstrip(), right.lstrip()
    if not left:
        return right
    if not right:
        return left
    # only the last two letters can match: searched there, not along the whole paragraph
    if hyphens and _ATTACHED_DASH.match(left, len(left) - 2):
        return left + right
    return f"{left} {right}"


@dataclass(frozen=True)
class Para:
    """A paragraph of a cell, its spaces folded; `number` is its Word automatic number.

    `open_end` marks a paragraph whose last word a page break cut in two (seen in a PDF):
    the rest of the word opens the same cell on the next page.
    """

    text: str
    number: int | None = None
    open_end: bool = False


# A cell is its paragraphs; None where a merged cell covers it (vertical merge, or a
# horizontal span to its left).
Cell = tuple[Para, ...] | None


def cell_text(cell: Cell) -> str:
    """Return the cell's paragraphs as one line (readers fold each paragraph's spaces)."""
    if not cell:
        return ""
    if len(cell) == 1:
        return cell[0].text
    return " ".join(p.text for p in cell if p.text)


@dataclass(frozen=True)
class Row:
    """A table row as the reader saw it.

    `page_break` is True for the first row after a page break: it may be the rest of the
    row a page break split. `where` names the place for messages ("page 3", "line 41").
    """

    cells: tuple[Cell, ...]
    where: str
    page_break: bool = False

    @cached_property
    def texts(self) -> tuple[str, ...]:
        """Return each cell's text ("" for an empty or covered cell)."""
        return tuple(cell_text(c) for c in self.cells)


@dataclass(frozen=True)
class Doubt:
    """A reading the reader took on weak evidence, for a warning on the measure.

    `chosen` is the text as read, `other` the reading it might have been; `column` the
    table column it lies in, `where` the place ("page 3").
    """

    column: int
    chosen: str
    other: str
    where: str


@dataclass(frozen=True)
class Layout:
    """The document: paragraphs before the plan table, its rows, and paragraphs after it.

    `before` and `after` are whole paragraphs (soft line wraps already joined).
    `hyphens` tells whether pieces of a split row are lines of print (PDF), so that a
    dash at the end of a piece joins the next without a space. `doubts` are the readings
    taken on weak evidence.
    """

    file: str
    format: str
    before: tuple[str, ...]
    rows: tuple[Row, ...]
    after: tuple[str, ...]
    hyphens: bool = False
    doubts: tuple[Doubt, ...] = ()


def without_controls(layout: Layout) -> tuple[Layout, tuple[str, ...]]:
    """Return `layout` with control characters (other than tab and newline) removed from its
    texts, and the places ("line 41", "table 1, row 5", "the heading") where any were.

    They are no letters of the plan (a stray ESC or BEL from a copy), XML cannot hold them, and
    on a terminal they garble or forge what the clerk sees.
    """
    places: list[str] = []

    def clean(text: str, where: str) -> str:
        if has_controls(text):
            if where not in places:
                places.append(where)
            return fold(strip_controls(text)) if text == fold(text) else strip_controls(text)
        return text

    def clean_cell(cell: Cell, where: str) -> Cell:
        if cell is None:
            return None
        return tuple(replace(p, text=clean(p.text, where)) for p in cell)

    before = tuple(clean(t, place("above")) for t in layout.before)
    rows = tuple(r if not any(has_controls(t) for t in r.texts) else
                 replace(r, cells=tuple(clean_cell(c, r.where) for c in r.cells))
                 for r in layout.rows)
    after = tuple(clean(t, place("below")) for t in layout.after)
    if not places:
        return layout, ()
    return replace(layout, before=before, rows=rows, after=after), tuple(places)
