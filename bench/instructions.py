"""Read a plan `n` times after one warm-up read, for counting instructions under valgrind.

The machine's CPU time moves by a fifth from minute to minute when it is shared; the
instructions a read takes do not. Count them for n=0 and n=1, the difference is one read:

    PYTHONHASHSEED=0 valgrind --tool=cachegrind --cache-sim=no \\
        --cachegrind-out-file=/dev/null .venv/bin/python bench/instructions.py esep 1 \\
        bench/data/plan-500.pdf

(the "I refs" line). `esep` is `ingest.read_plan`, `bare` the bench's bare PDFium read,
`pages` only esep's reading of every page (`ingest.pdf_page.read_page`).
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from ingest import pdf_page, read_plan  # noqa: E402
from run import bare_pdf  # noqa: E402


def read_pages(path: str) -> None:
    """Read every page of the PDF at `path` as the ingest does, keeping none."""
    document = pdf_page.open_document(path)
    gc.disable()
    try:
        for index in range(len(document)):
            pdf_page.read_page(document, index)
    finally:
        gc.enable()
        document.close()


def main(which: str, n: int, path: str) -> None:
    read = {"esep": read_plan, "bare": bare_pdf, "pages": read_pages}[which]
    read(path)
    for _ in range(n):
        read(path)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3])
