"""A sheet's rows in the order of their numbers, whatever order the file writes them in.

Excel writes `<row r="12">` before `<row r="20">`, but a sheet may come otherwise (a tool's
re-save, a hand-made file), and openpyxl's read-only reader then drops, without a word, every row
written after a higher one. Calamine places each cell by its reference and is not affected; on
openpyxl's row-by-row path `in_order` looks at the sheet's row numbers first (a plain pass over
its bytes), and `rows_by_number` reads a sheet that is out of order whole, keeping only the rows
collect reads, so memory stays bounded.
"""

from __future__ import annotations

import re
from typing import BinaryIO, Iterator

# A row's number: `r` among its attributes (Excel writes it first; others need not), its tag
# with a prefix or none. Found from "row", not from every "<": three times faster; a text that
# looks like a row tag only sends the sheet to `rows_by_number`, which reads it right anyway.
_ROW = re.compile(rb'[<:]row\s[^>]*?\br\s*=\s*["\']\s*([0-9]+)')
_CHUNK = 1024 * 1024
_TAIL = 4096  # a row tag cut by a chunk's end is read whole with the next chunk


def in_order(source: BinaryIO) -> bool:
    """Return True when the row numbers in the sheet XML `source` rise from each row to the next."""
    last, tail = 0, b""
    while chunk := source.read(_CHUNK):
        data = tail + chunk
        cut = data.rfind(b"<", max(0, len(data) - _TAIL))
        end = cut if cut >= 0 else len(data)
        last = _rising(_ROW.findall(data, 0, end), last)
        if last < 0:
            return False
        tail = data[end:]
    return _rising(_ROW.findall(tail), last) >= 0


def _rising(found: list[bytes], last: int) -> int:
    """Return the last of the row numbers `found` if each rises above the one before, from
    `last`; else -1."""
    numbers = [last, *map(int, found)]
    # timsort checks a list already sorted in one pass
    if numbers != sorted(numbers) or len(set(numbers)) != len(numbers):
        return -1
    return numbers[-1]


def rows_by_number(ws, width: int, limit: int) -> Iterator[tuple]:
    """Yield rows 1 to `limit` of the read-only openpyxl sheet `ws` in order, `width` values each.

    The whole sheet is parsed, since a row may come after any other; a row written twice has
    the cells of both, the later winning.
    """
    from openpyxl.worksheet._reader import WorkSheetParser

    book = ws.parent
    kept: dict[int, list] = {}
    with ws._get_source() as source:
        parser = WorkSheetParser(source, ws._shared_strings, data_only=book.data_only,
                                 epoch=book.epoch, date_formats=book._date_formats,
                                 timedelta_formats=book._timedelta_formats)
        for number, cells in parser.parse():
            if number > limit:
                continue
            row = kept.setdefault(number, [None] * width)
            for cell in cells:
                if 1 <= cell["column"] <= width and cell["value"] is not None:
                    row[cell["column"] - 1] = cell["value"]
    empty = (None,) * width
    for number in range(1, max(kept, default=0) + 1):
        yield tuple(kept[number]) if number in kept else empty
