"""Checks a spreadsheet from outside must pass before openpyxl opens it.

Forms come back by e-mail from many hands: renamed files, old .xls, password-protected copies,
damaged downloads, or a deliberately hostile file. Each check looks only at the file's first bytes,
the zip directory and the start of each XML part, so nothing is unpacked before it is known to be
small, and no XML with a DOCTYPE (the door to entity-expansion and external-entity attacks) reaches
a parser.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from model.errors import EsepError

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")   # the names openpyxl opens a form under
MAX_UNPACKED_BYTES = 200 * 1024 * 1024   # a 2,000-row form unpacks to a few MB
MAX_MEMBERS = 5000
PROLOG_BYTES = 64 * 1024                 # the XML declaration and prolog fit well inside this

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
_ENCRYPTED_STREAM = "EncryptionInfo".encode("utf-16-le")


class UnsafeWorkbook(EsepError):
    """The file is not a workbook esep can open safely; the message says why and what to do."""


def check_workbook(path: str | Path) -> None:
    """Raise UnsafeWorkbook when the file at `path` is not a plain, safe .xlsx/.xlsm workbook."""
    path = Path(path)
    name = path.name
    with open(path, "rb") as fh:
        head = fh.read(512)
        if head[:8] == OLE_MAGIC:
            fh.seek(0)
            _refuse_ole(fh.read(), name)
    if not head.startswith(ZIP_MAGIC):
        raise UnsafeWorkbook(f"not an Excel workbook ({_guess(head)}); "
                             "ask the unit to send the .xlsx form itself", file=name)
    suffix = path.suffix.lower()
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            _check_directory(infos, name, suffix)
            for info in infos:
                if info.filename.endswith((".xml", ".rels", ".vml")):
                    with archive.open(info) as member:
                        _check_prolog(member.read(PROLOG_BYTES), info.filename, name)
    except zipfile.BadZipFile:
        raise UnsafeWorkbook("damaged: not a readable zip archive (an interrupted download?); "
                             "ask the unit to send it again", file=name) from None
    # NotImplementedError: zipfile meets a compression method it does not know
    except (zipfile.LargeZipFile, NotImplementedError, EOFError, OSError) as exc:
        raise UnsafeWorkbook(f"damaged or unreadable archive ({exc}); ask the unit to send it "
                             "again", file=name) from None
    if suffix not in WORKBOOK_SUFFIXES:
        raise UnsafeWorkbook(_misnamed(suffix), file=name)


def _misnamed(suffix: str) -> str:
    """Return what to do with an .xlsx workbook inside a file whose name says otherwise."""
    if suffix == ".xls":
        return ("an .xlsx workbook under an old .xls name; rename it to .xlsx (or open it in "
                "Excel or LibreOffice and save it as .xlsx) and collect again")
    if suffix == ".ods":
        return ("an .xlsx workbook under an .ods name; save it as .xlsx (or rename it to .xlsx) "
                "and collect again")
    named = f"a {suffix} name" if suffix else "a name without .xlsx"
    return (f"an .xlsx workbook under {named}, which Excel does not open as a workbook; if it "
            "is the form, rename it to .xlsx and collect again")


def _refuse_ole(data: bytes, name: str) -> None:
    if _ENCRYPTED_STREAM in data:
        raise UnsafeWorkbook("protected with a password to open; open it in Excel, clear the "
                             "password (File > Info > Protect Workbook > Encrypt with Password), "
                             "save and collect again", file=name)
    raise UnsafeWorkbook("an old Excel 97-2003 (.xls) file; open it in Excel or LibreOffice and "
                         "save it as .xlsx, or run: soffice --headless --convert-to xlsx "
                         f"'{name}'", file=name)


def _guess(head: bytes) -> str:
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if stripped.startswith(b"%pdf"):
        return "it is a PDF file"
    if stripped.startswith(b"<"):
        return "it is an HTML/XML page, e.g. a table saved as a web page"
    if not head:
        return "the file is empty"
    if b"\0" not in head and _is_utf8(head):
        return "it is a text file"
    return "unknown content"


def _is_utf8(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start >= len(head) - 3  # only a character cut by the 512-byte read
    return True


def _check_directory(infos: list[zipfile.ZipInfo], name: str, suffix: str) -> None:
    names = {i.filename for i in infos}
    if "xl/workbook.bin" in names:
        raise UnsafeWorkbook("an Excel binary workbook (.xlsb); open it in Excel and save it as "
                             ".xlsx (File > Save As > Excel Workbook), then collect again",
                             file=name)
    if "mimetype" in names and "content.xml" in names:
        raise UnsafeWorkbook("an OpenDocument spreadsheet (.ods), not an Excel workbook; open it "
                             "in LibreOffice and save it as .xlsx (File > Save As > Excel "
                             "2007-365), then collect again", file=name)
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        kind = "a Word document" if "word/document.xml" in names else "a zip archive"
        named = f" with an {suffix} name" if suffix in WORKBOOK_SUFFIXES else ""
        raise UnsafeWorkbook(f"not an Excel workbook: it is {kind}{named}; "
                             "ask the unit to send the .xlsx form itself", file=name)
    if len(infos) > MAX_MEMBERS:
        raise UnsafeWorkbook(f"refused: the archive holds {len(infos)} parts, more than "
                             f"{MAX_MEMBERS}; a form has a few dozen", file=name)
    unpacked = sum(i.file_size for i in infos)
    if unpacked > MAX_UNPACKED_BYTES:
        mib = 1024 * 1024
        raise UnsafeWorkbook(f"refused: it would unpack to {unpacked // mib} MB, more than the "
                             f"{MAX_UNPACKED_BYTES // mib} MB limit for a form", file=name)
    if any(i.flag_bits & 0x1 for i in infos):
        raise UnsafeWorkbook("protected with a password (encrypted zip parts); save it again "
                             "without a password and collect again", file=name)


def _check_prolog(start: bytes, part: str, name: str) -> None:
    """Refuse an XML part whose prolog declares a DOCTYPE or entities."""
    if start.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = start.decode("utf-16", errors="replace")
    else:
        text = start.decode("utf-8", errors="replace").lstrip("\ufeff")
    pos = 0
    while True:
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if text.startswith("<?", pos):
            end, close = text.find("?>", pos + 2), 2
        elif text.startswith("<!--", pos):
            end, close = text.find("-->", pos + 4), 3
        elif text.startswith("<!", pos):
            raise UnsafeWorkbook(f"refused: its part {part} declares a DOCTYPE or entities, "
                                 "which a real Excel file never does (an XML attack?)", file=name)
        else:
            return  # the root element (or nothing at all: openpyxl will report that)
        if end < 0:
            if len(start) >= PROLOG_BYTES:
                raise UnsafeWorkbook(f"refused: its part {part} has an XML prolog longer than "
                                     f"{PROLOG_BYTES // 1024} KB", file=name)
            return
        pos = end + close
