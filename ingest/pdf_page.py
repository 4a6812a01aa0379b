"""What PDFium (pypdfium2) sees on a page: its characters with their boxes, its ruling lines.

Every call into the library is here, each guarded for the errors that library raises for a
broken file. Coordinates are turned to points from the page's top-left corner, as in
`pdf_grid`.
"""

from __future__ import annotations

import ctypes
import re
from array import array
from collections import deque
from dataclasses import dataclass
from itertools import repeat
from typing import NamedTuple

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .pdf_grid import Edge

_THIN = 3.0        # points: a path thinner than this is a ruling line, not a box
_MAX_SEGMENTS = 5  # a rectangle is four lines and a close; anything more is a drawing
_MAX_DEPTH = 15    # forms inside forms followed this deep, as pypdfium2's get_objects does


class Char(NamedTuple):
    """A character drawn on the page: its text, its box (the font's, not the glyph's), and
    the baseline it stands on (fonts of one line differ in their boxes, not in that)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    baseline: float
    cx: float  # the box's centre, which places the character in a cell
    cy: float


@dataclass(frozen=True)
class PageContent:
    """A page as read: its characters, its ruling lines, and what else it shows.

    `glyphs` are the characters as plain tuples in `Char`'s order of fields (the reader
    indexes them; a Char each would cost a second object per character), `chars` the same
    as Chars; `unmapped` counts the characters whose font does not say which letter they
    are; `images` the pictures on the page.
    """

    glyphs: tuple[tuple, ...]
    edges: tuple[Edge, ...]
    unmapped: int
    images: int

    @property
    def chars(self) -> tuple[Char, ...]:
        return tuple(map(Char._make, self.glyphs))


class PdfOpenError(Exception):
    """PDFium could not open the file; `reason` is PDFium's own ("password", "format", ...)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class PdfReadError(Exception):
    """PDFium could not read a page of the file."""


def open_document(path: str) -> pdfium.PdfDocument:
    """Return the PDF at `path`, opened by PDFium (which repairs a damaged cross-reference)."""
    try:
        return pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        code = pdfium_c.FPDF_GetLastError()
        reason = {pdfium_c.FPDF_ERR_PASSWORD: "password",
                  pdfium_c.FPDF_ERR_SECURITY: "password"}.get(code, "format")
        raise PdfOpenError(reason) from exc


def _by_address(function, restype, *argtypes):
    """Return `function` of PDFium called with plain addresses for its handles and pointers.

    pypdfium2's own prototype wants a ctypes object per handle and per output, and ctypes'
    casts of them make reference cycles; given addresses, each character's result is
    written straight into one array for the page (`array.array`), read back at once.
    """
    address = ctypes.cast(function, ctypes.c_void_p).value
    return ctypes.CFUNCTYPE(restype, *argtypes)(address)


def _address(handle) -> int:
    """Return the address a pypdfium2 handle (a ctypes pointer) holds."""
    return ctypes.c_void_p.from_address(ctypes.addressof(handle)).value or 0


def _per_char(function, restype):
    """Return `function` of PDFium for a call per character, at the least cost ctypes has.

    With no argument types declared, ctypes passes an int as a C int and a `byref` as the
    pointer it holds, each without a converter of its own (the converters were a third of a
    call); the call keeps the interpreter's lock, which a sub-microsecond call does not pay
    to give up and take back. Pointers go as `_pointer`s, indexes as ints.
    """
    address = ctypes.cast(function, ctypes.c_void_p).value
    return ctypes.PYFUNCTYPE(restype)(address)


def _places(values: array, size: int, count: int):
    """Return pointers to `count` places of `size` bytes each in `values`, in turn: the
    first byte of `values` as a ctypes object, and each place at its offset from it (an
    array type of the page's length would be a new type, with its cycles, for each page)."""
    return map(ctypes.byref, repeat(ctypes.c_char.from_buffer(values), count),
               range(0, size * count, size))


