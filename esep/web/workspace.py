"""The page's workspace: the shared store (`store.Workspace`) and what only the page keeps.

The store keeps the plan versions, the forms sent, every received file under its sha256 with the
answers read from it, and the reports issued; `esep status` and `esep history` read the same
record. The page adds, in ``web-state.json``: the names files were dropped under (to read them
again against a new plan version), the forms' due dates, the report settings per year; and in
``web-cache/`` each year as merged last (made again from the record when missing or stale).

    ws = PageWorkspace.open("dept-workspace")
    version = ws.add_plan(data, "plan-ky.docx")
    ws.receive(2025, [("2025-КБ.xlsx", data)])        # kept, read and recorded in one go
    ws.progress(2025)                                 # the merged year, from the record

A dropped file reaches the readers under the name it came with (checked by
`security.shown_name`: no folder part), inside a private temporary folder of the workspace.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import threading
from contextlib import contextmanager
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Callable, Iterator

from ingest import read_plan
from ingest.forms import FORM_SUFFIXES, NOTED_SUFFIXES
from ingest.sniff import PLAN_SUFFIXES
from model.diff import Change, diff_plans
from model.errors import EsepError
from model.i18n import N_, _
from model.plan import Plan
from model.progress import Progress, progress_from_dict, progress_to_dict
from store import PlanVersion, Workspace
from store.collect import collect_into

STATE = "web-state.json"
CACHE = "web-cache"  # what can be made again from the record; safe to delete
INCOMING = ".incoming"
TEMPLATES = "templates"  # report and stage templates given on the page, by sha256
RECEIVED_SUFFIXES = FORM_SUFFIXES + NOTED_SUFFIXES


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder, then rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def suffix_of(name: str, allowed: tuple[str, ...], what: str) -> str:
    """Return the lower-case suffix of `name` when it is one of `allowed`; raise EsepError if not."""
    suffix = Path(name).suffix.lower()
    if suffix not in allowed:
        raise EsepError(_("not {what}: esep takes {suffixes} files here")
                        .format(what=_(what), suffixes=", ".join(allowed)), file=name)
    return suffix


class PageWorkspace:
    """The store of a workspace folder, with the page's own state beside it."""

    def __init__(self, store: Workspace):
        self.store = store
        self.folder = Path(store.folder).resolve()
        self._lock = threading.RLock()
        self._kept: dict[tuple, object] = {}  # merged years and diffs, by what they come from
        path = self.folder / STATE
        self._state = json.loads(path.read_text("utf-8")) if path.is_file() else {}
        for key in ("received", "forms", "reports"):
            self._state.setdefault(key, {} if key != "received" else [])

    @classmethod
    def open(cls, folder: str | Path, db_url: str | None = None) -> "PageWorkspace":
        """Return the workspace in `folder` (made if missing), its database at `db_url` or inside."""
        return cls(Workspace.open(folder, db_url))

    def _save(self) -> None:
        text = json.dumps(self._state, ensure_ascii=False, indent=1)
        write_atomically(self.folder / STATE, text.encode("utf-8"))

    def path(self, *parts: str) -> Path:
        """Return a path inside the workspace from parts made by esep (never a request's name)."""
        return self.folder.joinpath(*parts)

    @contextmanager
    def _incoming(self) -> Iterator[Path]:
        """Yield a private temporary folder inside the workspace, removed afterwards."""
        base = self.path(INCOMING)
        base.mkdir(exist_ok=True)
        folder = Path(tempfile.mkdtemp(dir=base))
        try:
            yield folder
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    # --- plans -----------------------------------------------------------------------------
    def add_plan(self, data: bytes, name: str,
                 progress: Callable[[int, int], None] | None = None) -> PlanVersion:
        """Read the plan in `data` (named `name` by the clerk) and keep it as the newest version.

        The same plan given again is not added twice. Raise EsepError when it is not a plan.
        `progress(pages read, pages)` is called as a PDF is read.
        """
        suffix_of(name, PLAN_SUFFIXES, N_("a plan file"))
        with self._incoming() as folder:
            path = folder / name
            path.write_bytes(data)
            plan = read_plan(path, progress)
            return self.store.add_plan(plan, path)

    def plans(self) -> tuple[PlanVersion, ...]:
        """Return the plan versions, oldest first (the current one last)."""
        return self.store.plans()

    def version(self, version_id: int) -> PlanVersion | None:
        """Return the plan version `version_id`, or None when there is none."""
        return next((v for v in self.plans() if v.id == version_id), None)

    def plan(self, version: PlanVersion) -> Plan:
        """Return the records of the plan `version`."""
        return self.store.records(version)

    def current_plan(self) -> Plan | None:
        """Return the newest plan version's records, or None before any plan is given."""
        return self.store.current_plan()

    def changes(self, old: PlanVersion, new: PlanVersion) -> tuple[Change, ...]:
        """Return what changed from plan version `old` to `new` (kept: a big plan takes a while)."""
        key = ("changes", old.id, new.id)
        with self._lock:
            if key not in self._kept:
                self._kept[key] = diff_plans(self.plan(old), self.plan(new))
            return self._kept[key]

    def plan_file(self, version: PlanVersion) -> Path:
        """Return where the plan version's file is kept."""
        return self.path(version.stored_as)

    # --- forms sent --------------------------------------------------------------------------
    def record_forms(self, plan: Plan, year: int, due: date,
                     forms: list[tuple[str, str, bytes]]) -> None:
        """Keep the forms (unit, file name, bytes) made for `year`, due back on `due`."""
        with self._incoming() as folder:
            files = []
            for unit, name, data in forms:
                (folder / name).write_bytes(data)
                files.append((unit, folder / name))
            self.store.record_forms(plan, year, files)
        with self._lock:
            self._state["forms"][str(year)] = {"due": due.isoformat(), "made_on": _now()}
            self._save()

    def forms_made(self, year: int) -> dict | None:
        """Return {"due", "made_on"} for the year's forms, or None when none were made."""
        return self._state["forms"].get(str(year))

    # --- files received ----------------------------------------------------------------------
    def receive(self, year: int, files: list[tuple[str, bytes]],
                on_file: Callable[[int, int, str], None] | None = None) -> int:
        """Keep, read and record the dropped `files` (name, bytes) for `year`; return how many were new.

        Forms made from any plan version in the workspace are carried to the current one;
        `on_file(n, total, name)` is called as each file is read.
        """
        plan = self.current_plan()
        if plan is None:
            raise EsepError(_("no plan in the workspace yet: give the plan first"))
        for name, _data in files:
            suffix_of(name, RECEIVED_SUFFIXES, N_("a form"))
        with self._lock:
            known = {(r["year"], r["sha256"]) for r in self._state["received"]}
            for name, data in files:
                sha = hashlib.sha256(data).hexdigest()
                if (year, sha) not in known:
                    known.add((year, sha))
                    self._state["received"].append({"year": year, "sha256": sha, "name": name,
                                                    "suffix": Path(name).suffix.lower(),
                                                    "received_on": _now()})
            self._save()
        with self._incoming() as folder:
            _lay_out(folder, files)
            progress, new = collect_into(self.store, plan, [folder], year, on_file=on_file)
        self._keep_year(plan, year, progress)
        return new

    def received(self, year: int) -> tuple[dict, ...]:
        """Return the files dropped for `year` (sha256, name, received_on), in the order they came."""
        return tuple(r for r in self._state["received"] if r["year"] == year)

    def years_received(self) -> tuple[int, ...]:
        """Return the years some file was dropped for."""
        return tuple(sorted({r["year"] for r in self._state["received"]}))

    def read_again(self, year: int) -> None:
        """Read the year's dropped files against the current plan version (after a new one)."""
        plan = self.current_plan()
        files = [(name, path) for path, name in self.received_files(year)]
        if plan is None or not files:
            return
        with self._incoming() as folder:
            _lay_out(folder, files)
            progress, _ = collect_into(self.store, plan, [folder], year)
        self._keep_year(plan, year, progress)

    def _stamp(self, plan: Plan, year: int) -> str:
        """Return what the year's merged progress comes from: the plan and the files read for it.

        Files collected into the workspace by `esep collect --workspace` count too.
        """
        read = sorted(self.store.read_already(plan, year))
        return hashlib.sha256(f"{plan.fingerprint()} {year} {read}".encode()).hexdigest()

    def _keep_year(self, plan: Plan, year: int, progress: Progress) -> None:
        """Keep the merged year in memory and in web-cache/ (merging a big year takes a while)."""
        stamp = self._stamp(plan, year)
        text = json.dumps({"stamp": stamp, "progress": progress_to_dict(progress)},
                          ensure_ascii=False)
        write_atomically(self.path(CACHE, f"progress-{year}.json"), text.encode("utf-8"))
        with self._lock:
            self._kept[("progress", stamp)] = progress

    def progress(self, year: int) -> Progress | None:
        """Return the year's progress on the current plan, from the record, or None."""
        plan = self.current_plan()
        if plan is None:
            return None
        stamp = self._stamp(plan, year)
        with self._lock:
            if ("progress", stamp) in self._kept:
                return self._kept[("progress", stamp)]
        cached = self.path(CACHE, f"progress-{year}.json")
        progress = None
        if cached.is_file():
            data = json.loads(cached.read_text("utf-8"))
            if data.get("stamp") == stamp:
                progress = progress_from_dict(data["progress"])
        if progress is None:
            progress = self.store.progress(year, plan)
            if progress is not None:
                self._keep_year(plan, year, progress)
        with self._lock:
            self._kept[("progress", stamp)] = progress
        return progress

    # --- report settings and made reports ------------------------------------------------------
    def report_settings(self, year: int) -> dict[str, str]:
        """Return the report settings saved for `year` (field → text)."""
        return dict(self._state["reports"].get(str(year), {}).get("settings", {}))

    def save_report_settings(self, year: int, settings: dict[str, str]) -> None:
        """Save the report settings for `year`."""
        with self._lock:
            self._state["reports"].setdefault(str(year), {})["settings"] = dict(settings)
            self._save()

    def report_path(self, year: int, name: str) -> Path:
        """Return where the page keeps a made file of `year`'s report (`name` is esep's own)."""
        return self.path("reports", str(year), "page", name)

    def record_report(self, plan: Plan, year: int, docx: bytes, outgoing_number: str,
                      outgoing_date: str) -> None:
        """Keep the official report made for `year` on the record of reports issued."""
        with self._incoming() as folder:
            path = folder / f"report-{year}.docx"
            path.write_bytes(docx)
            self.store.record_report(plan, year, path, outgoing_number, outgoing_date)

    def stage_path(self, span: range, name: str) -> Path:
        """Return where the page keeps a made file of the stage summary of `span`."""
        return self.path("reports", f"stage-{span[0]}-{span[-1]}", "page", name)

    def record_stage(self, plan: Plan, span: range, docx: bytes, settings,
                     notes: tuple[str, ...]) -> None:
        """Keep the stage summary made on the record of reports issued (once for the same
        document), and what was said of carrying its years."""
        issued = [r for r in self.store.stage_reports() if (r.first_year, r.year) ==
                  (span[0], span[-1])]
        if not issued or issued[-1].sha256 != hashlib.sha256(docx).hexdigest():
            with self._incoming() as folder:
                path = folder / f"stage-{span[0]}-{span[-1]}.docx"
                path.write_bytes(docx)
                self.store.record_report(plan, span[-1], path, settings.outgoing_number,
                                         settings.outgoing_date, first_year=span[0])
        with self._lock:  # beside the template chosen for it, if any
            self._template_slot(span).update(notes=list(notes), made_on=_now())
            self._save()

    def stage_notes(self, span: range) -> tuple[str, ...]:
        """Return the notes of the stage summary of `span` made last (answers that could not move)."""
        made = self._state.get("stages", {}).get(f"{span[0]}-{span[-1]}", {})
        return tuple(made.get("notes", ()))

    def feedback_path(self, year: int) -> Path:
        """Return where the page keeps the year's feedback to the units (one .zip)."""
        return self.path("forms", str(year), f"feedback-{year}.zip")

    def record_feedback(self, year: int, due: date, data: bytes, files: int) -> None:
        """Keep the year's feedback to the units (`data`, one .zip), made from the first `files`
        files dropped for `year` and asking for the forms by `due`."""
        write_atomically(self.feedback_path(year), data)
        with self._lock:  # a file dropped after those makes these letters stale
            self._state.setdefault("feedback", {})[str(year)] = {
                "due": due.isoformat(), "made_on": _now(), "files": files}
            self._save()

    def feedback_made(self, year: int) -> dict | None:
        """Return {"due", "made_on", "stale"} of the year's feedback, or None when none is kept;
        `stale` when a form was dropped after it was made (its letters may ask for it again)."""
        made = self._state.get("feedback", {}).get(str(year))
        if made is None or not self.feedback_path(year).is_file():
            return None
        return {**made, "stale": len(self.received(year)) > made["files"]}

    def received_files(self, year: int) -> list[tuple[Path, str]]:
        """Return the files dropped for `year` as kept: (path, the name they came under)."""
        kept = ((self.path("received", str(year), r["sha256"] + r["suffix"]), r["name"])
                for r in self.received(year))
        return [(path, name) for path, name in kept if path.is_file()]

    # --- the templates given on the page ----------------------------------------------------
    # A template is for a year's report (`of` a year) or for a stage summary (`of` its span).
    @staticmethod
    def _slot_key(of: int | range) -> tuple[str, str]:
        return ("stages", f"{of[0]}-{of[-1]}") if isinstance(of, range) else ("reports", str(of))

    def _template_slot(self, of: int | range) -> dict:
        """Return the state's entry the template for `of` is noted in (made if missing)."""
        part, key = self._slot_key(of)
        return self._state.setdefault(part, {}).setdefault(key, {})

    def add_template(self, of: int | range, name: str, data: bytes,
                     check: Callable[[Path], list[str]]) -> None:
        """Check the template `data` (named `name` by the clerk) and use it for `of`: a year's
        report (a year) or the stage summary (a span of years).

        `check(path)` fills it as the report or summary would, raising EsepError when it cannot
        be used and returning the warnings to show; only a template that passes is kept, under
        its sha256 in templates/.
        """
        what = N_("a stage summary template") if isinstance(of, range) else \
            N_("a report template")
        suffix_of(name, (".docx",), what)
        with self._incoming() as folder:
            path = folder / name
            path.write_bytes(data)
            notes = check(path)
        kept = self.path(TEMPLATES, hashlib.sha256(data).hexdigest() + ".docx")
        if not kept.is_file():
            write_atomically(kept, data)
        with self._lock:
            self._template_slot(of)["template"] = {
                "name": name, "file": kept.relative_to(self.folder).as_posix(), "notes": notes,
                "given_on": _now()}
            self._save()

    def template(self, of: int | range) -> dict | None:
        """Return {"name", "file", "notes", "given_on"} of the template chosen for `of` (a year's
        report or a span's stage summary), or None for the built-in one."""
        part, key = self._slot_key(of)
        return self._state.get(part, {}).get(key, {}).get("template")

    def template_path(self, of: int | range) -> Path | None:
        """Return the kept file of the template chosen for `of`, or None for the built-in one."""
        chosen = self.template(of)
        return self.path(*chosen["file"].split("/")) if chosen else None

    def drop_template(self, of: int | range) -> None:
        """Go back to the built-in template for `of` (the file given stays in templates/)."""
        with self._lock:
            self._template_slot(of).pop("template", None)
            self._save()

def _lay_out(folder: Path, files: list[tuple[str, bytes | Path]]) -> None:
    """Put `files` (name, bytes or a kept file) in `folder` under their names; a repeated name in
    a folder of its own, so each keeps the name the clerk knows it by."""
    taken: set[str] = set()
    for n, (name, content) in enumerate(files):
        target = folder / name if name not in taken else folder / f"{n}" / name
        taken.add(name)
        target.parent.mkdir(exist_ok=True)
        if isinstance(content, Path):
            # the kept file is read-only: copy its bytes and its time (which breaks ties between
            # resubmissions), not its mode, so the temporary folder can be removed on Windows too
            shutil.copyfile(content, target)
            stamp = content.stat().st_mtime
            os.utime(target, (stamp, stamp))
        else:
            target.write_bytes(content)
