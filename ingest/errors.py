"""Why a plan file cannot be read: one class per cause, each with a sentence a clerk can act on."""

from model.errors import EsepError


class IngestError(EsepError):
    """The plan file cannot be read."""


class UnknownFormat(IngestError):
    """The file is not a plan format esep reads (.docx, .pdf, .txt, plan .json), or its name lies."""


class DamagedFile(IngestError):
    """The file is truncated or corrupt."""


class EncryptedFile(IngestError):
    """The file is password-protected."""


class NoTextLayer(IngestError):
    """The PDF is a scan: it has pictures of pages but no text."""


class UnmappedFont(IngestError):
    """The PDF's fonts do not say which letters they draw: its text cannot be read as text."""


class NoPlanTable(IngestError):
    """The document holds no table with the plan's header."""


class MissingColumns(IngestError):
    """The plan table lacks columns the plan must have."""
