"""A page of a PDF as a PNG picture, for a preview on screen (pdfium, which pdfplumber brings)."""

from __future__ import annotations

import io

import pypdfium2

from model.errors import EsepError
from model.i18n import _


def pdf_page_png(pdf: bytes, page: int = 0, width_px: int = 700) -> bytes:
    """Return page `page` (from 0) of the PDF `pdf` as PNG bytes, `width_px` wide."""
    try:
        doc = pypdfium2.PdfDocument(pdf)
    except pypdfium2.PdfiumError as exc:
        raise EsepError(_("the PDF cannot be shown ({detail})").format(detail=exc)) from None
    try:
        sheet = doc[page]
        scale = width_px / sheet.get_width()
        image = sheet.render(scale=scale).to_pil()
        out = io.BytesIO()
        image.save(out, format="PNG", optimize=True)
        return out.getvalue()
    finally:
        doc.close()
