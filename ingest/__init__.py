"""Read the action plan from a file into records: .docx, .doc, .odt, .rtf, .pdf, .html, .txt
(or a plan .json).

>>> from ingest import read_plan
>>> plan = read_plan("samples/plan-ky.docx")
>>> len(list(plan.measures()))
27
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from model.plan import Plan, PlanFormatError, Source, plan_from_json
from model.i18n import _

from .assemble import layout_to_plan
from .errors import (DamagedFile, EncryptedFile, IngestError, MissingColumns, NoPlanTable,
                     NoTextLayer, UnknownFormat)
from .sniff import sniff

MAX_PLAN_BYTES = 100 * 1024 * 1024  # read whole into memory: a 2,000-measure PDF is a few MB
OFFICE_KINDS = ("doc", "odt", "rtf")  # read through LibreOffice's .docx

__all__ = ["read_plan", "IngestError", "UnknownFormat", "DamagedFile", "EncryptedFile",
           "NoTextLayer", "NoPlanTable", "MissingColumns"]


def read_plan(path: str | Path, progress: Callable[[int, int], None] | None = None) -> Plan:
    """Return the plan records held in the file at `path`, whatever its format.

    The format is told by the file's content and must agree with its name; a plan .json
    (the interchange format) is read back as it was written. `progress`, for a PDF, is
    called with (pages read, pages in all) after each page.
    """
    path = Path(path)
    name = path.name
    if path.stat().st_size > MAX_PLAN_BYTES:
        raise UnknownFormat(_("refused: the file is {mb} MB, more than the {limit} MB a plan can "
                              "be (its PDF is a few MB); give the plan itself")
                            .format(mb=path.stat().st_size // 2**20, limit=MAX_PLAN_BYTES // 2**20),
                            file=name)
    data = path.read_bytes()
    kind = sniff(data, name)
    if kind == "json":
        try:
            return plan_from_json(data.decode("utf-8-sig"))
        except (PlanFormatError, UnicodeDecodeError) as exc:
            raise UnknownFormat(_("not an esep plan JSON: {reason}").format(reason=exc),
                                file=name) from None
    source = Source(file=name, format=kind, sha256=hashlib.sha256(data).hexdigest())
    if kind == "txt":
        from .txt import decode_text, text_to_layout
        layout = text_to_layout(decode_text(data, name), name)
    elif kind == "docx":
        from .docx import docx_to_layout
        layout = docx_to_layout(data, name)
    elif kind in OFFICE_KINDS:
        from .docx import docx_to_layout
        from .office import convert
        # LibreOffice makes the .docx; the source stays the file as given
        layout = docx_to_layout(convert(data, kind, "docx", file=name), name)
    elif kind == "html":
        from .html import html_to_layout
        layout = html_to_layout(data, name)
    else:
        from .pdf import pdf_to_layout
        layout = pdf_to_layout(path, name, progress)
    return layout_to_plan(layout, source)
