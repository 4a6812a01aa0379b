"""A PDF's compressed streams measured before PDFium unpacks any of them.

PDFium unpacks a page's content stream whole, in memory: a one-page file of 2 MB can hold
a stream that unpacks to gigabytes. Each Flate stream of the file is unpacked here a piece
at a time, counting, and never kept; one that would pass the limit refuses the file.
"""

from __future__ import annotations

import mmap
import re
import zlib
from pathlib import Path

MAX_STREAM = 200 * 1024 * 1024  # bytes one stream may unpack to (the limit of an .xlsx too)
MAX_TOTAL = 5 * MAX_STREAM      # bytes all streams together may unpack to
_PIECE = 1 << 20                # bytes unpacked at a time
_STREAM = re.compile(rb"(?<!end)stream\r?\n")
_DICT_REACH = 4096              # bytes before "stream" where its dictionary is looked for


def _unpacked_size(data, start: int, end: int, limit: int) -> int:
    """Return how many bytes the Flate data in `data[start:end]` unpacks to, up to `limit`+."""
    inflater = zlib.decompressobj()
    total = 0
    for at in range(start, end, _PIECE):
        pending = data[at:min(at + _PIECE, end)]
        while pending:
            try:
                total += len(inflater.decompress(pending, _PIECE))
            except zlib.error:
                return total  # not Flate after all, or damaged: PDFium says so
            if total > limit:
                return total
            pending = inflater.unconsumed_tail
        if inflater.eof:
            break
    return total


def unpacked_sizes(path: str | Path, limit: int = MAX_STREAM,
                   total_limit: int = MAX_TOTAL) -> tuple[int, int]:
    """Return (largest, total): what the largest Flate stream of the PDF at `path` unpacks
    to, and all of them; counting stops just past a limit."""
    largest = total = 0
    with open(path, "rb") as f:
        try:
            data = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        except ValueError:  # an empty file: nothing to unpack
            return 0, 0
        with data:
            for match in _STREAM.finditer(data):
                head = data[max(0, match.start() - _DICT_REACH):match.start()]
                head = head[head.rfind(b"obj"):]
                if b"/FlateDecode" not in head and b"/Fl " not in head and b"/Fl]" not in head:
                    continue
                end = data.find(b"endstream", match.end())
                end = len(data) if end < 0 else end
                size = _unpacked_size(data, match.end(), end, min(limit, total_limit - total))
                largest, total = max(largest, size), total + size
                if largest > limit or total > total_limit:
                    break
    return largest, total
