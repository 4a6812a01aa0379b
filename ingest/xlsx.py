"""A filled form's workbook read: its sheets' cell values by calamine, its parts by zipfile.

`workbook_parts(path)` reads what openpyxl used to give collect besides the cells — the sheets in
order with their state, the workbook's defined names and the custom document properties — from
the zip's XML parts (parsed by defusedxml, after `ingest.package` has refused any DOCTYPE).
`sheet_rows(...)` gives one sheet's rows of cell values: the values Excel saved (formulas' cached
results, dates as dates, merged cells in their top-left cell), from row 1 on.

calamine holds a sheet whole, as a grid from A1 to its last value, so a workbook is given to it
only when the one pass `ingest.package` makes over the inflated bytes (`WorkbookScan`) found
every cell written plainly (`<c r="B12" ...>`) within AZ9999, and no formula's cached error (which
calamine reads as empty): a form is 11 columns and a row per measure. Any other workbook — a value
in column XFD, a million rows, cells without their reference, a "#N/A" — is read row by row by
openpyxl's read-only reader, which stops where collect stops, so memory stays bounded.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from defusedxml import DefusedXmlException, ElementTree

from model.i18n import _

from .package import PROLOG_ONLY, UnsafePackage
from .xlsx_order import in_order, rows_by_number

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
DOC_RELS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
CUSTOM = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"
WORKSHEET_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
MAX_GRID_BYTES = 64 * 1024 * 1024  # a sheet calamine holds whole: a 2,000-measure form is 1.5 MB

# A cell written otherwise than `<c r="A1"` to `<c r="AZ9999"` (reference first, in the usual
# quotes), or a cell tag with a namespace prefix: the workbook is read row by row instead.
_ODD_CELL = re.compile(rb'<c(?:[\t\r\n/>]| (?!r="(?:[A-Z]|A[A-Z])[0-9]{1,4}"))')
_PREFIXED_CELL = re.compile(rb':c[\s/>]')
# A formula's cached error (#N/A, #DIV/0!): calamine gives it as an empty cell, which would make a
# status Excel shows as "#N/A" read as no answer at all; openpyxl gives the error's text, which the
# check then names at its cell. `t` with the value "e" is written on cells only.
_ERROR_CELL = re.compile(rb'\st=(?:"e"|\'e\')')
# looked for first (a regex that starts with \s is slow); the single quotes only in a part that
# has one at all, which one pass of memchr tells
_ERROR_VALUES = (b't="e"', b"t='e'")
# A shared string (`<si>`): calamine and openpyxl both hold the table whole, some 100 bytes each
# (ten million one-letter strings fit in the 200 MB a package may unpack to: a gigabyte held).
_STRING = re.compile(rb'<(?:\w+:)?si[\s/>]')
MAX_STRINGS = 500_000  # a form's text cells: 5,000 rows of 31 columns at most are read
_SMALLEST_STRING = len(b"<si/>")  # a part of fewer than MAX_STRINGS times this holds fewer
_TAIL = 32  # bytes carried to the next chunk: a match cut by the chunk's end is seen whole there
IDENTITY_PARTS = ("xl/workbook.xml", "xl/_rels/workbook.xml.rels", "docProps/custom.xml")
BOOK_RELS = "xl/_rels/workbook.xml.rels"
# Parts the workbook names only as its shared strings, styles or theme: calamine reads no cell
# there, so their (large) text is not looked at for odd cells.
_CELL_FREE = ("/sharedStrings", "/styles", "/theme")


class WorkbookScan:
    """Watch every part of a workbook as `ingest.package` inflates it; `plain` if calamine may
    hold its sheets whole. The identity parts are kept as they pass (`kept`), so the workbook's
    sheets, names and properties are read without opening the zip again.

    Every part is watched, not only those named like sheets: calamine follows the workbook's
    relationships (and matches part names in any case), so whatever it reads was seen here. Only
    a part the relationships (inflated first: `FIRST`) name solely as the shared strings, styles
    or theme is not looked at for cells.
    """

    FIRST = (BOOK_RELS,)

    def __init__(self, name: str = "") -> None:
        self.odd = False
        self.kept: dict[str, bytes] = {}
        self._name = name      # the file, named in a refusal
        self._strings = 0
        self._count = False
        self._tail = b""
        self._keep: list[bytes] | None = None
        self._cells = True                       # the part now inflated may hold cells
        self._cell_free: frozenset[str] | None = None
        self._relationships: list[tuple[str, str, str]] | None = None

    def observe(self, part: str, size: int) -> Callable[[bytes], None] | object:
        """Return the function `ingest.package` gives each chunk of `part` (of `size` bytes
        inflated, as its zip entry declares: neither zipfile nor calamine reads more), in
        order; or PROLOG_ONLY for a part with no cells too small to hold too many strings."""
        self._end_part()
        self.odd = self.odd or size > MAX_GRID_BYTES
        self._strings = 0  # a reader holds one table of shared strings: a part's count is bound
        self._count = size >= MAX_STRINGS * _SMALLEST_STRING
        if self._cell_free is None and BOOK_RELS in self.kept:
            self._cell_free = _cell_free_parts(self.relationships())
        self._cells = part.lower() not in (self._cell_free or ())
        if part in IDENTITY_PARTS:
            self._keep = []
            self.kept[part] = b""
        elif not (self._cells or self._count):  # the shared strings, styles: nothing to see
            return PROLOG_ONLY
        return self._feed

    def _feed(self, chunk: bytes) -> None:
        if self._keep is not None:
            self._keep.append(chunk)
        data = self._tail + chunk
        self._look(data, len(data) - _TAIL)
        self._tail = data[-_TAIL:]

    def _look(self, data: bytes, before: int) -> None:
        """Look at the matches starting in `data` before position `before`."""
        if self._count:
            self._strings += sum(1 for m in _STRING.finditer(data) if m.start() < before)
            if self._strings > MAX_STRINGS:
                raise UnsafePackage(_("refused: its shared strings hold more than {limit} "
                                      "texts, which no form has (a broken or hostile file); ask "
                                      "the unit to send the form itself again")
                                    .format(limit=f"{MAX_STRINGS:,}"), file=self._name)
        if self._cells:
            self.odd = self.odd or _found(data, before)

    def _end_part(self) -> None:
        self._look(self._tail, len(self._tail))
        self._tail = b""  # seen: not looked at again
        if self._keep is not None:
            self.kept[next(reversed(self.kept))] = b"".join(self._keep)
            self._keep = None

    def relationships(self) -> list[tuple[str, str, str]] | None:
        """Return the workbook's relationships (id, type, target), parsed once; None when they
        cannot be read (the reading of the parts says so)."""
        if self._relationships is None and BOOK_RELS in self.kept:
            try:
                self._relationships = _relationships(self.kept[BOOK_RELS])
            except (ElementTree.ParseError, DefusedXmlException):
                return None
        return self._relationships

    @property
    def plain(self) -> bool:
        """Return True when every cell in every part is written plainly within AZ9999, none an error."""
        self._end_part()
        return not self.odd


def _relationships(rels: bytes) -> list[tuple[str, str, str]]:
    """Return the (id, type, target) of each relationship in the part `rels`; raises the XML
    parser's errors."""
    root = ElementTree.fromstring(rels)
    return [(r.get("Id") or "", r.get("Type") or "", r.get("Target") or "")
            for r in root.iter(f"{RELS}Relationship")]


