"""Rebuild the plan in the other file formats a ministry keeps, in tests/data/ (`make samples`).

From samples/plan-ky.docx and tests/data/plan-ru.docx, LibreOffice writes each plan as
.odt, .rtf, .doc (Word 97-2003) and .html; the records each must give are those of its
.docx: samples/plan-ky.expected.json and tests/data/plan-ru.expected.json. The Kyrgyz web page is
LibreOffice's "save as web page" (HTML), the Russian one its XHTML export, so both kinds are read.

Usage: python samples/make_formats.py [--force]
A file is converted again only when it is missing (or with --force).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = ROOT / "tests" / "data"
sys.path[:0] = [str(HERE), str(ROOT)]

from ingest.office import convert  # noqa: E402
from plan_docx import _write_atomically  # noqa: E402

PLANS = {"plan-ky": HERE / "plan-ky.docx", "plan-ru": DATA / "plan-ru.docx"}
HTML_FILTERS = {"plan-ky": "html", "plan-ru": "html:XHTML Writer File:UTF8"}


def formats(stem: str, docx: bytes) -> dict[str, bytes]:
    """Return the plan `docx` as .odt, .rtf, .doc and .html, converted by LibreOffice."""
    made = {ext: convert(docx, "docx", ext, file=f"{stem}.docx") for ext in ("odt", "rtf")}
    # LibreOffice's .doc export drops Word's list restarts when it starts from .docx, not from .rtf
    made["doc"] = convert(made["rtf"], "rtf", "doc", file=f"{stem}.rtf")
    made["html"] = convert(docx, "docx", HTML_FILTERS[stem], file=f"{stem}.docx")
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="convert every file again")
    args = parser.parse_args()
    for stem, source in PLANS.items():
        wanted = [DATA / f"{stem}.{ext}" for ext in ("odt", "rtf", "doc", "html")]
        if not args.force and all(p.exists() for p in wanted):
            continue
        for ext, data in formats(stem, source.read_bytes()).items():
            _write_atomically(DATA / f"{stem}.{ext}", data)
            print(f"wrote {DATA / f'{stem}.{ext}'}")


if __name__ == "__main__":
    main()
