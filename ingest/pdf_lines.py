"""Characters to lines of text, by geometry alone, and characters into a table's cells.

A line is the characters on one baseline, left to right; a word ends at a drawn space or
a gap wider than a sliver of the letters' height (letters of one word abut). The order in which the file draws its characters is never used: letters drawn from
a fallback font (Ө, Ү, Ң where the body font lacks them) come after the rest of the line.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from itertools import count, islice
from operator import itemgetter
from typing import NamedTuple

from .pdf_grid import BBox, Table
from .pdf_page import Char

LINE_TOLERANCE = 3.0   # points between two baselines of one line
WORD_GAP = 0.12       # of a letter's height: a wider gap between two letters is a space


# Char's fields by position (text 0, x0 1, x1 2, top 3, bottom 4, baseline 5, cx 6, cy 7): a
# page holds thousands of characters and a field by name costs a lookup each time; a page's
# glyphs (`PageContent.glyphs`) are plain tuples in the same order
_TEXT, _TOP, _BASELINE, _CX, _CY = (itemgetter(i) for i in (0, 3, 5, 6, 7))
_SPACE = re.compile(r"\s")


class Line(NamedTuple):
    """A line of text: its words joined by single spaces, its extent, its characters."""

    text: str
    x0: float
    x1: float
    chars: tuple[Char, ...]

    @property
    def top(self) -> float:
        """The top of the line's tallest letter (found when asked: the reader does not use it)."""
        return min(map(_TOP, self.chars))


class Word(NamedTuple):
    """A word: its text and extent."""

    text: str
    x0: float
    x1: float
    top: float


def _baselines(chars: list[Char]) -> list[list[Char]]:
    """Return `chars` grouped by baseline, top to bottom, each group left to right."""
    if not chars:
        return []
    ordered = sorted(chars, key=_BASELINE)
    baselines = list(map(_BASELINE, ordered))
    if baselines[-1] - baselines[0] <= LINE_TOLERANCE:   # sorted: the lowest and the highest
        return [sorted(ordered, key=_CX)]
    # a line's letters mostly share one baseline: the cuts are found among the distinct ones
    distinct = sorted(set(baselines))
    cuts = [bisect_left(baselines, b) for a, b in zip(distinct, islice(distinct, 1, None))
            if b - a > LINE_TOLERANCE]
    return [sorted(ordered[a:b], key=_CX) for a, b in zip([0] + cuts, cuts + [len(ordered)])]


def _words(line: list[Char]) -> list[list[Char]]:
    """Return a line's characters as words: a drawn space or a gap ends a word."""
    words: list[list[Char]] = []
    current: list[Char] = []
    end = 0.0
    for char in line:
        if char[0].isspace():
            if current:
                words.append(current)
            current = []
            continue
        if current and char[1] - end > WORD_GAP * (char[4] - char[3]):
            words.append(current)
            current = []
        current.append(char)
        end = char[2]
    if current:
        words.append(current)
    return words


def _line(group: list[Char]) -> Line | None:
    """Return the line of a baseline's characters (left to right), as `_words` parts them."""
    letters = "".join(map(_TEXT, group))
    # a gap between two neighbours ends a word (next to a drawn space it changes nothing)
    gaps = [i for i, a, b in zip(count(1), group, islice(group, 1, None))
            if b[1] - a[2] > WORD_GAP * (b[4] - b[3])]
    spaced = " ".join([letters[a:b] for a, b in zip([0] + gaps, gaps + [len(letters)])]) \
        if gaps else letters
    text = " ".join(spaced.split())
    if not text:
        return None
    kept = group
    if _SPACE.search(letters):   # drawn spaces: the characters between them
        at = [-1] + [m.start() for m in _SPACE.finditer(letters)] + [len(letters)]
        kept = []
        for a, b in zip(at, islice(at, 1, None)):
            kept += group[a + 1:b]
    return Line(text, kept[0][1], kept[-1][2], tuple(kept))


def chars_to_lines(chars: list[Char]) -> list[Line]:
    """Return the lines `chars` make, top to bottom."""
    lines = [_line(group) for group in _baselines(chars)]
    return [ln for ln in lines if ln is not None]


def chars_to_words(chars: list[Char]) -> list[list[Word]]:
    """Return the words `chars` make, line by line, top to bottom; a word's `top` is its
    line's baseline."""
    result = []
    for group in _baselines(chars):
        line = [Word("".join(map(_TEXT, w)), w[0][1], w[-1][2], group[0][5])
                for w in _words(group)]
        if line:
            result.append(line)
    return result


def chars_in_cells(chars: list[Char], table: Table) -> list[list[list[Char] | None]]:
    """Return the characters of each cell of `table` (None for a covered cell), row by row.

    A character belongs to the cell its box's centre falls in; rows and cells are found by
    bisection over the characters sorted by position, not by trying every box.
    """
    by_y = sorted(chars, key=_CY)
    ys = list(map(_CY, by_y))
    result = []
    for row in table.rows:
        x0, top, x1, bottom = row.bbox
        in_row = sorted(by_y[bisect_left(ys, top):bisect_left(ys, bottom)], key=_CX)
        xs = list(map(_CX, in_row))
        cells: list[list[Char] | None] = []
        for box in row.cells:
            if box is None:
                cells.append(None)
                continue
            found = in_row[bisect_left(xs, box[0]):bisect_left(xs, box[2])]
            if box[1] != top or box[3] != bottom:   # a cell shorter than its row
                found = [c for c in found if box[1] <= c[7] < box[3]]
            cells.append(found)
        result.append(cells)
    return result


def outside(chars: list[Char], boxes: list[BBox]) -> list[Char]:
    """Return the characters whose centre lies in none of `boxes`."""
    kept = chars
    for x0, top, x1, bottom in boxes:
        kept = [c for c in kept if not (x0 <= c[6] < x1 and top <= c[7] < bottom)]
    return kept
