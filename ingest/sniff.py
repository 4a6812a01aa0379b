"""Which format a plan file is, told by its first bytes and checked against its name."""

from __future__ import annotations

import io
import zipfile

from .errors import DamagedFile, EncryptedFile, UnknownFormat

_NAMES = {"docx": "a Word document (.docx)", "pdf": "a PDF", "txt": "a text export (.txt)",
          "json": "a plan JSON file", "doc": "a Word 97-2003 document (.doc)",
          "odt": "an OpenDocument text (.odt)", "rtf": "an RTF document (.rtf)",
          "html": "a web page (.html)"}
_SUFFIXES = {".docx": "docx", ".docm": "docx", ".pdf": "pdf", ".txt": "txt", ".json": "json",
             ".doc": "doc", ".odt": "odt", ".rtf": "rtf", ".html": "html", ".htm": "html"}
PLAN_SUFFIXES = tuple(_SUFFIXES)  # the names a plan file may have, for those that ask first
_OLE = b"\xd0\xcf\x11\xe0"
_HTML_TAGS = (b"<html", b"<body", b"<table")


def _zip_kind(data: bytes, file: str) -> str:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except zipfile.BadZipFile:
        raise DamagedFile("the file is damaged or incomplete (its zip structure is broken); "
                          "ask for the file again or save it again from Word", file=file) from None
    if "word/document.xml" in names:
        return "docx"
    if any(n.startswith("xl/") for n in names):
        raise UnknownFormat("this is an Excel workbook, not the plan: give the plan as a Word "
                            "document (.docx), its PDF or its text export", file=file)
    if any(n.startswith("ppt/") for n in names):
        raise UnknownFormat("this is a PowerPoint file, not the plan", file=file)
    if "content.xml" in names:
        mimetype = zipfile.ZipFile(io.BytesIO(data)).read("mimetype") if "mimetype" in names else b""
        if mimetype.strip() == b"application/vnd.oasis.opendocument.text":
            return "odt"
        raise UnknownFormat("this is an OpenDocument file but not a text document: open it and "
                            "save it as .docx", file=file)
    raise UnknownFormat("this is a zip archive, not a Word document", file=file)


def _ole_kind(data: bytes, file: str) -> str:
    """Return "doc" for a Word 97-2003 file (an OLE container with a WordDocument stream)."""
    # stream names are UTF-16 in the container's directory
    if "EncryptedPackage".encode("utf-16-le") not in data and \
            "WordDocument".encode("utf-16-le") in data:
        return "doc"
    if "Workbook".encode("utf-16-le") in data:
        raise UnknownFormat("this is an Excel workbook, not the plan: give the plan as a Word "
                            "document (.docx), its PDF or its text export", file=file)
    raise EncryptedFile("this is a password-protected document or an old .doc file: open it "
                        "in Word, remove the password and save it as .docx", file=file)


def _is_html(data: bytes) -> bool:
    """Return True for a web page: markup first, an html, body or table tag near the top."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith(b"<") and any(tag in head for tag in _HTML_TAGS)


def sniff(data: bytes, file: str) -> str:
    """Return the plan file's kind from its bytes: "docx", "doc", "odt", "rtf", "pdf", "html",
    "txt" or "json"; raise on anything else."""
    suffix = "." + file.rsplit(".", 1)[-1].lower() if "." in file else ""
    if not data:
        raise DamagedFile("the file is empty", file=file)
    if data.startswith(_OLE):
        kind = _ole_kind(data, file)
    elif data.startswith(b"{\\rtf"):
        kind = "rtf"
    elif data.lstrip().startswith(b"%PDF") or data[:1024].find(b"%PDF-") >= 0:
        kind = "pdf"
    elif data.startswith(b"PK\x03\x04") or data.startswith(b"PK"):
        kind = _zip_kind(data, file)
    elif suffix == ".json" and data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"["):
        kind = "json"
    elif _is_html(data):
        kind = "html"
    else:
        kind = "txt"
    expected = _SUFFIXES.get(suffix)
    if expected is None:
        raise UnknownFormat(f"unknown file type '{suffix or file}': esep reads the plan from "
                            ".docx, .doc, .odt, .rtf, .pdf, .html or .txt (or a plan .json)",
                            file=file)
    if expected != kind:
        raise UnknownFormat(f"the name says {_NAMES[expected]} but the file is {_NAMES[kind]}: "
                            "rename it or ask for the right file", file=file)
    return kind