def _cell_free_parts(relationships: list[tuple[str, str, str]] | None) -> frozenset[str]:
    """Return the parts (in lower case) the workbook's `relationships` name only as its shared
    strings, styles or theme; none when they could not be read."""
    if relationships is None:  # named broken by the identity read; here every part is looked at
        return frozenset()
    free, other = set(), set()
    for _, kind, target in relationships:
        part = posixpath.normpath(target[1:] if target.startswith("/") else "xl/" + target)
        (free if kind.endswith(_CELL_FREE) else other).add(part.lower())
    return frozenset(free - other)


def _found(data: bytes, before: int) -> bool:
    """Return True when an odd cell starts in `data` before position `before`."""
    # search gives the earliest match: one in the tail means there is none before it
    for pattern in (_ODD_CELL, _PREFIXED_CELL):
        found = pattern.search(data)
        if found is not None and found.start() < before:
            return True
    if _ERROR_VALUES[0] in data or (b"'" in data and _ERROR_VALUES[1] in data):
        found = _ERROR_CELL.search(data)
        return found is not None and found.start() < before
    return False


@dataclass(frozen=True)
class Sheet:
    """A worksheet as the workbook lists it: its name and state."""

    name: str
    state: str        # "visible", "hidden" or "veryHidden"


@dataclass(frozen=True)
class WorkbookParts:
    """What a workbook holds besides its cells: its sheets, defined names, custom properties."""

    sheets: tuple[Sheet, ...] = ()
    names: dict[str, str] = field(default_factory=dict)       # workbook-wide defined names
    properties: dict[str, str] = field(default_factory=dict)  # custom document properties


