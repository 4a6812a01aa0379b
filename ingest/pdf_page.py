"""What PDFium (pypdfium2) sees on a page: its characters with their boxes, its ruling lines.

Every call into the library is here, each guarded for the errors that library raises for a
broken file. Coordinates are turned to points from the page's top-left corner, as in
`pdf_grid`.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass
from typing import NamedTuple

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .pdf_grid import Edge

_THIN = 3.0        # points: a path thinner than this is a ruling line, not a box
_MAX_SEGMENTS = 5  # a rectangle is four lines and a close; anything more is a drawing


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

    `unmapped` counts the characters whose font does not say which letter they are;
    `images` the pictures on the page.
    """

    chars: tuple[Char, ...]
    edges: tuple[Edge, ...]
    unmapped: int
    images: int


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


def _codes(raw, count: int) -> list[int]:
    """Return the code of each of the text page's `count` characters, in one call when it can."""
    buffer = ctypes.create_string_buffer(2 * (count + 1))
    pointer = ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort))
    written = pdfium_c.FPDFText_GetText(raw, 0, count, pointer)
    units = buffer.raw[:2 * max(written - 1, 0)]
    codes = list(memoryview(units).cast("H"))
    if len(codes) != count:  # letters beyond the first 65,536 take two units: one at a time
        codes = [pdfium_c.FPDFText_GetUnicode(raw, i) for i in range(count)]
    return codes


def _chars(textpage, height: float) -> tuple[list[Char], int]:
    """Return the page's drawn characters, and how many have no letter their font would name."""
    raw = textpage.raw
    count = pdfium_c.FPDFText_CountChars(raw)
    rect = pdfium_c.FS_RECTF()
    generated, map_error = pdfium_c.FPDFText_IsGenerated, pdfium_c.FPDFText_HasUnicodeMapError
    box, origin = pdfium_c.FPDFText_GetLooseCharBox, pdfium_c.FPDFText_GetCharOrigin
    ox, oy = ctypes.c_double(), ctypes.c_double()
    chars: list[Char] = []
    unmapped = 0
    new = tuple.__new__  # a Char without NamedTuple's slower constructor: a page has thousands
    for i, code in enumerate(_codes(raw, count)):
        if code == 0x0D or code == 0x0A:
            continue
        if code == 0x02 or code == 0xFFFE:
            code = 0x2D  # a hyphen PDFium took for one ending a line: a hyphen as drawn
        # PDFium makes up spaces (and takes some of the file's for its own) in the order the
        # file draws, which puts them inside words drawn in two fonts: words are parted by
        # the gaps between letters instead (pdf_lines)
        if code == 0x20 and generated(raw, i) == 1:
            continue
        # a font without a map fails every letter it draws: every fourth letter tells
        if 0xE000 <= code <= 0xF8FF or code == 0xFFFD or code < 0x20 and code != 0x09 or \
                not i % 4 and map_error(raw, i) == 1:
            unmapped += 1
        if not box(raw, i, rect):
            continue
        origin(raw, i, ox, oy)
        left, right, top, bottom = rect.left, rect.right, height - rect.top, height - rect.bottom
        chars.append(new(Char, (chr(code), left, right, top, bottom, height - oy.value,
                                (left + right) * 0.5, (top + bottom) * 0.5)))
    return chars, unmapped


def _edges(page, height: float) -> tuple[list[Edge], int]:
    """Return the ruling lines of the page's path objects (lines and the sides of boxes),
    and how many images the page holds."""
    edges: list[Edge] = []
    images = 0
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_IMAGE]):
        if obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            images += 1
            continue
        left, bottom, right, top = obj.get_bounds()
        top, bottom = height - top, height - bottom
        width, tall = right - left, bottom - top
        if tall <= _THIN and width > tall:
            y = (top + bottom) / 2
            edges.append(Edge("h", left, y, right, y))
        elif width <= _THIN and tall > width:
            x = (left + right) / 2
            edges.append(Edge("v", x, top, x, bottom))
        elif pdfium_c.FPDFPath_CountSegments(obj.raw) <= _MAX_SEGMENTS:
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
    return PageContent(chars=tuple(chars), edges=tuple(edges), unmapped=unmapped, images=images)
