"""The workspace: one folder the department keeps, with every plan version, form and report.

The folder a person sees::

    esep.sqlite                       the database (unless --db names a PostgreSQL server)
    plans/<given on> <file>           each plan version's file, as given
    forms/<year>/<file>.xlsx          the forms made for the units
    received/<year>/<sha256>.xlsx     every file received, under its content's sha256
    reports/<year>/<file>.docx        each report issued
    reports/stage-<first>-<last>/     each stage summary issued

Nothing in it is ever written over or deleted: a file of the same name with other content is
kept beside the first. Backing it up is copying the folder.

The API (all SQL of esep is in `store/`; records in and out are `model/` records)::

    ws = Workspace.open("ministry-esep")            # or Workspace.open(dir, "postgresql://…")
    version = ws.add_plan(plan, "plan.docx", given_on=date(2025, 1, 15))
    ws.plans(); ws.current_plan(); ws.records(version)
    ws.record_forms(plan, 2025, [("КБ", Path("out/2025-КБ.xlsx"))])
    received = ws.receive("inbox/2025-КБ.xlsx", 2025)       # copies it in, returns ReceivedFile
    ws.record_answers(plan, 2025, [(received, checked_form)])  # one transaction
    ws.progress(2025)                                # -> Progress | None, merged from the record
    ws.record_report(plan, 2025, "report.docx", outgoing_number="01-12/345")
    ws.record_report(plan, 2027, "stage.docx", first_year=2025)   # the stage 2025-2027
    ws.status(); ws.history("6.2.1")

`store.collect.collect_into(ws, plan, inputs, year) -> (Progress, new files)` is the whole of
`esep collect` on it.
Every write is one transaction: a run killed halfway leaves the record as it was.
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import replace
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Iterable

from sqlalchemy import Connection, Engine, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import OperationalError

from model.answers import CheckedForm, FormFile, cell_text, merge
from model.carry import carry_progress
from model.errors import EsepError, os_reason
from model.matching import match_plans
from model.plan import Plan, plan_from_json, plan_to_json
from model.progress import Entry, Problem, Progress
from model.i18n import _

from .db import StoreError, _reason, _safe, engine_for, guarded, upgrade
from .files import keep, sha256_of
from .records import (HistoryLine, IssuedReport, PlanVersion, ReceivedFile, SentForm,
                      WorkspaceStatus, YearStatus)
from .schema import (answers, collects, forms_sent, plans, problems, readings, received,
                     reports)

DB_FILE = "esep.sqlite"
FOLDERS = ("plans", "forms", "received", "reports")


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@guarded
class Workspace:
    """An open workspace: its folder and its database (see the module docstring)."""

    def __init__(self, folder: Path, engine: Engine, url: str):
        self.folder = folder
        self.engine = engine
        self.url = url
        self._records: dict[int, Plan] = {}

    @classmethod
    def open(cls, folder: str | Path, db_url: str | None = None) -> "Workspace":
        """Return the workspace in `folder`, made (and its database migrated) as needed.

        `db_url` names a PostgreSQL database (``postgresql://user@host/db``) for a shared
        server; without it the database is ``esep.sqlite`` in the folder.
        """
        folder = Path(folder)
        if folder.exists() and not folder.is_dir():
            raise StoreError(_("this is a file, not a workspace folder; give a folder"),
                             file=str(folder))
        try:
            for name in FOLDERS:
                (folder / name).mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(_("cannot make the workspace here ({reason})")
                             .format(reason=os_reason(exc)), file=str(folder)) from None
        url = db_url or f"sqlite:///{(folder / DB_FILE).resolve()}"
        engine = engine_for(url)
        upgrade(engine)
        return cls(folder, engine, url)

    def close(self) -> None:
        """Close the database connections."""
        self.engine.dispose()

    def __enter__(self) -> "Workspace":
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    def _write(self):
        """Return a transaction that writes (SQLite: takes the write lock as it begins)."""
        return self.engine.begin()

    def _read(self):
        return self.engine.connect().execution_options(esep_read_only=True)

    # --- plans -------------------------------------------------------------------------

    def add_plan(self, plan: Plan, file: str | Path, given_on: date | None = None) -> PlanVersion:
        """Return the plan's version on record, adding it (and a copy of `file`) when new.

        `given_on` is the date the version was given (default today); the version given last
        is the current one. A version already on record keeps its date.
        """
        known = self.version_of(plan)
        if known is not None:
            return known
        file = Path(file)
        sha, _size = sha256_of(file)
        given_on = given_on or date.today()
        kept = keep(file, self.folder / "plans", f"{given_on.isoformat()} {file.name}", sha)
        row = {"fingerprint": plan.fingerprint(), "file_name": file.name, "file_sha256": sha,
               "stored_as": self._relative(kept), "format": file.suffix.lstrip(".").lower()[:8],
               "title": plan.title,
               "language": plan.language, "given_on": given_on.isoformat(), "added_at": _now(),
               "records": plan_to_json(plan)}
        with self._write() as conn:
            conn.execute(_insert_new(conn, plans, ["fingerprint"]).values(**row))
        return self.version_of(plan)

    def plans(self) -> tuple[PlanVersion, ...]:
        """Return the plan versions on record, in the order given (the current one last)."""
        with self._read() as conn:
            rows = conn.execute(select(*_VERSION_COLUMNS)
                                .order_by(plans.c.given_on, plans.c.id)).all()
        return tuple(_version(r) for r in rows)

    def version_of(self, plan: Plan) -> PlanVersion | None:
        """Return the version on record with `plan`'s fingerprint, or None."""
        with self._read() as conn:
            row = conn.execute(select(*_VERSION_COLUMNS)
                               .where(plans.c.fingerprint == plan.fingerprint())).first()
        return _version(row) if row else None

    def records(self, version: PlanVersion) -> Plan:
        """Return the plan records of `version`."""
        if version.id not in self._records:
            with self._read() as conn:
                text = conn.execute(select(plans.c.records)
                                    .where(plans.c.id == version.id)).scalar_one()
            self._records[version.id] = plan_from_json(text)
        return self._records[version.id]

    def current_plan(self) -> Plan | None:
        """Return the plan version given last, or None when the workspace holds none."""
        versions = self.plans()
        return self.records(versions[-1]) if versions else None

    def _version_id(self, plan: Plan) -> int:
        version = self.version_of(plan)
        if version is None:
            raise StoreError(_("this plan version is not in the workspace; add it first "
                               "(esep ingest PLAN --workspace DIR)"), file=plan.title[:60])
        return version.id

    # --- forms sent --------------------------------------------------------------------

    def record_forms(self, plan: Plan, year: int,
                     files: Iterable[tuple[str, str | Path]]) -> tuple[SentForm, ...]:
        """Return the forms on record for (unit, file) in `files`, kept in forms/<year>/."""
        plan_id = self._version_id(plan)
        rows = []
        for unit, path in files:
            path = Path(path)
            sha, _size = sha256_of(path)
            kept = keep(path, self.folder / "forms" / str(year), path.name, sha)
            rows.append({"plan_id": plan_id, "year": year, "unit": unit, "file_name": path.name,
                         "sha256": sha, "stored_as": self._relative(kept), "sent_at": _now()})
        with self._write() as conn:
            for row in rows:
                conn.execute(_insert_new(conn, forms_sent, ["year", "unit", "sha256"])
                             .values(**row))
        return tuple(SentForm(r["year"], r["unit"], r["file_name"], r["sha256"],
                              r["stored_as"], r["sent_at"]) for r in rows)

    def forms_sent(self, year: int) -> tuple[SentForm, ...]:
        """Return the forms made for `year`, oldest first."""
        with self._read() as conn:
            rows = conn.execute(select(forms_sent).where(forms_sent.c.year == year)
                                .order_by(forms_sent.c.id)).all()
        return tuple(SentForm(r.year, r.unit, r.file_name, r.sha256, r.stored_as, r.sent_at)
                     for r in rows)

    # --- files received and their answers ----------------------------------------------

    def receive(self, path: str | Path, year: int, name: str | None = None) -> ReceivedFile:
        """Return the file at `path` as received for `year`, copied to received/<year>/<sha256>.

        The copy is made once; the record of it is written with its answers (`record_answers`).
        """
        path = Path(path)
        sha, size = sha256_of(path)
        kept = keep(path, self.folder / "received" / str(year), sha + path.suffix.lower(), sha)
        return ReceivedFile(year, sha, name or path.name, self._relative(kept), size,
                            path.stat().st_mtime)

    def read_already(self, plan: Plan, year: int) -> set[str]:
        """Return the sha256 of every file already read against `plan` for `year`."""
        version = self.version_of(plan)
        if version is None:
            return set()
        with self._read() as conn:
            return set(conn.execute(
                select(received.c.sha256).join(readings, readings.c.received_id == received.c.id)
                .where(readings.c.plan_id == version.id, readings.c.year == year)).scalars())

    def record_answers(self, plan: Plan, year: int,
                       forms: Iterable[tuple[ReceivedFile, CheckedForm]]) -> int:
        """Record each received file and its answers in one transaction; return how many were new.

        A file already read against `plan` for `year` is passed over, so recording the same
        inbox twice changes nothing.
        """
        plan_id = self._version_id(plan)
        try:
            with self._write() as conn:
                new = files = 0
                for got, checked in forms:
                    new += _record_form(conn, plan_id, year, got, checked)
                    files += 1
                last = conn.execute(select(collects.c.plan_id).where(collects.c.year == year)
                                    .order_by(collects.c.id.desc()).limit(1)).scalar()
                if new or last != plan_id:
                    conn.execute(collects.insert().values(year=year, plan_id=plan_id,
                                                          files=files, new_files=new,
                                                          at=_now()))
        except OperationalError as exc:
            raise StoreError(_("the workspace's database could not be written ({reason}); "
                               "nothing of this run was recorded: run it again")
                             .format(reason=_reason(exc))) from None
        return new

    def progress(self, year: int, plan: Plan | None = None) -> Progress | None:
        """Return the year's progress merged from the record, or None when nothing was collected.

        It is read against `plan`, or else against the version the year was last collected with.
        """
        with self._read() as conn:
            if plan is None:
                plan_id = conn.execute(select(collects.c.plan_id).where(collects.c.year == year)
                                       .order_by(collects.c.id.desc()).limit(1)).scalar()
                if plan_id is None:
                    return None
            else:
                version = self.version_of(plan)
                if version is None or conn.execute(select(collects.c.id).where(
                        collects.c.year == year, collects.c.plan_id == version.id)).first() is None:
                    return None
                plan_id = version.id
            checked = _checked_forms(conn, self._plan_of(plan, plan_id), plan_id, year)
        return merge(self._plan_of(plan, plan_id), year, checked)

    def carried_progress(self, year: int, plan: Plan) -> tuple[Progress | None, tuple[str, ...]]:
        """Return the year's progress on record carried to `plan` (None if none was collected),
        and a note for each answer that could not move.

        A year collected against an older plan version is carried with that version's records,
        as the workspace holds them.
        """
        progress = self.progress(year)
        if progress is None or progress.plan_fingerprint == plan.fingerprint():
            return progress, ()
        old = next((self.records(v) for v in self.plans()
                    if v.fingerprint == progress.plan_fingerprint), None)
        if old is None:  # the workspace records every version it collected with
            raise EsepError(_("the workspace holds no plan version the progress of {year} was "
                              "collected against: collect that year again").format(year=year))
        progress, notes = carry_progress(progress, old, plan)
        return progress, tuple(f"{year}: {note}" for note in notes)

    def stage_progress(self, plan: Plan, span: range) -> tuple[list[Progress], tuple[str, ...]]:
        """Return each year of `span` as on record, carried to `plan`, and the notes of carrying.

        Raise EsepError naming the years nothing was collected for.
        """
        years, notes = [], []
        for year in span:
            progress, carried = self.carried_progress(year, plan)
            years.append(progress)
            notes.extend(carried)
        missing = [str(y) for y, p in zip(span, years) if p is None]
        if missing:
            raise EsepError(_("nothing is collected for {years} in the workspace: collect the "
                              "forms of every year of the stage {first}-{last}, or give "
                              "--progress once for each year")
                            .format(years=", ".join(missing), first=span[0], last=span[-1]))
        return years, tuple(notes)

    def collected_years(self) -> tuple[int, ...]:
        """Return the years some forms were collected for (cheap: no merging)."""
        with self._read() as conn:
            return tuple(sorted(conn.execute(select(collects.c.year).distinct()).scalars()))

    def _plan_of(self, plan: Plan | None, plan_id: int) -> Plan:
        return plan or self.records(next(v for v in self.plans() if v.id == plan_id))

    # --- reports -----------------------------------------------------------------------

    def record_report(self, plan: Plan, year: int, file: str | Path, outgoing_number: str = "",
                      outgoing_date: str = "", first_year: int | None = None) -> IssuedReport:
        """Return the report on record with the letter's number and date: a year's in
        reports/<year>/, or, with `first_year`, the summary of the stage `first_year`-`year` in
        reports/stage-<first_year>-<year>/."""
        plan_id = self._version_id(plan)
        file = Path(file)
        sha, _size = sha256_of(file)
        folder = str(year) if first_year is None else f"stage-{first_year}-{year}"
        kept = keep(file, self.folder / "reports" / folder, file.name, sha)
        row = {"year": year, "first_year": first_year, "plan_id": plan_id,
               "outgoing_number": outgoing_number or "", "outgoing_date": outgoing_date or "",
               "file_name": file.name, "sha256": sha, "stored_as": self._relative(kept),
               "issued_at": _now()}
        with self._write() as conn:
            conn.execute(reports.insert().values(**row))
        return _report(row)

    def reports(self, year: int) -> tuple[IssuedReport, ...]:
        """Return the reports issued for `year` (not the stage summaries), oldest first."""
        with self._read() as conn:
            rows = conn.execute(select(reports).where(reports.c.year == year,
                                                      reports.c.first_year.is_(None))
                                .order_by(reports.c.id)).mappings().all()
        return tuple(_report(r) for r in rows)

    def stage_reports(self) -> tuple[IssuedReport, ...]:
        """Return the stage summaries issued, oldest first."""
        with self._read() as conn:
            rows = conn.execute(select(reports).where(reports.c.first_year.is_not(None))
                                .order_by(reports.c.id)).mappings().all()
        return tuple(_report(r) for r in rows)

    # --- views -------------------------------------------------------------------------

    def years(self) -> tuple[int, ...]:
        """Return every year anything was recorded for."""
        with self._read() as conn:
            found = set()
            for table in (forms_sent, received, collects):
                found.update(conn.execute(select(table.c.year).distinct()).scalars())
            found.update(conn.execute(select(reports.c.year).distinct()
                                      .where(reports.c.first_year.is_(None))).scalars())
        return tuple(sorted(found))

    def status(self) -> WorkspaceStatus:
        """Return where the workspace stands: plan versions; per year forms, returns, problems."""
        versions = self.plans()
        by_id = {v.id: v for v in versions}
        years = []
        for year in self.years():
            progress = self.progress(year)
            with self._read() as conn:
                files = conn.execute(select(func.count()).select_from(received)
                                     .where(received.c.year == year)).scalar_one()
                plan_id = conn.execute(select(collects.c.plan_id).where(collects.c.year == year)
                                       .order_by(collects.c.id.desc()).limit(1)).scalar()
            sent = tuple(dict.fromkeys(f.unit for f in self.forms_sent(year)))
            units = progress.units if progress else ()
            years.append(YearStatus(
                year=year, plan=by_id.get(plan_id), units_sent=sent,
                units_returned=tuple(u.unit for u in units if u.returned),
                units_other_version=tuple(u.unit for u in units if u.other_version),
                units_missing=tuple(u.unit for u in units
                                    if not u.returned and not u.other_version),
                files_received=files,
                errors=len(progress.errors) if progress else 0,
                warnings=len(progress.warnings) if progress else 0,
                reports=self.reports(year)))
        return WorkspaceStatus(str(self.folder), _safe(self.url), versions, tuple(years),
                               self.stage_reports())

    def history(self, measure_id: str) -> tuple[HistoryLine, ...]:
        """Return every answer on record for `measure_id`, by year, across plan versions.

        The id is the measure's in the newest version that has it; in the other versions the
        measure is found as `esep diff` finds it (model.matching), by text and place.
        """
        versions = self.plans()
        anchor = next((v for v in reversed(versions) if self.records(v).measure(measure_id)),
                      None)
        if anchor is None:
            raise EsepError(_("there is no measure {measure} in any plan version of the "
                              "workspace").format(measure=measure_id))
        ids = {anchor.id: measure_id}
        for v in versions:
            if v.id != anchor.id:
                found = self._same_measure(anchor, v, measure_id)
                if found:
                    ids[v.id] = found
        lines = []
        for year in self.years():
            lines.extend(self._history_of_year(year, versions, ids))
        return tuple(lines)

    def _same_measure(self, anchor: PlanVersion, other: PlanVersion, measure_id: str) -> str | None:
        if (other.given_on, other.id) < (anchor.given_on, anchor.id):
            pairs = match_plans(self.records(other), self.records(anchor)).pairs()
            return next((old for old, new in pairs.items() if new == measure_id), None)
        return match_plans(self.records(anchor), self.records(other)).pairs().get(measure_id)

    def _history_of_year(self, year: int, versions: tuple[PlanVersion, ...],
                         ids: dict[int, str]) -> list[HistoryLine]:
        progress = self.progress(year)
        counting = {(u.unit, u.file) for u in progress.units if u.returned} if progress else set()
        by_id = {v.id: v for v in versions}
        with self._read() as conn:
            year_plan = conn.execute(select(collects.c.plan_id).where(collects.c.year == year)
                                     .order_by(collects.c.id.desc()).limit(1)).scalar()
            rows = []
            for plan_id, mid in ids.items():
                rows.extend(conn.execute(
                    select(answers, readings.c.plan_id, readings.c.name, readings.c.sheet,
                           received.c.sha256, received.c.stored_as, received.c.id.label("got"))
                    .join(readings, answers.c.reading_id == readings.c.id)
                    .join(received, readings.c.received_id == received.c.id)
                    .where(readings.c.year == year, readings.c.plan_id == plan_id,
                           answers.c.measure_id == mid)
                    .order_by(readings.c.id, answers.c.id)).all())
        # a file read against several versions is told once: as read against the year's version
        best: dict[tuple, object] = {}
        for r in rows:
            key = (r.got, r.unit)
            if key not in best or r.plan_id == year_plan:
                best[key] = r
        return [HistoryLine(year, by_id[r.plan_id], r.measure_id, r.unit, r.role, r.status,
                            r.done, r.figures, r.documents, r.reasons, r.name, r.sha256,
                            r.stored_as, r.sheet, r.cell,
                            r.plan_id == year_plan and (r.unit, r.name) in counting)
                for r in best.values()]

    def _relative(self, path: Path) -> str:
        return Path(os.path.relpath(path, self.folder)).as_posix()


# --- rows to and from records --------------------------------------------------------------

_VERSION_COLUMNS = (plans.c.id, plans.c.fingerprint, plans.c.file_name, plans.c.file_sha256,
                    plans.c.stored_as, plans.c.title, plans.c.given_on, plans.c.added_at)


def _version(row) -> PlanVersion:
    return PlanVersion(row.id, row.fingerprint, row.file_name, row.file_sha256, row.stored_as,
                       row.title, date.fromisoformat(row.given_on), row.added_at)


def _report(row) -> IssuedReport:
    return IssuedReport(row["year"], row["outgoing_number"], row["outgoing_date"],
                        row["file_name"], row["sha256"], row["stored_as"], row["issued_at"],
                        row["first_year"])


def _insert_new(conn: Connection, table, keys: list[str]):
    """Return an INSERT that does nothing where a row with the same `keys` is already there."""
    insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    return insert(table).on_conflict_do_nothing(index_elements=keys)


def _record_form(conn: Connection, plan_id: int, year: int, got: ReceivedFile,
                 checked: CheckedForm) -> bool:
    """Write one received file's reading; return False when it was on record already."""
    conn.execute(_insert_new(conn, received, ["year", "sha256"]).values(
        year=year, sha256=got.sha256, file_name=got.file_name, stored_as=got.stored_as,
        size=got.size, mtime=got.mtime, received_at=_now()))
    received_id = conn.execute(select(received.c.id).where(
        received.c.year == year, received.c.sha256 == got.sha256)).scalar_one()
    form = checked.form
    filled = form.filled_on
    reading_id = conn.execute(
        _insert_new(conn, readings, ["received_id", "plan_id", "year"]).values(
            received_id=received_id, plan_id=plan_id, year=year, name=form.file,
            unit=checked.unit, usable=checked.usable, sheet=form.sheet,
            form_plan=form.identity.plan if form.identity else None,
            filled_on=filled.isoformat() if filled else None,
            filled_by=cell_text(form.header.get("filled_by")), read_at=_now())
        .returning(readings.c.id)).scalar()
    if reading_id is None:
        return False
    if checked.entries:
        conn.execute(answers.insert(), [
            {"reading_id": reading_id, "measure_id": e.measure_id, "unit": e.unit,
             "role": e.role, "status": e.status, "done": e.done, "figures": e.figures,
             "documents": e.documents, "reasons": e.reasons, "row": e.row,
             "cell": form.cell("status", e.row)} for e in checked.entries])
    if checked.problems:
        conn.execute(problems.insert(), [
            {"reading_id": reading_id, "type": p.type, "severity": p.severity,
             "message": p.message, "file": p.file, "sheet": p.sheet, "cell": p.cell,
             "measure": p.measure} for p in checked.problems])
    return True


def _checked_forms(conn: Connection, plan: Plan, plan_id: int, year: int) -> list[CheckedForm]:
    """Return the forms read against `plan_id` for `year`, as checked, in the order read.

    Only the forms that count (and the unusable ones, whose problems stand) carry their answers
    and problems: `merge` is asked first which they are, so a year of many resubmissions is not
    loaded whole.
    """
    heads = []
    for r in conn.execute(select(readings, received.c.mtime, received.c.stored_as)
                          .join(received, readings.c.received_id == received.c.id)
                          .where(readings.c.plan_id == plan_id, readings.c.year == year)
                          .order_by(readings.c.id)):
        form = FormFile(r.name, Path(r.stored_as), r.mtime, ok=r.usable, sheet=r.sheet,
                        header={"filled_on": r.filled_on, "filled_by": r.filled_by})
        heads.append((r.id, CheckedForm(form, r.unit, r.usable)))
    counting = {(u.unit, u.file) for u in merge(plan, year, [c for _, c in heads]).units
                if u.returned}
    wanted = [i for i, c in heads if not c.usable or (c.unit, c.form.file) in counting]
    entries: dict[int, list[Entry]] = defaultdict(list)
    found: dict[int, list[Problem]] = defaultdict(list)
    for chunk in range(0, len(wanted), 500):
        ids = wanted[chunk:chunk + 500]
        for r in conn.execute(select(answers).where(answers.c.reading_id.in_(ids))
                              .order_by(answers.c.id)):
            entries[r.reading_id].append(Entry(r.measure_id, r.unit, r.role, r.status, r.done,
                                               r.figures, r.documents, r.reasons, "", r.row))
        for r in conn.execute(select(problems).where(problems.c.reading_id.in_(ids))
                              .order_by(problems.c.id)):
            found[r.reading_id].append(Problem(r.type, r.message, r.file, r.sheet, r.cell,
                                               r.measure, r.severity))
    return [replace(c, entries=tuple(_named(e, c.form.file) for e in entries[i]),
                    problems=tuple(found[i])) for i, c in heads]


def _named(entry: Entry, name: str) -> Entry:
    return Entry(entry.measure_id, entry.unit, entry.role, entry.status, entry.done,
                 entry.figures, entry.documents, entry.reasons, name, entry.row)