def column_name(number: int) -> str:
    """Return the letters Excel names column `number` by (1 → "A", 27 → "AA")."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def workbook_parts(path: str | Path) -> WorkbookParts:
    """Return the sheets, defined names and custom properties of the workbook at `path`.

    Raises what zipfile and the XML parser raise on a broken part (KeyError for a missing one).
    """
    with zipfile.ZipFile(path) as archive:
        return parts_of({part: archive.read(part) for part in IDENTITY_PARTS
                         if part in archive.NameToInfo})


def parts_of(kept: dict[str, bytes],
             relationships: list[tuple[str, str, str]] | None = None) -> WorkbookParts:
    """Return the sheets, defined names and custom properties from the identity parts' bytes
    (`WorkbookScan.kept`), and the workbook's `relationships` when already parsed. Raises the
    XML parser's errors, or KeyError for a missing part."""
    book = ElementTree.fromstring(kept["xl/workbook.xml"])
    if relationships is None:
        relationships = _relationships(kept[BOOK_RELS])
    custom = kept.get("docProps/custom.xml")
    properties = _properties(ElementTree.fromstring(custom)) if custom is not None else {}
    worksheets = {rid for rid, kind, _ in relationships if kind == WORKSHEET_TYPE}  # no charts
    sheets = tuple(Sheet(s.get("name", ""), s.get("state", "visible"))
                   for s in book.iter(f"{MAIN}sheet")
                   if s.get(f"{DOC_RELS}id") in worksheets)
    names = {d.get("name"): d.text or "" for d in book.iter(f"{MAIN}definedName")
             if d.get("localSheetId") is None and d.get("name")}
    return WorkbookParts(sheets, names, properties)


def _properties(root) -> dict[str, str]:
    """Return each custom property's value as text, by name."""
    found = {}
    for prop in root.iter(f"{CUSTOM}property"):
        value = next(iter(prop), None)
        if prop.get("name") and value is not None:
            found[prop.get("name")] = (value.text or "").strip()
    return found


# --- cell values ---------------------------------------------------------------------------

def calamine_rows(book, sheet: Sheet, width: int, limit: int) -> Iterator[tuple]:
    """Return the first `limit` rows of `sheet` from the open calamine workbook (lists), at most
    `width` cells each, read at once (calamine's errors are raised here, not as rows are taken).

    An empty cell is "" (calamine's word for it), never None.
    """
    values = book.get_sheet_by_name(sheet.name).to_python(skip_empty_area=False, nrows=limit)
    if not values or len(values[0]) <= width:  # a grid: every row as wide as the first
        return iter(values)
    return (row[:width] for row in values)


def streamed_rows(path: str | Path, sheet: Sheet, width: int, limit: int) -> Iterator[tuple]:
    """Yield every row of `sheet` as openpyxl's read-only reader parses it, `width` cells each.

    A sheet whose rows are written out of order is read whole instead, its first `limit` rows
    given in order (`ingest.xlsx_order`): the row-by-row reader would drop the rows written late.
    """
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True, keep_links=False)
    try:
        ws = wb[sheet.name]
        ws.reset_dimensions()  # some writers store a wrong size; read every row there is
        with ws._get_source() as source:
            ordered = in_order(source)
        if ordered:
            yield from ws.iter_rows(min_row=1, max_col=width, values_only=True)
        else:
            yield from rows_by_number(ws, width, limit)
    finally:
        wb.close()


def open_calamine(path: str | Path):
    """Return the workbook at `path` opened by calamine (its shared strings and styles read)."""
    from python_calamine import CalamineWorkbook

    return CalamineWorkbook.from_path(str(path))


def calamine_errors() -> tuple[type[BaseException], ...]:
    """Return what calamine raises on a workbook it cannot read."""
    from python_calamine import CalamineError

    return (CalamineError,)


def is_panic(exc: BaseException) -> bool:
    """Return True for the exception a Rust panic inside calamine becomes (a BaseException)."""
    return type(exc).__name__ == "PanicException"
