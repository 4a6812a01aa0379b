"""Characters to lines of text, by geometry alone, and characters into a table's cells.

A line is the characters on one baseline, left to right; a word ends at a drawn space or
a gap wider than a sliver of the letters' height (letters of one word abut). The order in which the file draws its characters is never used: letters drawn from
a fallback font (Ө, Ү, Ң where the body font lacks them) come after the rest of the line.
"""

from __future__ import annotations

from bisect import bisect_left
from operator import attrgetter
from typing import NamedTuple

from .pdf_grid import BBox, Table
from .pdf_page import Char

LINE_TOLERANCE = 3.0   # points between two baselines of one line
WORD_GAP = 0.12       # of a letter's height: a wider gap between two letters is a space


_BASELINE, _CX, _CY = attrgetter("baseline"), attrgetter("cx"), attrgetter("cy")


class Line(NamedTuple):
    """A line of text: its words joined by single spaces, its extent, its characters."""

    text: str
    x0: float
    x1: float
    top: float
    chars: tuple[Char, ...]


class Word(NamedTuple):
    """A word: its text and extent."""

    text: str
    x0: float
    x1: float
    top: float


# The loops below index Char's fields (text 0, x0 1, x1 2, top 3, bottom 4, baseline 5):
# a page holds thousands of characters and a field by name costs a lookup each time.

def _baselines(chars: list[Char]) -> list[list[Char]]:
    """Return `chars` grouped by baseline, top to bottom, each group left to right."""
    groups: list[list[Char]] = []
    last = None
    for char in sorted(chars, key=_BASELINE):
        baseline = char[5]
        if last is not None and baseline - last <= LINE_TOLERANCE:
            groups[-1].append(char)
        else:
            groups.append([char])
        last = baseline
    return [sorted(g, key=_CX) for g in groups]


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


def chars_to_lines(chars: list[Char]) -> list[Line]:
    """Return the lines `chars` make, top to bottom."""
    lines = []
    for group in _baselines(chars):
        words = _words(group)
        if not words:
            continue
        text = " ".join(["".join([c[0] for c in w]) for w in words])
        kept = tuple([c for w in words for c in w])
        lines.append(Line(text, words[0][0][1], words[-1][-1][2], min([c[3] for c in kept]), kept))
    return lines


def chars_to_words(chars: list[Char]) -> list[list[Word]]:
    """Return the words `chars` make, line by line, top to bottom; a word's `top` is its
    line's baseline."""
    result = []
    for group in _baselines(chars):
        line = [Word("".join(c.text for c in w), w[0].x0, w[-1].x1, group[0].baseline)
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
    ys = [c.cy for c in by_y]
    result = []
    for row in table.rows:
        x0, top, x1, bottom = row.bbox
        in_row = sorted(by_y[bisect_left(ys, top):bisect_left(ys, bottom)], key=_CX)
        xs = [c.cx for c in in_row]
        cells: list[list[Char] | None] = []
        for box in row.cells:
            cells.append(None if box is None else _within(in_row, xs, box))
        result.append(cells)
    return result


def _within(chars: list[Char], xs: list[float], box: BBox) -> list[Char]:
    """Return the characters of a row (sorted by x, centres `xs`) whose centre is in `box`."""
    top, bottom = box[1], box[3]
    return [c for c in chars[bisect_left(xs, box[0]):bisect_left(xs, box[2])]
            if top <= c.cy < bottom]


def outside(chars: list[Char], boxes: list[BBox]) -> list[Char]:
    """Return the characters whose centre lies in none of `boxes`."""
    kept = chars
    for x0, top, x1, bottom in boxes:
        kept = [c for c in kept if not (x0 <= c.cx < x1 and top <= c.cy < bottom)]
    return kept
