"""Characters to lines of text, by geometry alone, and characters into a table's cells.

A line is the characters on one baseline, left to right; a word ends at a drawn space or
a gap wider than a sliver of the letters' height (letters of one word abut). The order in which the file draws its characters is never used: letters drawn from
a fallback font (Ө, Ү, Ң where the body font lacks them) come after the rest of the line.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import NamedTuple

from .pdf_grid import BBox, Table
from .pdf_page import Char

LINE_TOLERANCE = 3.0   # points between two baselines of one line
WORD_GAP = 0.12       # of a letter's height: a wider gap between two letters is a space


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


def _baselines(chars: list[Char]) -> list[list[Char]]:
    """Return `chars` grouped by baseline, top to bottom, each group left to right."""
    groups: list[list[Char]] = []
    for char in sorted(chars, key=lambda c: c.baseline):
        if groups and char.baseline - groups[-1][-1].baseline <= LINE_TOLERANCE:
            groups[-1].append(char)
        else:
            groups.append([char])
    return [sorted(g, key=lambda c: (c.x0 + c.x1) / 2) for g in groups]


def _words(line: list[Char]) -> list[list[Char]]:
    """Return a line's characters as words: a drawn space or a gap ends a word."""
    words: list[list[Char]] = []
    current: list[Char] = []
    for char in line:
        if char.text.isspace():
            if current:
                words.append(current)
            current = []
            continue
        if current and char.x0 - current[-1].x1 > WORD_GAP * (char.bottom - char.top):
            words.append(current)
            current = []
        current.append(char)
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
        text = " ".join("".join(c.text for c in w) for w in words)
        kept = tuple(c for w in words for c in w)
        lines.append(Line(text, words[0][0].x0, words[-1][-1].x1, min(c.top for c in kept), kept))
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


def _centre_y(char: Char) -> float:
    return (char.top + char.bottom) / 2


def chars_in_cells(chars: list[Char], table: Table) -> list[list[list[Char] | None]]:
    """Return the characters of each cell of `table` (None for a covered cell), row by row.

    A character belongs to the cell its box's centre falls in; rows and cells are found by
    bisection over the characters sorted by position, not by trying every box.
    """
    by_y = sorted(chars, key=_centre_y)
    ys = [_centre_y(c) for c in by_y]
    result = []
    for row in table.rows:
        x0, top, x1, bottom = row.bbox
        in_row = by_y[bisect_left(ys, top):bisect_left(ys, bottom)]
        in_row.sort(key=lambda c: (c.x0 + c.x1) / 2)
        xs = [(c.x0 + c.x1) / 2 for c in in_row]
        cells: list[list[Char] | None] = []
        for box in row.cells:
            cells.append(None if box is None else _within(in_row, xs, box))
        result.append(cells)
    return result


def _within(chars: list[Char], xs: list[float], box: BBox) -> list[Char]:
    """Return the characters of a row (sorted by x, centres `xs`) whose centre is in `box`."""
    found = chars[bisect_left(xs, box[0]):bisect_left(xs, box[2])]
    return [c for c in found if box[1] <= _centre_y(c) < box[3]]


def outside(chars: list[Char], boxes: list[BBox]) -> list[Char]:
    """Return the characters whose centre lies in none of `boxes`."""
    def free(c: Char) -> bool:
        x, y = (c.x0 + c.x1) / 2, _centre_y(c)
        return not any(b[0] <= x < b[2] and b[1] <= y < b[3] for b in boxes)
    return [c for c in chars if free(c)]