def _pointer(address: int):
    """Return `address` as a pointer argument of a `_per_char` function."""
    return ctypes.byref(ctypes.c_char.from_address(address))


_P, _I = ctypes.c_void_p, ctypes.c_int
_GET_TEXT = _by_address(pdfium_c.FPDFText_GetText, _I, _P, _I, _I, _P)
_UNICODE = _by_address(pdfium_c.FPDFText_GetUnicode, ctypes.c_uint, _P, _I)
# (text page, index, box): the box's four floats, left, top, right, bottom (from the
# page's bottom)
_LOOSE_BOX = _per_char(pdfium_c.FPDFText_GetLooseCharBox, _I)
_ORIGIN = _per_char(pdfium_c.FPDFText_GetCharOrigin, _I)   # (text page, index, x, y)
_MAP_ERROR = _per_char(pdfium_c.FPDFText_HasUnicodeMapError, _I)   # (text page, index)
_COUNT_OBJECTS = {False: _by_address(pdfium_c.FPDFPage_CountObjects, _I, _P),
                  True: _by_address(pdfium_c.FPDFFormObj_CountObjects, _I, _P)}
_GET_OBJECT = {False: _by_address(pdfium_c.FPDFPage_GetObject, _P, _P, _I),
               True: _by_address(pdfium_c.FPDFFormObj_GetObject, _P, _P, _I)}
_OBJECT_TYPE = _by_address(pdfium_c.FPDFPageObj_GetType, _I, _P)
# an object's bounds: left, bottom, right, top
_BOUNDS = _by_address(pdfium_c.FPDFPageObj_GetBounds, _I, _P, _P, _P, _P, _P)
_SEGMENTS = _by_address(pdfium_c.FPDFPath_CountSegments, _I, _P)
_MAP_SAMPLE = 4  # a font without a map fails every letter it draws: every fourth letter tells
_HYPHENS = {0x02: "-", 0xFFFE: "-"}


def _text(raw: int, count: int) -> str:
    """Return the text page's `count` characters, one letter each, in one call when it can."""
    units = array("H", bytes(2 * (count + 1)))
    written = _GET_TEXT(raw, 0, count, units.buffer_info()[0])
    text = units.tobytes()[:2 * max(written - 1, 0)].decode("utf-16-le", "surrogatepass")
    if len(text) != count:  # letters beyond the first 65,536 take two units: one at a time
        text = "".join(chr(_UNICODE(raw, i)) for i in range(count))
    return text


def _geometry(raw: int, count: int) -> tuple[list[int], list[float], list[float]]:
    """Return, for each of the text page's `count` characters, whether it has a box, its box
    (four floats: left, top, right, bottom, from the page's bottom) and its baseline."""
    if not count:
        return [], [], []
    boxes, ys = array("f", bytes(16 * count)), array("d", bytes(8 * count))
    page, x = _pointer(raw), ctypes.byref(ctypes.c_double())   # the origin's x is not kept
    # map() over ranges: the calls run without a Python loop around them, each writing into
    # the arrays at its character's place (a byref with an offset)
    found = list(map(_LOOSE_BOX, repeat(page, count), range(count),
                     _places(boxes, 16, count)))
    deque(map(_ORIGIN, repeat(page, count), range(count), repeat(x, count),
              _places(ys, 8, count)), maxlen=0)
    return found, boxes.tolist(), ys.tolist()


_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ue000-\uf8ff\ufffd]")


def _unmapped(raw: int, text: str) -> int:
    """Return how many of the page's characters name no letter: codes no font maps to a
    letter, and (sampled) those whose font has no map from its glyphs to letters."""
    bad = len(_BAD.findall(text.replace("\x02", "-")))
    sample = range(0, len(text), _MAP_SAMPLE)
    errors = list(map(_MAP_ERROR, repeat(_pointer(raw), len(sample)), sample))
    if 1 not in errors:   # a font with a map: no letter fails
        return bad
    return bad + sum(1 for i, error in zip(sample, errors)
                     if error == 1 and not _BAD.match(text, i))


