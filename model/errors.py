"""The one exception family of esep: every error knows where it happened."""

from __future__ import annotations

import errno

from .i18n import N_, _

# The operating system's reasons, in the messages' language (its own words are English on
# Linux and in the system's language on Windows, whatever esep speaks).
_OS_REASONS = {
    errno.ENOENT: N_("No such file or directory"),
    errno.EACCES: N_("Permission denied"),
    errno.EPERM: N_("Operation not permitted"),
    errno.ENOSPC: N_("No space left on device"),
    errno.EISDIR: N_("Is a directory"),
    errno.ENOTDIR: N_("Not a directory"),
    errno.EROFS: N_("Read-only file system"),
    errno.EEXIST: N_("File exists"),
    errno.ENAMETOOLONG: N_("File name too long"),
    errno.EMFILE: N_("Too many open files"),
    errno.EIO: N_("Input/output error"),
}


def place(file: str | None = "", sheet: str | None = "", cell: str | None = "",
          measure: str | None = "") -> str:
    """Return a place as a clerk reads it: ``file, sheet 'X', cell B7, measure 3.1.2``.

    The one wording of a place, for errors and for the problems of collected forms alike.
    """
    parts = [file] if file else []
    if sheet:
        parts.append(_("sheet '{sheet}'").format(sheet=sheet))
    if cell:
        parts.append(_("cell {cell}").format(cell=cell))
    if measure:
        parts.append(_("measure {measure}").format(measure=measure))
    return ", ".join(parts)


def os_reason(exc: OSError) -> str:
    """Return why the system refused (`exc`), in the messages' language where esep knows it."""
    known = _OS_REASONS.get(exc.errno)
    return _(known) if known else str(exc.strerror or exc)


def located(where: str, message: str) -> str:
    """Return `message` after its place, ``place: message``, or alone when there is none."""
    return f"{where}: {message}" if where else message


class EsepError(Exception):
    """Something in the input stops esep; the message says what to do about it.

    `file`, `sheet`, `cell` and `measure` locate the problem; `str(error)` gives the
    one line the command line prints, e.g. ``plan.docx: no plan table found ...``.
    """

    exit_code = 1

    def __init__(self, message: str, *, file: str | None = None, sheet: str | None = None,
                 cell: str | None = None, measure: str | None = None):
        super().__init__(message)
        self.message = message
        self.file = file
        self.sheet = sheet
        self.cell = cell
        self.measure = measure

    def where(self) -> str:
        """Return the place as a clerk reads it: ``file, sheet 'X', cell B7, measure 3.1.2``."""
        return place(self.file, self.sheet, self.cell, self.measure)

    def __str__(self) -> str:
        return located(self.where(), self.message)


class PlanFormatError(EsepError):
    """The plan JSON does not follow the interchange format."""
