"""The one exception family of esep: every error knows where it happened."""

from __future__ import annotations

from .i18n import _


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
