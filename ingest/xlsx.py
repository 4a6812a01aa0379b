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

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from defusedxml import ElementTree

from model.i18n import _

from .package import UnsafePackage
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
# A shared string (`<si>`): calamine and openpyxl both hold the table whole, some 100 bytes each
# (ten million one-letter strings fit in the 200 MB a package may unpack to: a gigabyte held).
_STRING = re.compile(rb'<(?:\w+:)?si[\s/>]')
MAX_STRINGS = 500_000  # a form's text cells: 5,000 rows of 31 columns at most are read
_TAIL = 32  # bytes carried to the next chunk: a match cut by the chunk's end is seen whole there


class WorkbookScan:
    """Watch every part of a workbook as `ingest.package` inflates it; `plain` if calamine may
    hold its sheets whole.

    Every part is watched, not only those named like sheets: calamine follows the workbook's
    relationships (and matches part names in any case), so whatever it reads was seen here.
    """

    def __init__(self, name: str = "") -> None:
        self.odd = False
        self._name = name      # the file, named in a refusal
        self._size = 0
        self._strings = 0
        self._tail = b""

    def observe(self, part: str) -> Callable[[bytes], None]:
        """Return the function `ingest.package` gives each chunk of `part`, in order."""
        self._check_tail()
        self._tail, self._size = b"", 0
        return self._feed

    def _feed(self, chunk: bytes) -> None:
        self._size += len(chunk)
        data = self._tail + chunk
        self._count_strings(data, len(data) - _TAIL)
        self.odd = self.odd or self._size > MAX_GRID_BYTES or _found(data, len(data) - _TAIL)
        self._tail = data[-_TAIL:]

    def _check_tail(self) -> None:
        self._count_strings(self._tail, len(self._tail))
        self.odd = self.odd or _found(self._tail, len(self._tail))
        self._tail = b""  # seen: not counted again

    def _count_strings(self, data: bytes, before: int) -> None:
        """Count the shared strings starting in `data` before `before`; refuse past the bound."""
        self._strings += sum(1 for m in _STRING.finditer(data) if m.start() < before)
        if self._strings > MAX_STRINGS:
            raise UnsafePackage(_("refused: its shared strings hold more than {limit} texts, which "
                                  "no form has (a broken or hostile file); ask the unit to send "
                                  "the form itself again").format(limit=f"{MAX_STRINGS:,}"),
                                file=self._name)

    @property
    def plain(self) -> bool:
        """Return True when every cell in every part is written plainly within AZ9999, none an error."""
        self._check_tail()
        return not self.odd


def _found(data: bytes, before: int) -> bool:
    """Return True when an odd cell starts in `data` before position `before`."""
    # search gives the earliest match: one in the tail means there is none before it
    return any(m is not None and m.start() < before
               for m in (_ODD_CELL.search(data), _PREFIXED_CELL.search(data),
                         _ERROR_CELL.search(data)))


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
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        properties = (_properties(ElementTree.fromstring(archive.read("docProps/custom.xml")))
                      if "docProps/custom.xml" in archive.NameToInfo else {})
    worksheets = {r.get("Id") for r in rels.iter(f"{RELS}Relationship")
                  if r.get("Type") == WORKSHEET_TYPE}  # not chart sheets
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
    """Yield the first `limit` rows of `sheet` from the open calamine workbook, `width` cells each.

    An empty cell is "" (calamine's word for it), never None.
    """
    values = book.get_sheet_by_name(sheet.name).to_python(skip_empty_area=False, nrows=limit)
    for row in values:
        yield tuple(row[:width])


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
