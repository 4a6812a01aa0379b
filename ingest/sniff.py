"""What a file is, told by its first bytes and zip directory: the one sniffer of esep.

`sniff(data, file)` tells a plan file's format (and refuses an unsafe .docx); `check_workbook(path)`
refuses a unit's form that is not a plain .xlsx/.xlsm (old .xls, password, .xlsb, .ods, another
file renamed). Both end in `ingest.package.check_package` for Office files, so .docx and .xlsx pass
the same size and DOCTYPE checks. Nothing is unpacked before it is known to be small.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from model.i18n import N_, _

from .errors import DamagedFile, EncryptedFile, UnknownFormat
from .package import Observer, UnsafePackage, check_archive, check_package

_NAMES = {"docx": N_("a Word document (.docx)"), "pdf": N_("a PDF"),
          "txt": N_("a text export (.txt)"), "json": N_("a plan JSON file"),
          "doc": N_("a Word 97-2003 document (.doc)"), "odt": N_("an OpenDocument text (.odt)"),
          "rtf": N_("an RTF document (.rtf)"), "html": N_("a web page (.html)")}
_SUFFIXES = {".docx": "docx", ".docm": "docx", ".pdf": "pdf", ".txt": "txt", ".json": "json",
             ".doc": "doc", ".odt": "odt", ".rtf": "rtf", ".html": "html", ".htm": "html"}
PLAN_SUFFIXES = tuple(_SUFFIXES)  # the names a plan file may have, for those that ask first
_OLE = b"\xd0\xcf\x11\xe0"
_HTML_TAGS = (b"<html", b"<body", b"<table")


WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")   # the names openpyxl opens a form under
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
_ENCRYPTED_STREAM = "EncryptionInfo".encode("utf-16-le")


class UnsafeWorkbook(UnsafePackage):
    """The file is not a workbook esep can open safely; the message says why and what to do."""


def _zip_kind(data: bytes, file: str) -> str:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except zipfile.BadZipFile:
        raise DamagedFile(_("the file is damaged or incomplete (its zip structure is broken); "
                            "ask for the file again or save it again from Word"),
                          file=file) from None
    if "word/document.xml" in names:
        return "docx"
    if any(n.startswith("xl/") for n in names):
        raise UnknownFormat(_("this is an Excel workbook, not the plan: give the plan as a Word "
                              "document (.docx), its PDF or its text export"), file=file)
    if any(n.startswith("ppt/") for n in names):
        raise UnknownFormat(_("this is a PowerPoint file, not the plan"), file=file)
    if "content.xml" in names:
        mimetype = zipfile.ZipFile(io.BytesIO(data)).read("mimetype") if "mimetype" in names else b""
        if mimetype.strip() == b"application/vnd.oasis.opendocument.text":
            return "odt"
        raise UnknownFormat(_("this is an OpenDocument file but not a text document: open it "
                              "and save it as .docx"), file=file)
    raise UnknownFormat(_("this is a zip archive, not a Word document"), file=file)


def _ole_kind(data: bytes, file: str) -> str:
    """Return "doc" for a Word 97-2003 file (an OLE container with a WordDocument stream)."""
    # stream names are UTF-16 in the container's directory
    if "EncryptedPackage".encode("utf-16-le") not in data and \
            "WordDocument".encode("utf-16-le") in data:
        return "doc"
    if "Workbook".encode("utf-16-le") in data:
        raise UnknownFormat(_("this is an Excel workbook, not the plan: give the plan as a Word "
                              "document (.docx), its PDF or its text export"), file=file)
    raise EncryptedFile(_("this is a password-protected document or an old .doc file: open it "
                          "in Word, remove the password and save it as .docx"), file=file)


def _is_html(data: bytes) -> bool:
    """Return True for a web page: markup first, an html, body or table tag near the top."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith(b"<") and any(tag in head for tag in _HTML_TAGS)


def sniff(data: bytes, file: str) -> str:
    """Return the plan file's kind from its bytes: "docx", "doc", "odt", "rtf", "pdf", "html",
    "txt" or "json"; raise on anything else."""
    suffix = "." + file.rsplit(".", 1)[-1].lower() if "." in file else ""
    if not data:
        raise DamagedFile(_("the file is empty"), file=file)
    if data.startswith(_OLE):
        kind = _ole_kind(data, file)
    elif data.startswith(b"{\\rtf"):
        kind = "rtf"
    elif data.lstrip().startswith(b"%PDF") or data[:1024].find(b"%PDF-") >= 0:
        kind = "pdf"
    elif data.startswith(b"PK\x03\x04") or data.startswith(b"PK"):
        kind = _zip_kind(data, file)
        check_package(data, file, _("open it in Word and save it again"))
    elif suffix == ".json" and data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"["):
        kind = "json"
    elif _is_html(data):
        kind = "html"
    else:
        kind = "txt"
    expected = _SUFFIXES.get(suffix)
    if expected is None:
        raise UnknownFormat(_("unknown file type '{suffix}': esep reads the plan from .docx, "
                              ".doc, .odt, .rtf, .pdf, .html or .txt (or a plan .json)")
                            .format(suffix=suffix or file), file=file)
    if expected != kind:
        raise UnknownFormat(_("the name says {named} but the file is {found}: rename it or ask "
                              "for the right file")
                            .format(named=_(_NAMES[expected]), found=_(_NAMES[kind])), file=file)
    return kind


