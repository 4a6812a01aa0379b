"""Which format a plan file is, told by its first bytes and checked against its name."""

from __future__ import annotations

import io
import zipfile

from .errors import DamagedFile, EncryptedFile, UnknownFormat

_NAMES = {"docx": "a Word document (.docx)", "pdf": "a PDF", "txt": "a text export (.txt)",
          "json": "a plan JSON file"}
_SUFFIXES = {".docx": "docx", ".docm": "docx", ".pdf": "pdf", ".txt": "txt", ".json": "json"}


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
        raise UnknownFormat("this is an OpenDocument file: open it and save it as .docx", file=file)
    raise UnknownFormat("this is a zip archive, not a Word document", file=file)


def sniff(data: bytes, file: str) -> str:
    """Return "docx", "pdf", "txt" or "json" for a plan file's bytes; raise on anything else."""
    suffix = "." + file.rsplit(".", 1)[-1].lower() if "." in file else ""
    if not data:
        raise DamagedFile("the file is empty", file=file)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise EncryptedFile("this is a password-protected document or an old .doc file: open it "
                            "in Word, remove the password and save it as .docx", file=file)
    if data.startswith(b"{\\rtf"):
        raise UnknownFormat("this is an RTF file: open it in Word and save it as .docx", file=file)
    if data.lstrip().startswith(b"%PDF") or data[:1024].find(b"%PDF-") >= 0:
        kind = "pdf"
    elif data.startswith(b"PK\x03\x04") or data.startswith(b"PK"):
        kind = _zip_kind(data, file)
    elif suffix == ".json" and data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"["):
        kind = "json"
    else:
        kind = "txt"
    expected = _SUFFIXES.get(suffix)
    if expected is None:
        raise UnknownFormat(f"unknown file type '{suffix or file}': esep reads the plan from "
                            ".docx, .pdf or .txt (or a plan .json)", file=file)
    if expected != kind:
        raise UnknownFormat(f"the name says {_NAMES[expected]} but the file is {_NAMES[kind]}: "
                            "rename it or ask for the right file", file=file)
    return kind
