"""What the workspace hands back: immutable records of plans, files, statuses and history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class PlanVersion:
    """A plan version on record: its fingerprint, the file it was read from, the date given."""

    id: int
    fingerprint: str
    file_name: str
    file_sha256: str
    stored_as: str          # relative to the workspace folder, e.g. plans/<sha256>.docx
    title: str
    given_on: date
    added_at: str

    @property
    def label(self) -> str:
        """Return how a person tells versions apart: the file name and the date given."""
        return f"{self.file_name} ({self.given_on.isoformat()})"


@dataclass(frozen=True)
class ReceivedFile:
    """A received form, copied into the workspace under its sha256."""

    year: int
    sha256: str
    file_name: str          # the name it came under (as the collect summary names it)
    stored_as: str          # received/<year>/<sha256>.xlsx
    size: int
    mtime: float            # the file's own time, which breaks ties between resubmissions


@dataclass(frozen=True)
class SentForm:
    """A form made for a unit and kept in forms/<year>/."""

    year: int
    unit: str
    file_name: str
    sha256: str
    stored_as: str
    sent_at: str


@dataclass(frozen=True)
class IssuedReport:
    """A report issued for a year, or for a stage (`first_year` to `year`): the letter's number
    and date and the file kept."""

    year: int
    outgoing_number: str
    outgoing_date: str
    file_name: str
    sha256: str
    stored_as: str
    issued_at: str
    first_year: int | None = None            # set for a stage summary

    @property
    def span(self) -> str:
        """Return the years the report covers, as a person writes them: "2025" or "2025-2027"."""
        return f"{self.first_year}-{self.year}" if self.first_year is not None else str(self.year)


@dataclass(frozen=True)
class YearStatus:
    """Where one year stands: forms sent and returned, units missing, problems, reports."""

    year: int
    plan: PlanVersion | None                 # the version the year was last collected against
    units_sent: tuple[str, ...]
    units_returned: tuple[str, ...]
    units_other_version: tuple[str, ...]     # returned a form of a plan version not on record
    units_missing: tuple[str, ...]
    files_received: int
    errors: int
    warnings: int
    reports: tuple[IssuedReport, ...]


@dataclass(frozen=True)
class WorkspaceStatus:
    """The whole workspace: its folder, database, plan versions (oldest first) and years."""

    folder: str
    database: str                            # the URL, without any password
    plans: tuple[PlanVersion, ...]
    years: tuple[YearStatus, ...]
    stages: tuple[IssuedReport, ...] = ()     # the stage summaries issued, oldest first


@dataclass(frozen=True)
class HistoryLine:
    """One unit's answer on one measure in one year, and the file it came from."""

    year: int
    plan: PlanVersion                        # the version the form was read against
    measure_id: str                          # the measure's id in that version
    unit: str
    role: str
    status: str | None
    done: str
    figures: str
    documents: str
    reasons: str
    file_name: str
    sha256: str
    stored_as: str
    sheet: str
    cell: str
    counts: bool                             # False: superseded by a newer form of the unit