# --- the units' forms ---------------------------------------------------------------------

def check_workbook(path: str | Path, observe: Observer | None = None,
                   first: tuple[str, ...] = ()) -> None:
    """Raise UnsafeWorkbook when the file at `path` is not a plain, safe .xlsx/.xlsm workbook.

    `observe` is given to `check_archive`: a reader's look at each part as it is inflated, the
    parts named in `first` before the others.
    """
    path = Path(path)
    name = path.name
    with open(path, "rb") as fh:  # opened once: the first bytes, the zip's names, every part
        head = fh.read(512)
        if head[:8] == OLE_MAGIC:
            fh.seek(0)
            _refuse_ole(fh.read(), name)
        if not head.startswith(ZIP_MAGIC):
            raise UnsafeWorkbook(_("not an Excel workbook ({guess}); ask the unit to send the "
                                   ".xlsx form itself").format(guess=_guess(head)), file=name)
        suffix = path.suffix.lower()
        try:
            archive = zipfile.ZipFile(fh)
        except zipfile.BadZipFile:
            raise UnsafeWorkbook(_("damaged: not a readable zip archive (an interrupted "
                                   "download?); ask the unit to send it again"),
                                 file=name) from None
        except (zipfile.LargeZipFile, NotImplementedError, EOFError, OSError) as exc:
            raise UnsafeWorkbook(_("damaged or unreadable archive ({detail}); ask the unit to "
                                   "send it again").format(detail=exc), file=name) from None
        with archive:
            _check_workbook_parts({i.filename for i in archive.infolist()}, name, suffix)
            check_archive(archive, name, _("ask the unit to send it again"), observe, first)
    if suffix not in WORKBOOK_SUFFIXES:
        raise UnsafeWorkbook(_misnamed(suffix), file=name)


def _misnamed(suffix: str) -> str:
    """Return what to do with an .xlsx workbook inside a file whose name says otherwise."""
    if suffix == ".xls":
        return _("an .xlsx workbook under an old .xls name; rename it to .xlsx (or open it in "
                 "Excel or LibreOffice and save it as .xlsx) and collect again")
    if suffix == ".ods":
        return _("an .xlsx workbook under an .ods name; save it as .xlsx (or rename it to .xlsx) "
                 "and collect again")
    if not suffix:
        return _("an .xlsx workbook under a name without .xlsx, which Excel does not open as a "
                 "workbook; if it is the form, rename it to .xlsx and collect again")
    return _("an .xlsx workbook under a {suffix} name, which Excel does not open as a workbook; "
             "if it is the form, rename it to .xlsx and collect again").format(suffix=suffix)


def _refuse_ole(data: bytes, name: str) -> None:
    if _ENCRYPTED_STREAM in data:
        raise UnsafeWorkbook(_("protected with a password to open; open it in Excel, clear the "
                               "password (File > Info > Protect Workbook > Encrypt with "
                               "Password), save and collect again"), file=name)
    raise UnsafeWorkbook(_("an old Excel 97-2003 (.xls) file; open it in Excel or LibreOffice and "
                           "save it as .xlsx, or run: soffice --headless --convert-to xlsx "
                           "'{name}'").format(name=name), file=name)


def _guess(head: bytes) -> str:
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if stripped.startswith(b"%pdf"):
        return _("it is a PDF file")
    if stripped.startswith(b"<"):
        return _("it is an HTML/XML page, e.g. a table saved as a web page")
    if not head:
        return _("the file is empty")
    if b"\0" not in head and _is_utf8(head):
        return _("it is a text file")
    return _("unknown content")


def _is_utf8(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start >= len(head) - 3  # only a character cut by the 512-byte read
    return True


def _check_workbook_parts(names: set[str], name: str, suffix: str) -> None:
    if "xl/workbook.bin" in names:
        raise UnsafeWorkbook(_("an Excel binary workbook (.xlsb); open it in Excel and save it "
                               "as .xlsx (File > Save As > Excel Workbook), then collect again"),
                             file=name)
    if "mimetype" in names and "content.xml" in names:
        raise UnsafeWorkbook(_("an OpenDocument spreadsheet (.ods), not an Excel workbook; open "
                               "it in LibreOffice and save it as .xlsx (File > Save As > Excel "
                               "2007-365), then collect again"), file=name)
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        word = "word/document.xml" in names
        if suffix in WORKBOOK_SUFFIXES:
            told = (_("not an Excel workbook: it is a Word document with an {suffix} name; ask "
                      "the unit to send the .xlsx form itself") if word else
                    _("not an Excel workbook: it is a zip archive with an {suffix} name; ask "
                      "the unit to send the .xlsx form itself"))
        else:
            told = (_("not an Excel workbook: it is a Word document; ask the unit to send the "
                      ".xlsx form itself") if word else
                    _("not an Excel workbook: it is a zip archive; ask the unit to send the "
                      ".xlsx form itself"))
        raise UnsafeWorkbook(told.format(suffix=suffix), file=name)