def _chars(textpage, height: float) -> tuple[list[tuple], int]:
    """Return the page's drawn characters (as plain tuples in `Char`'s order of fields), and
    how many have no letter their font would name."""
    count = pdfium_c.FPDFText_CountChars(textpage.raw)
    raw = _address(textpage.raw)
    text = _text(raw, count)
    found, boxes, baselines = _geometry(raw, count)
    # PDFium makes up spaces (and takes some of the file's for its own) in the order the file
    # draws, which puts them inside words drawn in two fonts: words are parted by the gaps
    # between letters instead (pdf_lines). A made-up character has no extent (its box is
    # the point where it stands), which tells it without asking PDFium again.
    # A hyphen PDFium took for one ending a line (\x02, \ufffe) is a hyphen as drawn.
    letters = text.translate(_HYPHENS) if "\x02" in text or "\ufffe" in text else text
    chars = [(letter, left, right, height - top, height - bottom, height - baseline,
              (left + right) * 0.5, height - (top + bottom) * 0.5)
             for letter, ok, left, top, right, bottom, baseline
             in zip(letters, found, boxes[0::4], boxes[1::4], boxes[2::4],
                    boxes[3::4], baselines)
             if ok and letter != "\r" and letter != "\n"
             and not (letter == " " and left == right and top == bottom)]
    return chars, _unmapped(raw, text)


def _objects(parent: int, form: bool = False, depth: int = 0):
    """Yield (type, address) of each path and image object of a page, and of the forms it
    draws, as pypdfium2's `get_objects` finds them, without a helper object for each."""
    count = _COUNT_OBJECTS[form](parent)
    if count < 0:
        raise pdfium.PdfiumError("Failed to get number of pageobjects.")
    get = _GET_OBJECT[form]
    for i in range(count):
        obj = get(parent, i)
        if not obj:
            raise pdfium.PdfiumError("Failed to get pageobject.")
        kind = _OBJECT_TYPE(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH or kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            yield kind, obj
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < _MAX_DEPTH - 1:
            yield from _objects(obj, True, depth + 1)


def _edges(page, height: float) -> tuple[list[Edge], int]:
    """Return the ruling lines of the page's path objects (lines and the sides of boxes),
    and how many images the page holds."""
    edges: list[Edge] = []
    images = 0
    bounds = array("f", bytes(16))
    at = bounds.buffer_info()[0]
    for kind, obj in _objects(_address(page.raw)):
        if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            images += 1
            continue
        if not _BOUNDS(obj, at, at + 4, at + 8, at + 12):
            raise pdfium.PdfiumError("Failed to locate pageobject.")
        left, bottom, right, top = bounds
        top, bottom = height - top, height - bottom
        width, tall = right - left, bottom - top
        if tall <= _THIN and width > tall:
            y = (top + bottom) / 2
            edges.append(Edge("h", left, y, right, y))
        elif width <= _THIN and tall > width:
            x = (left + right) / 2
            edges.append(Edge("v", x, top, x, bottom))
        elif _SEGMENTS(obj) <= _MAX_SEGMENTS:
            edges += [Edge("h", left, top, right, top), Edge("h", left, bottom, right, bottom),
                      Edge("v", left, top, left, bottom), Edge("v", right, top, right, bottom)]
    return edges, images


def read_page(document: pdfium.PdfDocument, index: int) -> PageContent:
    """Return what page `index` of `document` holds; its memory is freed before this returns."""
    try:
        page = document[index]
    except pdfium.PdfiumError as exc:
        raise PdfReadError(str(exc)) from exc
    try:
        height = page.get_height()
        textpage = page.get_textpage()
        try:
            chars, unmapped = _chars(textpage, height)
        finally:
            textpage.close()
        edges, images = _edges(page, height)
    except pdfium.PdfiumError as exc:
        raise PdfReadError(str(exc)) from exc
    finally:
        page.close()
    return PageContent(glyphs=tuple(chars), edges=tuple(edges), unmapped=unmapped, images=images)
