"""The one exception family of esep: every error knows where it happened."""

from __future__ import annotations


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
        parts = []
        if self.file:
            parts.append(self.file)
        if self.sheet:
            parts.append(f"sheet '{self.sheet}'")
        if self.cell:
            parts.append(f"cell {self.cell}")
        if self.measure:
            parts.append(f"measure {self.measure}")
        return ", ".join(parts)

    def __str__(self) -> str:
        where = self.where()
        return f"{where}: {self.message}" if where else self.message


class PlanFormatError(EsepError):
    """The plan JSON does not follow the interchange format."""
